/**
 * Real, published async libraries' own test suites, run plainly and under the shim with the
 * libraries' files (their sources and their tests) instrumented: every test must still pass,
 * the same tests must run, and the trace must hold tasks from the libraries' files.
 *
 * - avvio (Fastify's plugin loader): its node:test suite, test/**\/*.test.js as its runner (borp)
 *   picks them, all loaded into one process so that one trace covers the whole suite.
 * - fastq (the work queue avvio uses): its tape suite, test/test.js and test/promise.js.
 *
 * The packages are installed by scripts/install-library-suite.mjs into .vscode-test/ (needs the
 * npm registry once; cached afterwards).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { findFindings } from '../../protocol/findings';
import { programSources } from '../../runtime/findingSources';
import { REGISTER, ROOT, cleanEnv, loopInvariantViolation, readTrace, tempDir } from './helpers';

const INSTALL = path.join(ROOT, 'scripts/install-library-suite.mjs');
const SUITE_DIR = path.join(ROOT, '.vscode-test/library-suite');
// Real path: sites name files as Node resolved them (through any symlinked .vscode-test).
const modules = (): string => fs.realpathSync(path.join(SUITE_DIR, 'node_modules'));
const work = tempDir('covis-lib-');

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Async, so the plain run and the shim run of a suite can overlap (both mostly wait on timers). */
function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
}

/** `clockResumes`: exact slice starts, as `covis check` records (ShimOptions.clockResumes). */
function shimEnv(trace: string, include: string, clockResumes = false): Record<string, string> {
  return { COVIS_OPTIONS: JSON.stringify({ tracePath: trace, includeNodeModules: true, include: [include], clockResumes }) };
}

interface TapCounts {
  tests: number;
  pass: number;
  fail: number;
  /** Names of the passing test points, sorted (durations and numbering left out). */
  names: string[];
}

