// 100,000 async calls, each awaiting already-resolved values three times.
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
// BENCH_RUNS=n runs the workload n times in one process (each prints its line), so that
// bench/run.mjs can also measure it once V8 has compiled it. Chained with then(), not a loop
// in an async function: that would add a coroutine of its own to what is measured.
let runs = main();
for (let run = 1; run < Number(process.env.BENCH_RUNS ?? 1); run++) runs = runs.then(main);
