// BENCH_RUNS=n runs a workload n times in one process (each run prints its line), so that
// bench/run.mjs can also measure it once V8 has compiled it. Chained with then(), not a loop
// in an async function: that would add a coroutine of its own to what is measured.
export function runWorkload(main) {
  let runs = main();
  for (let run = 1; run < Number(process.env.BENCH_RUNS ?? 1); run++) runs = runs.then(main);
}