function tapCounts(out: string): TapCounts {
  const count = (label: string): number => Number(new RegExp(`^# ${label}\\s+(\\d+)$`, 'm').exec(out)?.[1] ?? 0);
  const names = [...out.matchAll(/^\s*ok \d+ - ?(.*)$/gm)].map((m) => m[1].replace(/ # .*$/, '')).sort();
  return { tests: count('tests'), pass: count('pass'), fail: count('fail'), names };
}

/** The suite's failing test points (TAP `not ok` lines), for the assertion messages. */
function failedPoints(out: string): string {
  return out.split('\n').filter((line) => /^\s*not ok \d+/.test(line)).join('\n');
}

function checkSuite(plain: Run, shim: Run, what: string, atLeast: number): TapCounts {
  const p = tapCounts(plain.stdout);
  const s = tapCounts(shim.stdout);
  assert.equal(plain.code, 0, `${what} plain: exit ${plain.code}\n${failedPoints(plain.stdout)}\n${plain.stderr.slice(-2000)}`);
  assert.ok(p.tests >= atLeast && p.pass === p.tests && p.fail === 0, `${what} plain: ${JSON.stringify({ ...p, names: p.names.length })}`);
  assert.equal(shim.code, 0, `${what} shim: exit ${shim.code}\n${shim.stderr.slice(-2000)}`);
  assert.equal(s.fail, 0, `${what} shim: failures\n${failedPoints(shim.stdout)}`);
  assert.equal(s.tests, p.tests, `${what}: test count differs`);
  assert.equal(s.pass, p.pass, `${what}: pass count differs`);
  assert.deepEqual(s.names, p.names, `${what}: not the same tests passed`);
  assert.doesNotMatch(shim.stderr, /coroutine-visualizer/, `${what}: the shim complained`);
  return s;
}

type Pair = [plain: Run, shim: Run];

/**
 * Runs a suite plainly and under the shim, and checks the pair. Some of avvio's own tests race a
 * 10 ms plugin timeout (plugin-timeout-await: which of three nested plugins times out first) and
 * lose now and then on a loaded 2-core machine, with or without the shim. A pair whose suite
 * reported failing test points is run again, one run after the other (less load), up to twice;
 * the failures of earlier attempts are reported as diagnostics, and the last attempt must pass.
 */
async function checkedPair(t: TestContext, what: string, atLeast: number, plain: () => Promise<Run>, shim: () => Promise<Run>): Promise<TapCounts> {
  for (let attempt = 1; ; attempt++) {
    const pair: Pair = attempt === 1 ? await Promise.all([plain(), shim()]) : [await plain(), await shim()];
    const flaky = pair.map((run) => failedPoints(run.stdout)).filter(Boolean);
    if (flaky.length === 0 || attempt === 3) return checkSuite(pair[0], pair[1], what, atLeast);
    t.diagnostic(`${what}, attempt ${attempt}: the suite's own test points failed; run again\n${flaky.join('\n')}`);
  }
}

function checkTrace(trace: string, libraryDir: string, what: string, minTasks: number): { tasks: number; bytes: number; events: number } {
  const model = readTrace(trace);
  assert.equal(model.end?.reason, 'exit', `${what}: trace end ${JSON.stringify(model.end)}`);
  assert.ok(!model.truncated, `${what}: truncated trace`);
  const prefix = `${libraryDir}${path.sep}`;
  const own = model.tasks.filter((t) => t && model.sites.get(t.defSite)?.file.startsWith(prefix));
  assert.ok(own.length >= minTasks, `${what}: only ${own.length} tasks defined in ${libraryDir}`);
  const violation = loopInvariantViolation(model);
  assert.equal(violation, undefined, `${what}: ${violation}`);
  // A suite that passes proves nothing wrong: a finding here is a false positive. Loop blocks
  // at 200 ms, not 50: some tests run 10,000 synchronous calls in one slice on purpose (avvio's
  // fastify-6843: 12 ms on an idle machine, over 50 ms on a loaded 2-core one), a real block.
  const findings = findFindings(model, { blockMs: 200 }, programSources());
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}: ${f.message}`), [], `${what}: findings in a passing suite`);
  return { tasks: own.length, bytes: fs.statSync(trace).size, events: model.eventCount };
}

describe('published libraries\u2019 own test suites under the shim', () => {
  before(() => {
    const r = spawnSync(process.execPath, [INSTALL], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
    assert.equal(r.status, 0, `could not install the library suites (npm registry needed on first run): ${INSTALL}`);
  });

  test('avvio: its node:test suite passes under the shim, same tests, tasks from its files', async (t) => {
    const dir = path.join(modules(), 'avvio');
    const files = fs
      .readdirSync(path.join(dir, 'test'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.test.js'))
      .sort()
      .map((f) => path.join(dir, 'test', f));
    assert.ok(files.length >= 40, `avvio ships only ${files.length} test files`);
    // Like `node --test --test-isolation=none` (Node >= 22.8): one process loads every file.
    const runner = path.join(work, 'run-avvio.js');
    fs.writeFileSync(runner, `for (const f of ${JSON.stringify(files)}) require(f);\n`);
    const args = ['--test-reporter=tap', runner];
    const trace = path.join(work, 'avvio.covis');
    const counts = await checkedPair(t, 'avvio', 300, () => run(args, dir), () => run(['--require', REGISTER, ...args], dir, shimEnv(trace, `**/node_modules/avvio/**`, true)));
    const traced = checkTrace(trace, dir, 'avvio', 100);
    t.diagnostic(`avvio: ${counts.tests} tests passed, trace ${traced.bytes} bytes, ${traced.events} events, ${traced.tasks} tasks from avvio`);
  });

  for (const preload of ['--require', '--import'] as const) {
    test(`fastq: its tape suite passes under the shim (${preload}), same tests, tasks from its files`, async (t) => {
      const dir = path.join(modules(), 'fastq');
      const args = [path.join(modules(), 'tape/bin/tape'), 'test/test.js', 'test/promise.js'];
      const trace = path.join(work, `fastq${preload}.covis`);
      const counts = await checkedPair(t, 'fastq', 250, () => run(args, dir), () => run([preload, REGISTER, ...args], dir, shimEnv(trace, `**/node_modules/fastq/**`)));
      const traced = checkTrace(trace, dir, 'fastq', 50);
      t.diagnostic(`fastq: ${counts.tests} assertions passed, trace ${traced.bytes} bytes, ${traced.events} events, ${traced.tasks} tasks from fastq`);
    });
  }
});

after(() => fs.rmSync(work, { recursive: true, force: true }));
