// Coroutines vs threads. Coroutines share one thread, the event loop: ideal for I/O (they
// suspend while the OS waits), but CPU-heavy work holds the thread and stalls every other
// coroutine. Move such work to a worker thread (Python: asyncio.to_thread or a process pool)
// and await its result: the loop stays free.
// A heartbeat coroutine ticks every 20 ms; watch its lane during each phase.
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { countPrimes } from './cpu.js';

const LIMIT = 2_000_000; // About a quarter of a second of CPU work.
let ticks = 0;
let running = true;

async function heartbeat(): Promise<void> {
  while (running) {
    await sleep(20); // I/O-like waiting: suspended, the loop is free.
    ticks++;
  }
}

async function cpuOnTheLoop(): Promise<number> {
  await sleep(0);
  return countPrimes(LIMIT); // Holds the thread: no other coroutine can run meanwhile.
}

async function cpuInAWorker(): Promise<number> {
  const worker = new Worker(new URL('./cpu-worker.js', import.meta.url), { workerData: LIMIT });
  // Suspended until the worker thread posts its result; the loop keeps serving the heartbeat.
  return await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

async function main(): Promise<void> {
  const beat = heartbeat();
  await sleep(60);

  let before = ticks;
  const onLoop = await cpuOnTheLoop();
  const ticksDuringLoopWork = ticks - before;

  before = ticks;
  const inWorker = await cpuInAWorker();
  const ticksDuringWorker = ticks - before;

  running = false;
  await beat;
  console.log(`same answer: ${onLoop === inWorker}`);
  console.log(`heartbeat stalled during loop work: ${ticksDuringLoopWork <= 1}`);
  console.log(`heartbeat kept ticking during worker: ${ticksDuringWorker >= 3}`);
}

await main();
