// The program of bench/workers.mjs. `threads` (default): four worker threads each run one
// pipeline job (pipeline.mjs); the main thread awaits the four results as messages. `single`:
// the same four jobs one after another on the main thread, no worker. Prints one JSON line:
// mainMs (main's own time, from before the first worker to the last result), jobMs (each
// job's own time), startMs (from `new Worker` to the worker's script running), check.
import { Worker } from 'node:worker_threads';
import { pipeline } from './pipeline.mjs';

const WORKERS = 4;
const requests = Number(process.env.BENCH_REQUESTS ?? 3000);
const mode = process.argv[2] ?? 'threads';

function runInWorker(seed) {
  const createdAt = performance.timeOrigin + performance.now();
  const worker = new Worker(new URL('./pipeline-worker.mjs', import.meta.url), { workerData: { requests, seed } });
  return new Promise((resolve, reject) => {
    worker.once('message', (result) => resolve({ ...result, startMs: result.startedAt - createdAt }));
    worker.once('error', reject);
  });
}

async function main() {
  const start = performance.now();
  const results = [];
  if (mode === 'single') {
    for (let seed = 0; seed < WORKERS; seed++) results.push(await pipeline(requests, seed));
  } else {
    results.push(...(await Promise.all(Array.from({ length: WORKERS }, (_, seed) => runInWorker(seed)))));
  }
  const mainMs = performance.now() - start;
  console.log(JSON.stringify({ mode, mainMs, jobMs: results.map((r) => r.ms), startMs: results.map((r) => r.startMs ?? 0), check: results.reduce((sum, r) => sum + r.check, 0) }));
}
await main();
