// Recording a program with worker threads: what `covis record` costs when every thread records
// its own loop (runtime/loops.ts, collected by runtime/collector.ts), against the same program
// run plainly. The program (workloads/workers.mjs) starts four worker threads, each running one
// pipeline job (workloads/pipeline.mjs: a producer and 16 handlers over an async queue, timers,
// immediates, JSON), and awaits their four results as messages. Variants:
//   plain                     node workers.mjs                                   (the baseline)
//   record                    covis record -- workers.mjs             (5 loops: main + 4 workers)
//   record --main-only        covis record --main-only -- workers.mjs  (1 loop; the workers still
//                             load the shim, inherited through execArgv, but do not record)
//   single thread, plain      node workers.mjs single     (the same four jobs one after another
//   single thread, record     covis record -- workers.mjs single        on the main thread)
// Paired rounds (bench/paired.mjs): every round runs every variant once, the order reversed every
// other round; a figure is the median over rounds of the variant's ratio to the same round's
// plain run (min–max over rounds beside it). Measured: process wall time from spawn to exit
// (what a user waits for; for covis record, the CLI and its collector included), CPU time of
// the whole run (user + sys, from /usr/bin/time when there is one), and what the program
// reports itself: main's time, each worker's start (from `new Worker` to its script running)
// and each job's own time (performance.now() around it).
// Every recorded trace is decoded with the project's reader (protocol/frames decodeTrace,
// protocol/model buildModel) and checked: the number of loops, every worker's `handle` tasks
// (one per request), each loop's End. A round with a failed run or check is left out of the
// figures, reported with the command that reproduces it, and the bench exits with 1.
// Usage: node bench/workers.mjs [--runs 11] [--requests 3000] [--node /path/to/node]
// (the machine has 2 cores: the four workers compete for them; see bench/results/workers.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, paired, roundOrder } from './paired.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, requests: { type: 'string', default: '3000' }, node: { type: 'string' } } });
const runs = Number(values.runs);
const requests = Number(values.requests);
const node = values.node ? resolve(values.node) : process.execPath;
const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
const cli = join(root, 'dist', 'cli.js');
const program = join(here, 'workloads', 'workers.mjs');
const WORKERS = 4;
const HANDLE_TASKS = requests; // pipeline.mjs: one `handle` per request
// Traces in memory where there is a tmpfs (bench/run.mjs says why), each deleted once checked.
const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'covis-workers-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const variants = {
  plain: { mode: 'threads', args: () => [program] },
  record: { mode: 'threads', args: (trace) => [cli, 'record', '-q', '-o', trace, '--', program], loops: 1 + WORKERS },
  'record --main-only': { mode: 'threads', args: (trace) => [cli, 'record', '-q', '--main-only', '-o', trace, '--', program], loops: 1 },
  'single thread, plain': { mode: 'single', args: () => [program, 'single'] },
  'single thread, record': { mode: 'single', args: (trace) => [cli, 'record', '-q', '-o', trace, '--', program, 'single'], loops: 1 },
};
const names = Object.keys(variants);

/** What the trace holds, read with the project's own decoder and model (run under tsx). */
const CHECK = `
const { readFileSync } = require('node:fs');
const { decodeTrace } = require('./protocol/frames');
const { buildModel } = require('./protocol/model');
const { frames, truncated } = decodeTrace(readFileSync(process.argv[1]));
const model = buildModel(frames, truncated);
const loops = model.loops.map((loop) => ({ name: loop.name, end: loop.end && loop.end.reason, dropped: loop.end ? loop.end.dropped : -1, tasks: 0, handle: 0 }));
for (const task of model.tasks) if (task) { loops[task.loop].tasks++; if (task.name === 'handle') loops[task.loop].handle++; }
console.log(JSON.stringify({ truncated: model.truncated, loops }));
`;

/** Problems with a recorded trace of `variant`, or [] when it holds what the run must have recorded. */
function checkTrace(variant, trace) {
  if (!existsSync(trace)) return ['no trace written'];
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', CHECK, trace], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) return [`the trace does not decode: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`];
  const { truncated, loops } = JSON.parse(result.stdout);
  const problems = [];
  const expected = variants[variant].loops;
  if (truncated) problems.push('truncated');
  if (loops.length !== expected) problems.push(`${loops.length} loops, not ${expected} (${loops.map((l) => l.name).join(', ')})`);
  if (!/workers\.mjs/.test(loops[0]?.name ?? '')) problems.push(`loop 0 is ${loops[0]?.name}, not the program's main thread`);
  const workerLoops = loops.slice(1);
  if (variants[variant].mode === 'single' && loops[0]?.handle !== WORKERS * HANDLE_TASKS) problems.push(`the main thread has ${loops[0]?.handle} handle tasks, not ${WORKERS * HANDLE_TASKS}`);
  if (variant === 'record --main-only' && loops[0]?.tasks < 1) problems.push('the main thread has no task');
  for (const loop of workerLoops) {
    if (!/pipeline-worker\.mjs/.test(loop.name)) problems.push(`loop ${loop.name} is not a pipeline worker`);
    if (loop.handle !== HANDLE_TASKS) problems.push(`${loop.name} has ${loop.handle} handle tasks, not ${HANDLE_TASKS}`);
  }
  for (const loop of loops) {
    if (loop.end !== 'exit') problems.push(`${loop.name} ended as ${loop.end ?? 'nothing (no End)'}`);
    if (loop.dropped !== 0) problems.push(`${loop.name} dropped ${loop.dropped} events`);
  }
  return problems;
}

