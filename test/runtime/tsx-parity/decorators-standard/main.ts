// TC39 (standard) decorators: class, method, accessor and field decorators, with context.metadata.
function retry(times: number) {
  return function <This, Args extends unknown[], R>(method: (this: This, ...args: Args) => Promise<R>, context: ClassMethodDecoratorContext<This>) {
    (context.metadata as Record<string, unknown>)[String(context.name)] = `retry ${times}`;
    return async function (this: This, ...args: Args): Promise<R> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await method.apply(this, args);
        } catch (error) {
          console.log(`attempt ${attempt} failed: ${(error as Error).message}`);
          if (attempt >= times) throw error;
        }
      }
    };
  };
}

function tracked<This, V>(target: ClassAccessorDecoratorTarget<This, V>, context: ClassAccessorDecoratorContext<This, V>) {
  return {
    set(this: This, value: V) {
      console.log(`set ${String(context.name)} = ${String(value)}`);
      target.set.call(this, value);
    },
    get(this: This) {
      return target.get.call(this);
    },
  };
}

function named(_value: unknown, context: ClassDecoratorContext) {
  context.addInitializer(function () {
    console.log(`defined ${context.name}`);
  });
}

@named
class Fetcher {
  @tracked accessor calls = 0;

  @retry(3)
  async fetch(): Promise<string> {
    this.calls++;
    await new Promise((r) => setTimeout(r, 1));
    if (this.calls < 3) throw new Error(`flaky ${this.calls}`);
    return 'ok';
  }
}

const fetcher = new Fetcher();
console.log(await fetcher.fetch(), fetcher.calls);
const metadata = (Fetcher as unknown as Record<symbol, unknown>)[(Symbol as unknown as { metadata?: symbol }).metadata ?? Symbol.for('Symbol.metadata')];
console.log(JSON.stringify(metadata));
