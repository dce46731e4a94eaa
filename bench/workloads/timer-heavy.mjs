// 10,000 concurrent tasks, each awaiting a timer five times.
import { runWorkload } from './runs.mjs';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function task(i) {
  for (let round = 0; round < 5; round++) await sleep(1 + (i % 3));
  return i;
}
async function main() {
  const start = performance.now();
  const tasks = [];
  for (let i = 0; i < 10_000; i++) tasks.push(task(i));
  const done = await Promise.all(tasks);
  console.log(JSON.stringify({ ms: performance.now() - start, check: done.length }));
}
runWorkload(main);
