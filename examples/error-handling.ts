// Error handling around an await, and for many coroutines at once:
//  - try/catch around one await (the seed's risky_operation);
//  - Promise.allSettled, like asyncio.gather(..., return_exceptions=True): every task runs to
//    its end, failures come back as results;
//  - Promise.all fails fast, like gather without return_exceptions or a TaskGroup: the first
//    failure rejects at once; an AbortController then cancels the siblings still running.
import { setTimeout as sleep } from 'node:timers/promises';

const UNIT_MS = 100;

async function someAsyncCall(): Promise<string> {
  await sleep(UNIT_MS);
  throw new Error('connection reset');
}

async function riskyOperation(): Promise<void> {
  try {
    await someAsyncCall(); // The rejection is thrown right here, at the await.
  } catch (e) {
    console.log(`Operation failed: ${(e as Error).message}`);
  }
}

async function job(name: string, units: number, fail = false, signal?: AbortSignal): Promise<string> {
  await sleep(units * UNIT_MS, undefined, { signal }); // An aborted signal rejects this sleep.
  if (fail) throw new Error(`${name} failed`);
  return `${name} ok`;
}

async function batchOperations(): Promise<void> {
  const results = await Promise.allSettled([job('task1', 1), job('task2', 2, true), job('task3', 3)]);
  for (const r of results) console.log(r.status === 'fulfilled' ? r.value : `error: ${(r.reason as Error).message}`);
}

async function failFast(): Promise<void> {
  const controller = new AbortController();
  const { signal } = controller;
  try {
    await Promise.all([job('fetchA', 1, true, signal), job('fetchB', 3, false, signal)]);
  } catch (e) {
    controller.abort(); // Cancel the siblings: Promise.all alone would let fetchB run on.
    console.log(`fail-fast: ${(e as Error).message}`);
  }
}

await riskyOperation();
await batchOperations();
await failFast();
