// Timeouts and cancellation. Node's way is an AbortSignal passed down to what you await:
//  - AbortSignal.timeout(ms) aborts by itself after ms, like `async with asyncio.timeout(s)`;
//  - an AbortController aborts on demand, like task.cancel(): the awaited operation rejects
//    with an AbortError at its await, the coroutine's finally blocks still run.
import { setTimeout as sleep } from 'node:timers/promises';

const UNIT_MS = 100;

async function slowOperation(signal: AbortSignal): Promise<string> {
  try {
    await sleep(10 * UNIT_MS, undefined, { signal }); // Would take 10 units...
    return 'finished';
  } finally {
    console.log(`slowOperation cleanup (aborted: ${signal.aborted})`);
  }
}

async function withTimeout(): Promise<void> {
  try {
    await slowOperation(AbortSignal.timeout(2 * UNIT_MS)); // ...but gets only 2.
  } catch (e) {
    console.log(`timed out: ${(e as Error).name}`);
  }
}

async function cancelLater(controller: AbortController): Promise<void> {
  await sleep(UNIT_MS);
  controller.abort(); // Cancel the task from another coroutine.
}

async function withCancel(): Promise<void> {
  const controller = new AbortController();
  const task = slowOperation(controller.signal);
  await cancelLater(controller);
  try {
    await task;
  } catch (e) {
    console.log(`cancelled: ${(e as Error).name}`);
  }
}

await withTimeout();
await withCancel();
