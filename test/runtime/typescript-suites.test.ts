/**
 * Published TypeScript projects' own test suites, unpacked from their npm tarballs, run by their
 * own runner (mocha with ts-node: tsc's semantics) and under the shim (mocha preloaded with the
 * shim, which compiles their TypeScript): the same tests pass, none fails, and the trace holds
 * tasks from the projects' own source files.
 *
 * - bullmq 1.20.0: CommonJS TypeScript, tsconfig `paths` (@src/*) in every test file, sinon
 *   fake timers (test_repeat.ts), a namespace import constructed (`new IORedis()`), async
 *   throughout; against a real Redis server.
 * - tsnode-di 0.0.3: dependency injection by legacy decorators, reading emitDecoratorMetadata's
 *   `design:paramtypes`.
 * - @neshca/cache-handler 1.5.1: an ES module TypeScript package whose node:test suite its own
 *   runner, tsx, runs (`tsx --test`): the same under `node --require <shim> --test`.
 *
 * Installed by scripts/install-ts-suites.mjs into .vscode-test/ts-suites (the npm registry once).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findFindings } from '../../protocol/findings';
import { programSources } from '../../runtime/findingSources';
import { REGISTER, ROOT, cleanEnv, loopInvariantViolation, readTrace, taskNamesByFile, tempDir } from './helpers';

const SUITES = path.join(ROOT, '.vscode-test', 'ts-suites');
const work = tempDir('covis-tssuites-');
const REDIS_PORT = 6379;

interface MochaReport {
  stats: { tests: number; passes: number; failures: number; pending: number };
  passes: { fullTitle: string }[];
  failures: { fullTitle: string; err: { message?: string } }[];
}

interface SuiteRun {
  code: number | null;
  stderr: string;
  report: MochaReport;
}

/** Runs mocha from the unpacked project with a JSON report; `preload` are node's own flags. */
function runMocha(dir: string, preload: string[], mochaArgs: string[], env: Record<string, string>, tag: string): Promise<SuiteRun> {
  const out = path.join(work, `${tag}.json`);
  const mocha = path.join(dir, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = [...preload, mocha, '--reporter', 'json', '--reporter-option', `output=${out}`, '--exit', '--timeout', '15000', ...mochaArgs];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: path.join(dir, 'package'), env: cleanEnv(env), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (!fs.existsSync(out)) return reject(new Error(`${tag}: mocha wrote no report (exit ${code})\n${stderr.slice(-3000)}`));
      resolve({ code, stderr, report: JSON.parse(fs.readFileSync(out, 'utf8')) as MochaReport });
    });
  });
}

function failures(run: SuiteRun): string {
  return run.report.failures.map((f) => `${f.fullTitle}: ${f.err.message}`).join('\n') + run.stderr.slice(-2000);
}

/** Same tests, all that pass under the project's own runner pass under the shim. */
function samePasses(own: SuiteRun, shim: SuiteRun, what: string, atLeast: number): void {
  assert.equal(own.report.stats.failures, 0, `${what}, its own runner:\n${failures(own)}`);
  assert.ok(own.report.stats.passes >= atLeast, `${what}: only ${own.report.stats.passes} tests passed under its own runner`);
  assert.equal(shim.report.stats.failures, 0, `${what} under the shim:\n${failures(shim)}`);
  assert.equal(shim.code, 0, `${what} under the shim: exit ${shim.code}\n${shim.stderr.slice(-2000)}`);
  assert.deepEqual(shim.report.passes.map((p) => p.fullTitle).sort(), own.report.passes.map((p) => p.fullTitle).sort(), `${what}: passing tests differ`);
  assert.equal(shim.report.stats.pending, own.report.stats.pending, `${what}: pending tests differ`);
}

/** What `covis check` records with: exact slice starts (ShimOptions.clockResumes). */
function checkedTraceEnv(trace: string): Record<string, string> {
  return { COVIS_OPTIONS: JSON.stringify({ tracePath: trace, clockResumes: true }) };
}

