// 100,000 async calls, each awaiting already-resolved values three times.
import { runWorkload } from './runs.mjs';
const resolved = Promise.resolve(1);
async function work(i) {
  let total = i;
  total += await resolved;
  total += await 2;
  total += await resolved;
  return total;
}
async function main() {
  const start = performance.now();
  let sum = 0;
  for (let batch = 0; batch < 100; batch++) {
    const results = [];
    for (let i = 0; i < 1000; i++) results.push(work(i));
    for (const r of await Promise.all(results)) sum += r;
  }
  console.log(JSON.stringify({ ms: performance.now() - start, check: sum }));
}
runWorkload(main);
