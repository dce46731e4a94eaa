// A small dependency-injection container driven by legacy (experimentalDecorators) decorators.
type Constructor<T = unknown> = new (...args: any[]) => T;
const registry = new Map<string, Constructor>();
const injections = new Map<Constructor, string[]>();

export function Injectable(token: string): ClassDecorator {
  return (target) => {
    registry.set(token, target as unknown as Constructor);
  };
}

export function Inject(token: string): ParameterDecorator {
  return (target, _key, index) => {
    const list = injections.get(target as Constructor) ?? [];
    list[index] = token;
    injections.set(target as Constructor, list);
  };
}

export function Logged(label: string): MethodDecorator {
  return (_target, key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = async function (this: unknown, ...args: unknown[]) {
      console.log(`${label} > ${String(key)}(${args.join(', ')})`);
      const value = await original.apply(this, args);
      console.log(`${label} < ${String(key)} = ${JSON.stringify(value)}`);
      return value;
    };
  };
}

export function resolve<T>(token: string): T {
  const target = registry.get(token);
  if (!target) throw new Error(`nothing registered for ${token}`);
  const deps = (injections.get(target) ?? []).map((dep) => resolve(dep));
  return new target(...deps) as T;
}
