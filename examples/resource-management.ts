// Resource management: an async context manager (Python's `async with`) is an object with
// [Symbol.asyncDispose] in TS/JS. TypeScript 5.2+ writes `await using conn = await open()`;
// Node 20's V8 cannot parse `await using` itself, so this example uses the equivalent
// try/finally, which runs everywhere (tsc downlevels `await using` to the same shape).
// It also reads a file with fs/promises: the coroutine suspends on I/O, the loop stays free.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

class Connection implements AsyncDisposable {
  constructor(readonly name: string) {}

  static async open(name: string): Promise<Connection> {
    await sleep(50); // Connecting takes a while.
    console.log(`open ${name}`);
    return new Connection(name);
  }

  async query(text: string): Promise<string> {
    await sleep(50);
    if (text === 'bad') throw new Error('syntax error');
    return `${this.name}: ${text}`;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await sleep(20); // Closing is asynchronous too: it gets its own lane.
    console.log(`closed ${this.name}`);
  }
}

async function useConnection(query: string): Promise<void> {
  // With TS 5.2+ and a downleveling compiler: `await using conn = await Connection.open('db');`
  const conn = await Connection.open('db');
  try {
    console.log(await conn.query(query));
  } catch (e) {
    console.log(`query failed: ${(e as Error).message}`);
  } finally {
    await conn[Symbol.asyncDispose](); // Runs whether the body returned or threw.
  }
}

async function readMessage(): Promise<string> {
  // Python would use aiofiles or asyncio.to_thread; Node's fs/promises is asynchronous already.
  const text = await readFile(new URL('./data/message.txt', import.meta.url), 'utf8');
  return text.trim();
}

await useConnection('select 1');
await useConnection('bad');
console.log(await readMessage());
