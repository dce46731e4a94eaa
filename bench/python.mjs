// What recording costs a Python program (python/covis_recorder, docs/python.md): the Node bench's
// workload shapes written in asyncio (bench/workloads/python/), each run plainly and recorded:
//   plain      python3 workload.py
//   recorded   COVIS_TRACE=t.covis PYTHONPATH=python python3 -m covis_recorder workload.py
// (what `covis record -- workload.py` starts, without the CLI and its collector around it).
// Workloads: await-heavy (100,000 async calls, each awaiting already-resolved values three
// times), timer-heavy (10,000 concurrent tasks, each awaiting a timer five times),
// producer-consumer (a producer and a consumer over a bounded asyncio.Queue of 64, 200,000
// items) and service (4,000 requests through a limit of 64, each parsing JSON and fanning out
// three queries answered by call_soon). Each prints the milliseconds it took itself and a check
// value; the process wall time is measured from outside too.
// Paired rounds (bench/paired.mjs): every round runs both variants of every workload, the order
// reversed every other round; a ratio is the median over rounds of recorded/plain in the same
// round, with the min–max over rounds. Every recorded trace is read back with `covis summary`:
// it must end normally, and gives the events per run; the cost per event is the median paired
// difference (recorded − plain, the workload's own time) over the events. A round with a failed
// run or check is left out and reported, and the bench exits with 1.
// Start-up: a program that awaits a 1 ms sleep and prints (workloads/python/hello.py), process
// wall time, 3 × runs rounds.
// Usage: node bench/python.mjs [--runs 11] [--python /path/to/python3 (repeatable)] [--only await-heavy]
// Without --python: python3 from PATH. Results go to results/python.md unless --only is given.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, paired, roundOrder } from './paired.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, python: { type: 'string', multiple: true }, only: { type: 'string' } } });
const runs = Number(values.runs);
const pythons = values.python?.length ? values.python : ['python3'];
const WORKLOADS = { 'await-heavy': 'await_heavy.py', 'timer-heavy': 'timer_heavy.py', 'producer-consumer': 'producer_consumer.py', service: 'service.py' };
const workloads = Object.keys(WORKLOADS).filter((w) => !values.only || w === values.only);
if (!workloads.length) throw new Error(`--only: one of ${Object.keys(WORKLOADS).join(', ')}`);
const cli = join(root, 'dist', 'cli.js');
// Traces in memory where there is a tmpfs (bench/run.mjs says why), each deleted once read.
const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'covis-python-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const VARIANTS = ['plain', 'recorded'];
/** Items through the queue in workloads/python/producer_consumer.py. */
const PRODUCER_CONSUMER_ITEMS = 200_000;

/** The environment of a plain run: nothing of covis's, no PYTHONPATH of the caller's. */
function baseEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('COVIS_') && k !== 'PYTHONPATH') env[k] = v;
  return env;
}

/** Version, recording backend and the interpreter's own executable (a pyenv shim is a shell script that would add its start-up to every run). */
function describePython(python) {
  const script = 'import sys, platform; print(platform.python_version()); print("sys.monitoring" if hasattr(sys, "monitoring") else "sys.setprofile"); print(sys.executable)';
  const [version, backend, executable] = execFileSync(python, ['-c', script], { encoding: 'utf8' }).trim().split('\n');
  return { python: executable || python, version, backend };
}

