// A worker thread of bench/workloads/workers.mjs: runs one pipeline job and posts its result,
// with the time (epoch ms) its script started, so the main thread can tell how long the worker
// took to start.
import { parentPort, workerData } from 'node:worker_threads';
import { pipeline } from './pipeline.mjs';

const startedAt = performance.timeOrigin + performance.now();
const result = await pipeline(workerData.requests, workerData.seed);
parentPort.postMessage({ startedAt, ...result });
