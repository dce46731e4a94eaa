// Runtime overhead, as ratios to a plain run measured in the same session. Each round runs
// every variant once, in an order reversed from one round to the next; a variant's figure is
// the median over rounds of its ratio to that round's plain run. Paired this way, the figure
// holds when the machine itself speeds up or slows down during a session (this VM's plain
// producer-consumer ran in 60 ms in one half hour and 95 ms in the next), which a ratio of
// the two medians does not. Variants: plain node, the coroutine-visualizer shim recording to
// a file, and the obvious alternatives with empty callbacks (async_hooks, v8.promiseHooks).
// Each process runs its workload REPEATS times: the first run is what a program that runs once
// sees (it includes V8 compiling the instrumented code), the mean of the others is the cost
// once compiled, the usual way to measure a steady state.
// Usage: node bench/run.mjs [--runs 11] [--repeats 5] [--only await-heavy] [--node /path/to/node]
// --node runs the workloads on another Node (the shim supports 20 and newer); results then go
// to results/runtime-node<major>.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, paired, roundOrder as orderOf } from './paired.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, repeats: { type: 'string', default: '5' }, only: { type: 'string' }, node: { type: 'string' } } });
const runs = Number(values.runs);
const repeats = Math.max(2, Number(values.repeats));
const workloads = ['await-heavy', 'timer-heavy', 'producer-consumer', 'service'].filter((w) => !values.only || w === values.only);
// Traces go to memory where there is a tmpfs, and each is deleted once read: the 40 MB a run
// writes in full recording would otherwise be flushed to disk while the next variant runs, and
// slow it down (that once made sampled recording look 1.5 times as costly as it is).
const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'covis-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const register = join(root, 'dist', 'register.js');
const node = values.node ?? process.execPath;
const nodeVersion = values.node ? execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() : process.version;

const variants = {
  plain: () => ({ args: [] }),
  shim: (trace) => ({ args: ['--require', register], env: { COVIS_TRACE: trace } }),
  // What `covis record --sample 64` passes (protocol/events.ts sampleOptions).
  'shim sampled': (trace) => ({ args: ['--require', register], env: { COVIS_OPTIONS: JSON.stringify({ tracePath: trace, sample: { first: 64, every: 64, maxEvery: 64 * 64, step: 16 } }) } }),
  'async_hooks (empty)': () => ({ args: ['--require', join(here, 'hooks/async-hooks-empty.cjs')] }),
  'promiseHooks (empty)': () => ({ args: ['--require', join(here, 'hooks/promise-hooks-empty.cjs')] }),
};

const roundOrder = (i) => orderOf(Object.keys(variants), i);

function runOnce(workload, variant) {
  const trace = join(scratch, `${workload}.covis`);
  const { args, env } = variants[variant](trace);
  const out = execFileSync(node, [...args, join(here, 'workloads', `${workload}.mjs`)], {
    env: { ...process.env, ...env, BENCH_RUNS: String(repeats) },
    encoding: 'utf8',
  });
  const lines = out.trim().split('\n').slice(-repeats).map((line) => JSON.parse(line));
  // The mean of runs 2–R, not their median: a major GC lands in one or two of them, in
  // different runs with and without the shim (its allocations move it), and the median of four
  // then says where it landed (await-heavy on Node 24: 1.1x or 2.2x from one session to the
  // next), not what the shim costs. The mean counts each variant's collections once.
  const compiled = lines.slice(1).map((line) => line.ms);
  const result = { ms: lines[0].ms, warmMs: compiled.reduce((sum, ms) => sum + ms, 0) / compiled.length };
  if (variant === 'shim' || variant === 'shim sampled') {
    const summary = execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'summary', trace], { encoding: 'utf8' });
    // Per run of the workload (the trace holds all of them; sampled runs after the first record less).
    result.events = Math.round(Number(/(\d+) events/.exec(summary)[1]) / repeats);
    result.traceBytes = readFileSync(trace).length / repeats;
    rmSync(trace);
  }
  return result;
}