/** The command line a person would type to run this variant once. */
function commandLine(variant, trace) {
  const args = variants[variant].args(trace);
  return [node === process.execPath ? 'node' : node, ...args.map((arg) => arg.replace(`${root}/`, ''))].join(' ');
}

function runOnce(variant, round) {
  const trace = join(scratch, `${variant.replace(/\W+/g, '-')}.covis`);
  rmSync(trace, { force: true });
  const args = variants[variant].args(trace);
  const times = join(scratch, 'time.txt');
  const [file, argv] = timeTool ? [timeTool, ['-f', '%U %S', '-o', times, node, ...args]] : [node, args];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { cwd: root, env: { ...process.env, BENCH_REQUESTS: String(requests) }, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const failure = (problems) => {
    const kept = join(tmpdir(), `covis-workers-failed-${process.pid}-${round}-${variant.replace(/\W+/g, '-')}.covis`);
    if (existsSync(trace)) copyFileSync(trace, kept);
    return { failed: { variant, round, problems, command: `cd ${root} && BENCH_REQUESTS=${requests} ${commandLine(variant, 't.covis')}`, ...(existsSync(trace) ? { trace: kept } : {}) } };
  };
  if (result.status !== 0) return failure([`exit ${result.status ?? result.signal}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`]);
  const report = JSON.parse(result.stdout.trim().split('\n').pop());
  const [user, sys] = timeTool ? readFileSync(times, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN];
  const run = {
    wallMs,
    cpuMs: (user + sys) * 1000,
    mainMs: report.mainMs,
    jobsMs: report.jobMs.reduce((sum, ms) => sum + ms, 0),
    startMs: report.mode === 'threads' ? report.startMs.reduce((sum, ms) => sum + ms, 0) / report.startMs.length : NaN,
    check: report.check,
  };
  if (report.mode === 'single') {
    // The first job compiles the code, as each worker's job does (a worker is an isolate of its own); jobs 2–4 run compiled.
    run.firstJobMs = report.jobMs[0];
    run.laterJobsMs = report.jobMs.slice(1).reduce((sum, ms) => sum + ms, 0);
  }
  if (variants[variant].loops) {
    run.traceBytes = statSync(trace, { throwIfNoEntry: false })?.size ?? 0;
    const problems = checkTrace(variant, trace);
    if (problems.length) return failure(problems);
    rmSync(trace);
  }
  return run;
}

// Other processes on the machine skew a 2-core measurement most; the load average says how busy it was.
const loadAverage = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'unknown');
const loadBefore = loadAverage();
const started = Date.now();
process.stderr.write(`Node ${nodeVersion}, ${runs} rounds of ${names.length} variants, ${WORKERS} workers x ${requests} requests\n`);
// One round first, not counted: file caches and the shim's transform cache warm, as for a user's second run.
for (const variant of names) {
  const run = runOnce(variant, -1);
  if (run.failed) process.stderr.write(`warm-up: ${JSON.stringify(run.failed)}\n`);
}
const rounds = [];
const failures = [];
for (let i = 0; i < runs; i++) {
  const round = {};
  for (const variant of roundOrder(names, i)) {
    const run = runOnce(variant, i);
    if (run.failed) failures.push(run.failed);
    else round[variant] = run;
  }
  const complete = Object.keys(round).length === names.length;
  if (complete) rounds.push(round);
  process.stderr.write(`round ${i + 1}/${runs}${complete ? '' : ' (left out: a run failed)'}: ${names.map((v) => `${v} ${round[v] ? `${round[v].wallMs.toFixed(0)} ms` : 'FAILED'}`).join(', ')}\n`);
}
const checks = new Set(rounds.flatMap((round) => names.map((v) => round[v].check)));
if (checks.size > 1) failures.push({ problems: [`the runs computed different results: ${[...checks].join(', ')}`] });
if (!rounds.length) {
  console.error(JSON.stringify(failures, null, 2));
  process.exit(1);
}

