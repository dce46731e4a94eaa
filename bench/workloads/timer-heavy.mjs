// 10,000 concurrent tasks, each awaiting a timer five times.
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
// BENCH_RUNS=n runs the workload n times in one process (each prints its line), so that
// bench/run.mjs can also measure it once V8 has compiled it. Chained with then(), not a loop
// in an async function: that would add a coroutine of its own to what is measured.
let runs = main();
for (let run = 1; run < Number(process.env.BENCH_RUNS ?? 1); run++) runs = runs.then(main);