function runOnce(python, file, variant, round) {
  const trace = join(scratch, 'trace.covis');
  rmSync(trace, { force: true });
  const args = variant === 'plain' ? [file] : ['-m', 'covis_recorder', file];
  const env = variant === 'plain' ? baseEnv() : { ...baseEnv(), PYTHONPATH: join(root, 'python'), COVIS_TRACE: trace };
  const start = process.hrtime.bigint();
  const result = spawnSync(python, args, { cwd: dirname(file), env, encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const command = `${variant === 'plain' ? '' : `COVIS_TRACE=t.covis PYTHONPATH=${join(root, 'python')} `}${python} ${args.join(' ')}`;
  const failure = (problem) => ({ failed: { variant, round, problem, command } });
  if (result.status !== 0) return failure(`exit ${result.status ?? result.signal}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  const lines = result.stdout.trim().split('\n');
  let report;
  try {
    report = JSON.parse(lines[lines.length - 1]);
  } catch {
    report = { ms: NaN, check: lines[lines.length - 1] };
  }
  const run = { wallMs, ms: report.ms, check: report.check };
  if (variant === 'recorded') {
    if (!existsSync(trace)) return failure('no trace written');
    run.traceBytes = statSync(trace).size;
    const summary = spawnSync(process.execPath, [cli, 'summary', trace], { encoding: 'utf8' });
    const match = /^(\d+) tasks?, (\d+) events?, (\d+) loop turns?.*, ended normally$/m.exec(summary.stdout);
    if (summary.status !== 0 || !match) return failure(`the trace does not read back as a normal end: ${(summary.stdout + summary.stderr).trim()}`);
    [run.tasks, run.events, run.turns] = match.slice(1, 4).map(Number);
    rmSync(trace);
  }
  return run;
}

// Other processes on the machine skew a 2-core measurement most; the load average says how busy it was.
const loadAverage = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'unknown');
const loadBefore = loadAverage();
const started = Date.now();
const failures = [];
const sections = [];

for (const python of pythons) {
  const info = describePython(python);
  info.loadBefore = loadAverage();
  process.stderr.write(`Python ${info.version} (${info.backend}), ${runs} rounds of ${workloads.length} workloads x ${VARIANTS.length} variants\n`);
  const rows = [];
  for (const workload of workloads) {
    const file = join(here, 'workloads', 'python', WORKLOADS[workload]);
    // One run of each first, not counted: file caches and .pyc files warm, as for a user's second run.
    for (const variant of VARIANTS) runOnce(info.python, file, variant, -1);
    const rounds = [];
    for (let i = 0; i < runs; i++) {
      const round = {};
      for (const variant of roundOrder(VARIANTS, i)) {
        const run = runOnce(info.python, file, variant, i);
        if (run.failed) failures.push({ python: info.version, workload, ...run.failed });
        else round[variant] = run;
      }
      if (round.plain && round.recorded && round.plain.check !== round.recorded.check) {
        failures.push({ python: info.version, workload, round: i, problem: `plain computed ${round.plain.check}, recorded ${round.recorded.check}` });
      } else if (round.plain && round.recorded) rounds.push(round);
      process.stderr.write(`  ${workload} round ${i + 1}/${runs}: ${VARIANTS.map((v) => `${v} ${round[v] ? `${round[v].ms.toFixed(0)} ms` : 'FAILED'}`).join(', ')}\n`);
    }
    if (!rounds.length) continue;
    const column = (variant, key) => rounds.map((round) => round[variant][key]);
    const ratio = (key) => {
      const ratios = rounds.map((round) => round.recorded[key] / round.plain[key]);
      return { median: paired(column('recorded', key), column('plain', key), (a, b) => a / b), min: Math.min(...ratios), max: Math.max(...ratios) };
    };
    const events = median(column('recorded', 'events'));
    rows.push({
      workload,
      rounds: rounds.length,
      plainMs: median(column('plain', 'ms')),
      recordedMs: median(column('recorded', 'ms')),
      ratio: ratio('ms'),
      plainWallMs: median(column('plain', 'wallMs')),
      recordedWallMs: median(column('recorded', 'wallMs')),
      wallRatio: ratio('wallMs'),
      events,
      tasks: median(column('recorded', 'tasks')),
      turns: median(column('recorded', 'turns')),
      traceBytes: median(column('recorded', 'traceBytes')),
      addedMs: paired(column('recorded', 'ms'), column('plain', 'ms'), (a, b) => a - b),
      nsPerEvent: (paired(column('recorded', 'ms'), column('plain', 'ms'), (a, b) => a - b) * 1e6) / events,
    });
    process.stderr.write(`  ${workload}: ${JSON.stringify(rows[rows.length - 1])}\n`);
  }
  let startup;
  if (!values.only) {
    const file = join(here, 'workloads', 'python', 'hello.py');
    const times = { plain: [], recorded: [] };
    for (let i = 0; i < runs * 3; i++) {
      for (const variant of roundOrder(VARIANTS, i)) {
        const run = runOnce(info.python, file, variant, i);
        if (run.failed) failures.push({ python: info.version, workload: 'hello', ...run.failed });
        else times[variant].push(run.wallMs);
      }
    }
    if (times.plain.length === times.recorded.length && times.plain.length) startup = { plain: median(times.plain), added: paired(times.recorded, times.plain, (a, b) => a - b), rounds: times.plain.length };
  }
  info.loadAfter = loadAverage();
  sections.push({ info, rows, startup });
}

const fmt = ({ median: m, min, max }) => `${m.toFixed(2)}x (${min.toFixed(2)}–${max.toFixed(2)})`;
const ms = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`);
const bytes = (b) => (b >= 1e5 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(1)} kB`);
const num = (n) => Math.round(n).toLocaleString('en');
const today = new Date().toISOString().slice(0, 10);
const lines = [
  `${today}: ${runs} rounds per interpreter (each round runs both variants of a workload, the order reversed every other round). Ratio: median over rounds of recorded over plain in the same round (min–max over rounds).`,
  `Plain: \`python3 workload.py\`; recorded: \`COVIS_TRACE=t.covis PYTHONPATH=python python3 -m covis_recorder workload.py\` (what \`covis record\` starts, without its CLI and collector). Workloads: bench/workloads/python/.`,
  `${Math.round((Date.now() - started) / 1000)} s; ${existsSync('/proc/cpuinfo') ? `${readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? '?'} cores, ` : ''}load average (1, 5, 15 min) ${loadBefore} before, ${loadAverage()} after.`,
];
for (const { info, rows, startup } of sections) {
  lines.push(
    '',
    `### Python ${info.version} (${info.backend})`,
    '',
    `\`${info.python}\`. Load average (1, 5, 15 min) ${info.loadBefore} before, ${info.loadAfter} after.`,
    '',
    "The workload's own time (it measures itself, from before its first task to its last result):",
    '',
    '| workload | plain | recorded | recorded / plain |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.workload} | ${ms(r.plainMs)} | ${ms(r.recordedMs)} | ${fmt(r.ratio)} |`),
    '',
    'The whole process, from spawn to exit (start-up, the recorder loading, the trace written and closed):',
    '',
    '| workload | plain | recorded | recorded / plain |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.workload} | ${ms(r.plainWallMs)} | ${ms(r.recordedWallMs)} | ${fmt(r.wallRatio)} |`),
    '',
    "What a recorded run writes, and the recorder's cost per event (median paired difference of the workload's own time, over its events):",
    '',
    '| workload | tasks | events | loop turns | trace | cost per event |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.workload} | ${num(r.tasks)} | ${num(r.events)} | ${num(r.turns)} | ${bytes(r.traceBytes)} | ${r.nsPerEvent > 0 ? `${(r.nsPerEvent / 1000).toFixed(1)} µs` : 'within noise'} |`),
    ...rows
      .filter((r) => r.workload === 'producer-consumer')
      .flatMap((r) => [
        '',
        `producer-consumer writes few events: put() and get() return without suspending while the queue has room or items, so its tasks suspend only when the queue is full or empty. Its cost is per call rather than per event: \`Queue.put\` and \`Queue.get\` are asyncio coroutines the recorder watches (to tell what a task waits on)${info.backend === 'sys.setprofile' ? ', and the profile hook sees every call of the program' : ''}; ${((r.addedMs * 1000) / PRODUCER_CONSUMER_ITEMS).toFixed(1)} µs an item (one put, one get).`,
      ]),
    ...(startup ? ['', `Start-up (workloads/python/hello.py, process wall time, ${startup.rounds} rounds): plain ${ms(startup.plain)}, recorded +${ms(startup.added)} (median paired difference).`] : []),
  );
}
if (failures.length) lines.push('', `${failures.length} failed run(s) or check(s):`, '', ...failures.map((f) => `- ${JSON.stringify(f)}`));
// --only measures one workload: print it, but keep the results file of the last full run.
if (!values.only) {
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'python.md'), `${lines.join('\n')}\n`);
}
console.log(lines.join('\n'));
if (failures.length) process.exitCode = 1;