const rows = [];
for (const workload of workloads) {
  const times = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  const warm = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  let shimInfo;
  let row_sampledEvents = 0;
  for (let i = 0; i < runs; i++) {
    for (const variant of roundOrder(i)) {
      const result = runOnce(workload, variant);
      times[variant].push(result.ms);
      warm[variant].push(result.warmMs);
      if (variant === 'shim') shimInfo = result;
      if (variant === 'shim sampled') row_sampledEvents = result.events;
    }
  }
  const base = median(times.plain);
  const warmBase = median(warm.plain);
  const row = { workload, plainMs: base, warmPlainMs: warmBase, warm: {} };
  for (const variant of Object.keys(variants)) {
    row[variant] = paired(times[variant], times.plain, (ms, plainMs) => ms / plainMs);
    row.warm[variant] = paired(warm[variant], warm.plain, (ms, plainMs) => ms / plainMs);
  }
  // Per event: from the compiled runs, where recording everything writes the same events each run.
  const shimMs = median(warm.shim);
  row.events = shimInfo.events;
  row.sampledEvents = row_sampledEvents;
  row.nsPerEvent = ((shimMs - warmBase) * 1e6) / shimInfo.events;
  row.eventsPerSecond = shimInfo.events / (shimMs / 1000);
  row.traceMB = shimInfo.traceBytes / 1e6;
  rows.push(row);
  process.stderr.write(`${workload}: ${JSON.stringify(row)}\n`);
}

// Start-up: process wall time of a program that does next to nothing, per variant (interleaved).
function startupTimes() {
  const times = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  for (let i = 0; i < runs * 3; i++) {
    for (const variant of roundOrder(i)) {
      const { args, env } = variants[variant](join(scratch, 'hello.covis'));
      const start = process.hrtime.bigint();
      execFileSync(node, [...args, join(here, 'workloads', 'hello.mjs')], { env: { ...process.env, ...env } });
      times[variant].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  // Plain as its median; every other variant as plain plus the median of its paired differences.
  const base = median(times.plain);
  return Object.fromEntries(Object.entries(times).map(([variant, ms]) => [variant, base + paired(ms, times.plain, (t, plainT) => t - plainT)]));
}
const startup = values.only ? undefined : startupTimes();

const fmt = (x) => `${x.toFixed(2)}x`;
const ratios = (of) => `${fmt(of.shim)} | ${fmt(of['shim sampled'])} | ${fmt(of['async_hooks (empty)'])} | ${fmt(of['promiseHooks (empty)'])}`;
const head = '| workload | plain | shim, everything | shim, sampled (`--sample 64`) | async_hooks (empty) | promiseHooks (empty) |';
const lines = [
  `Node ${nodeVersion}, ${runs} rounds (each variant once a round, the order reversed every other round); a ratio is the median over rounds of the variant's time over that round's plain time.`,
  `Each process runs the workload ${repeats} times.`,
  '',
  'First run (includes V8 compiling the code, instrumented or not):',
  '',
  head,
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.workload} | ${r.plainMs.toFixed(0)} ms | ${ratios(r)} |`),
  '',
  `Compiled (mean of runs 2–${repeats} in the same process, garbage collection included; paired with plain as above):`,
  '',
  head,
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.workload} | ${r.warmPlainMs.toFixed(0)} ms | ${ratios(r.warm)} |`),
  '',
  'Events per run, recording everything (sampled), and the cost of recording everything per event (compiled runs):',
  '',
  '| workload | events (sampled) | cost per event | events/s streamed |',
  '| --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.workload} | ${r.events.toLocaleString('en')} (${r.sampledEvents.toLocaleString('en')}) | ${r.nsPerEvent > 0 ? `${r.nsPerEvent.toFixed(0)} ns` : 'within noise'} | ${(r.eventsPerSecond / 1e6).toFixed(1)} M |`),
  ...(startup
    ? [
        '',
        `Start-up: process wall time of a program that awaits a 1 ms timer and prints (bench/workloads/hello.mjs), ${runs * 3} rounds; plain as the median, the others as the median difference to plain in the same round:`,
        '',
        `| plain | ${Object.keys(variants).slice(1).join(' | ')} |`,
        `| --- | ${Object.keys(variants).slice(1).map(() => '---').join(' | ')} |`,
        `| ${startup.plain.toFixed(0)} ms | ${Object.keys(variants).slice(1).map((v) => `${startup[v] >= startup.plain ? '+' : '−'}${Math.abs(startup[v] - startup.plain).toFixed(0)} ms`).join(' | ')} |`,
      ]
    : []),
];
// --only measures one workload: print it, but keep the results file of the last full run.
if (!values.only) {
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', values.node ? `runtime-node${nodeVersion.slice(1).split('.')[0]}.md` : 'runtime.md'), `${lines.join('\n')}\n`);
}
console.log(lines.join('\n'));