const column = (variant, key) => rounds.map((round) => round[variant][key]);
/** Median over rounds of variant/baseline in the same round, with the min and max of those ratios. */
function ratio(variant, baseline, key) {
  const ratios = rounds.map((round) => round[variant][key] / round[baseline][key]);
  return { median: paired(column(variant, key), column(baseline, key), (a, b) => a / b), min: Math.min(...ratios), max: Math.max(...ratios) };
}
const fmt = ({ median: m, min, max }) => `${m.toFixed(2)}x (${min.toFixed(2)}–${max.toFixed(2)})`;
const ms = (x) => `${x.toFixed(0)} ms`;
const baseOf = (variant) => (variants[variant].mode === 'single' ? 'single thread, plain' : 'plain');
const cpu = timeTool !== undefined;

const lines = [
  `Node ${nodeVersion}, ${rounds.length} rounds${rounds.length < runs ? ` (of ${runs}; ${runs - rounds.length} left out, see below)` : ''}, ${WORKERS} workers x ${requests} requests. Ratio: median over rounds of the variant's time over the plain run's in the same round (min–max over rounds).`,
  `${Math.round((Date.now() - started) / 1000)} s; load average (1, 5, 15 min) ${loadBefore} before, ${loadAverage()} after.`,
  '',
  'Whole run, from spawn to exit (for `covis record`: its CLI and collector included):',
  '',
  `| variant | wall | vs plain | ${cpu ? 'CPU (user+sys) | vs plain | ' : ''}trace |`,
  `| --- | --- | --- | ${cpu ? '--- | --- | ' : ''}--- |`,
  ...names.map((v) => {
    const size = median(column(v, 'traceBytes'));
    const bytes = !variants[v].loops ? '' : size >= 1e5 ? `${(size / 1e6).toFixed(1)} MB` : `${(size / 1e3).toFixed(1)} kB`;
    return `| ${v} | ${ms(median(column(v, 'wallMs')))} | ${fmt(ratio(v, 'plain', 'wallMs'))} | ${cpu ? `${ms(median(column(v, 'cpuMs')))} | ${fmt(ratio(v, 'plain', 'cpuMs'))} | ` : ''}${bytes} |`;
  }),
  '',
  "What the program measures itself; each ratio against the plain run of the same shape (four workers, or single thread) in the same round. Main: from before the first `new Worker` to the last result. Worker start: from `new Worker` to the worker's script running, mean of the four. Jobs: the four jobs' own times, summed (in workers they run at once, two cores for four threads; single thread, one after another):",
  '',
  '| variant | main | vs plain | worker start | vs plain | jobs | vs plain |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...names.map((v) => {
    const threads = variants[v].mode === 'threads';
    return `| ${v} | ${ms(median(column(v, 'mainMs')))} | ${fmt(ratio(v, baseOf(v), 'mainMs'))} | ${threads ? `${ms(median(column(v, 'startMs')))} | ${fmt(ratio(v, 'plain', 'startMs'))}` : '– | –'} | ${ms(median(column(v, 'jobsMs')))} | ${fmt(ratio(v, baseOf(v), 'jobsMs'))} |`;
  }),
  '',
  `Single thread, recorded over plain: the first job (compiling the code, as every worker's job does) ${fmt(ratio('single thread, record', 'single thread, plain', 'firstJobMs'))}, ${ms(median(column('single thread, plain', 'firstJobMs')))} plain; jobs 2–${WORKERS} (compiled) ${fmt(ratio('single thread, record', 'single thread, plain', 'laterJobsMs'))}, ${ms(median(column('single thread, plain', 'laterJobsMs')))} plain.`,
  '',
  `Differences, median over rounds of the paired difference: record − record --main-only, wall ${ms(paired(column('record', 'wallMs'), column('record --main-only', 'wallMs'), (a, b) => a - b))}${cpu ? `, CPU ${ms(paired(column('record', 'cpuMs'), column('record --main-only', 'cpuMs'), (a, b) => a - b))}` : ''}; record --main-only − plain, wall ${ms(paired(column('record --main-only', 'wallMs'), column('plain', 'wallMs'), (a, b) => a - b))}${cpu ? `, CPU ${ms(paired(column('record --main-only', 'cpuMs'), column('plain', 'cpuMs'), (a, b) => a - b))}` : ''}; single thread, record − single thread, plain, wall ${ms(paired(column('single thread, record', 'wallMs'), column('single thread, plain', 'wallMs'), (a, b) => a - b))}${cpu ? `, CPU ${ms(paired(column('single thread, record', 'cpuMs'), column('single thread, plain', 'cpuMs'), (a, b) => a - b))}` : ''}.`,
  ...(failures.length ? ['', `${failures.length} failed run(s) or check(s):`, '', ...failures.map((f) => `- ${JSON.stringify(f)}`)] : []),
];
console.log(lines.join('\n'));
if (failures.length) process.exitCode = 1;
