// Runs in a worker thread (see coroutines-vs-threads.ts): CPU-heavy work off the event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { countPrimes } from './cpu.js';

parentPort.postMessage(countPrimes(workerData));