/** A project's own suite, which passes, proves nothing wrong: no finding (a finding here is a false positive). */
function noFindings(trace: string, what: string): void {
  // Loop blocks at 200 ms: a suite's setup may hold the thread on purpose (see library-suite.test.ts).
  const findings = findFindings(readTrace(trace), { blockMs: 200 }, programSources());
  assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}: ${f.message}`), [], `${what}: findings in a passing suite`);
}

/** Task counts by file of the project (relative to its package folder). */
function tasksByFile(trace: string, dir: string): Map<string, number> {
  const model = readTrace(trace);
  const violation = loopInvariantViolation(model);
  assert.equal(violation, undefined, violation);
  const names = taskNamesByFile(model, fs.realpathSync(path.join(dir, 'package')));
  return new Map([...names].map(([file, tasks]) => [file, tasks.length]));
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

let redis: ChildProcess | undefined;

/** scripts/install-ts-suites.mjs: at once when they are there (.ci/run installs them first). */
function installSuites(): void {
  const installed = spawnSync(process.execPath, [path.join(ROOT, 'scripts/install-ts-suites.mjs')], { encoding: 'utf8', timeout: 600_000 });
  assert.equal(installed.status, 0, `installing the suites failed:\n${installed.stderr}`);
}

describe('published TypeScript projects\' own suites under the shim', () => {
  before(async () => {
    installSuites();
    // bullmq's tests talk to Redis on its default port: a server of our own unless one already answers there.
    if (!(await portOpen(REDIS_PORT))) {
      redis = spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      redis.on('error', () => undefined);
      for (let i = 0; i < 50 && !(await portOpen(REDIS_PORT)); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(await portOpen(REDIS_PORT), 'redis-server did not start (Debian package redis-server; .ci/run installs it)');
    }
  });

  test('bullmq: paths aliases, fake timers, a constructed namespace import; same tests pass; tasks from its classes', async () => {
    const dir = path.join(SUITES, 'bullmq');
    // The suite's files that need no child processes (its sandboxed-processor tests fork .js
    // fixtures) and do not depend on timing (test_job once lost a write to Redis, EPIPE, on a loaded machine).
    const files = ['test_repeat', 'test_delay', 'test_events', 'test_getters', 'test_flow', 'test_pause', 'test_clean'].map((f) => `src/test/${f}.ts`);
    const own = await runMocha(dir, [], ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', ...files], { TS_NODE_TRANSPILE_ONLY: '1' }, 'bullmq-own');
    const trace = path.join(work, 'bullmq.covis');
    const shim = await runMocha(dir, ['--require', REGISTER], files, checkedTraceEnv(trace), 'bullmq-shim');
    samePasses(own, shim, 'bullmq', 60);
    const byFile = tasksByFile(trace, dir);
    for (const file of ['src/classes/queue.ts', 'src/classes/worker.ts', 'src/classes/repeat.ts', 'src/test/test_repeat.ts']) {
      assert.ok((byFile.get(file) ?? 0) > 0, `no task from ${file} (${JSON.stringify([...byFile])})`);
    }
    // Its one fire-and-forget loop (QueueScheduler.run) is marked `tslint:disable: no-floating-promises` by its authors.
    noFindings(trace, 'bullmq');
  });

  test('tsnode-di: constructor injection by decorator metadata; same tests pass', async () => {
    const dir = path.join(SUITES, 'tsnode-di');
    const own = await runMocha(dir, [], ['--require', 'ts-node/register', 'src/**/*spec.ts'], { TS_NODE_TRANSPILE_ONLY: '1' }, 'di-own');
    const trace = path.join(work, 'di.covis');
    const shim = await runMocha(dir, ['--require', REGISTER], ['src/**/*spec.ts'], { COVIS_TRACE: trace }, 'di-shim');
    samePasses(own, shim, 'tsnode-di', 11);
    // Recording, though it has no coroutines of its own to show (no file of it claims the trace).
  });
});

/** TAP from node --test: counts and the names of passing test points. */
function tap(out: string): { pass: number; fail: number; names: string[] } {
  const count = (label: string): number => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(out)?.[1] ?? -1);
  return { pass: count('pass'), fail: count('fail'), names: [...out.matchAll(/^\s*ok \d+ - (.*)$/gm)].map((m) => m[1]).sort() };
}

test('@neshca/cache-handler: its node:test suite (ES modules, top-level awaits) as tsx runs it; tasks from its helpers', () => {
  installSuites();
  const dir = path.join(SUITES, 'neshca-cache-handler', 'package');
  const files = fs.readdirSync(path.join(dir, 'src'), { recursive: true }).map(String).filter((f) => f.endsWith('.test.ts')).map((f) => path.join('src', f)).sort();
  assert.ok(files.length >= 2, `test files: ${files.join(', ')}`);
  const tsx = spawnSync(process.execPath, [path.join(SUITES, 'neshca-cache-handler', 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--test', '--test-concurrency=1', ...files], { cwd: dir, env: cleanEnv(), encoding: 'utf8', timeout: 120_000 });
  const trace = path.join(work, 'neshca.covis');
  const shim = spawnSync(process.execPath, ['--require', REGISTER, '--test', '--test-concurrency=1', ...files], { cwd: dir, env: cleanEnv(checkedTraceEnv(trace)), encoding: 'utf8', timeout: 120_000 });
  const own = tap(tsx.stdout);
  const under = tap(shim.stdout);
  assert.equal(tsx.status, 0, tsx.stdout + tsx.stderr);
  assert.ok(own.pass >= 15 && own.fail === 0, JSON.stringify(own));
  assert.equal(shim.status, 0, shim.stdout + shim.stderr);
  assert.deepEqual(under, own);
  // node --test runs each file in a process of its own: the first that runs a coroutine records (docs/test-runners.md).
  const byFile = tasksByFile(trace, path.dirname(dir));
  assert.ok((byFile.get('src/helpers/promise-with-timeout.test.ts') ?? 0) >= 5, JSON.stringify([...byFile]));
  noFindings(trace, '@neshca/cache-handler');
});

after(() => {
  redis?.kill();
  fs.rmSync(work, { recursive: true, force: true });
});
