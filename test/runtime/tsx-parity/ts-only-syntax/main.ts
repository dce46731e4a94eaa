// TypeScript that needs code generation: enums, const enums, namespaces, parameter properties,
// overloads, abstract classes, `satisfies`, definite assignment, `declare` fields, generics on calls.
enum Level { Low = 1, High = Low * 10 }
const enum Flag { A = 'a', B = 'b' }
namespace Geometry {
  export const unit = 2;
  export namespace Shapes {
    export function area(side: number): number { return side * side * unit; }
  }
}
namespace Geometry { export const extra = Shapes.area(3); }

abstract class Task<T> {
  declare readonly tag: string;
  done!: boolean;
  constructor(protected readonly label: string, public priority: Level = Level.Low) {}
  abstract run(): Promise<T>;
}

class Sleep extends Task<string> {
  override async run(): Promise<string> {
    await new Promise<void>((r) => setTimeout(r, 1));
    return `${this.label}:${this.priority}`;
  }
}

function pick(value: string): string;
function pick(value: number): number;
function pick(value: string | number): string | number { return value; }

const config = { retries: 3 } satisfies Record<string, number>;
const results = await Promise.all([new Sleep('a', Level.High), new Sleep('b')].map((t) => t.run()));
console.log(results, Flag.A + Flag.B, Geometry.extra, pick<string>('x' as any), config.retries, Object.keys(new Sleep('c')));
