// Sequential awaits vs concurrent tasks: the seed's say_after, twice each way.
// One time unit is 1 s, as in the seed: the sequential half takes about 2 s, the
// concurrent half about 1 s, and the swimlanes show why. A shorter unit in ms may be
// given as the first argument (e.g. `200`) for a quicker run.
import { setTimeout as sleep } from 'node:timers/promises';

const UNIT_MS = Number(process.argv[2] ?? 1000);

// A coroutine function: calling it creates a coroutine; `await` suspends it without
// blocking the event loop, which runs other coroutines meanwhile.
async function sayAfter(delayMs: number, message: string): Promise<void> {
  await sleep(delayMs); // suspended on a timer
  console.log(message);
}

async function sequential(): Promise<void> {
  // Each await waits for the previous coroutine to complete: lanes one after the other.
  await sayAfter(UNIT_MS, 'Hello');
  await sayAfter(UNIT_MS, 'World');
}

async function concurrent(): Promise<void> {
  // Calling an async function starts it at once (like asyncio.create_task):
  // both coroutines are suspended on their timers at the same time: lanes overlap.
  const task1 = sayAfter(UNIT_MS, 'Task1');
  const task2 = sayAfter(UNIT_MS, 'Task2');
  await task1;
  await task2;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  await sequential();
  const t1 = performance.now();
  await concurrent();
  const t2 = performance.now();
  console.log(`concurrent finished faster than sequential: ${t2 - t1 < t1 - t0}`);
}

await main();
