/**
 * The test runners people run, recorded with `covis record -- <command>`: mocha and `node --test`
 * (the shim's hooks load their TypeScript), Vitest (its Vite plugin, coroutine-visualizer/vite)
 * and Jest with ts-jest (its transformer, coroutine-visualizer/jest), on a TypeScript project
 * (a tsconfig `paths` alias, a type imported without `type`), whose trace holds the tasks of the
 * test files and of the code under test. Vitest and Jest come from scripts/install-ts-suites.mjs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { CLI, ROOT, readTrace, runNode, stampTree, taskNamesByFile, tempDir } from './helpers';

const RUNNERS = path.join(ROOT, '.vscode-test', 'ts-suites', 'runners');

const PROJECT = path.join(__dirname, 'fixtures', 'runner-project');
const MOCHA = path.join(ROOT, 'node_modules/mocha/bin/mocha.js');
const work = tempDir('covis-runners-');
const before = stampTree(PROJECT);

/** Task names by the project file that defines them. */
function tasksByFile(trace: string, project = PROJECT): Map<string, string[]> {
  return taskNamesByFile(readTrace(trace), project);
}

describe('test runners under covis record', () => {
  test('mocha: TypeScript specs and the code under test are recorded; the run reports as usual', () => {
    const trace = path.join(work, 'mocha.covis');
    const run = runNode([CLI, 'record', '-q', '-o', trace, '--', process.execPath, MOCHA, 'test/*.spec.ts'], { cwd: PROJECT, timeout: 60_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /2 passing/);
    const byFile = tasksByFile(trace);
    assert.ok(byFile.get('src/limiter.ts')?.some((name) => name.includes('run')), `Limiter.run recorded: ${JSON.stringify([...byFile])}`);
    assert.ok(byFile.get('src/limiter.ts')?.includes('delay'), 'delay recorded');
    assert.ok((byFile.get('test/limiter.spec.ts')?.length ?? 0) >= 2, 'the async test bodies recorded');
    assert.equal(byFile.get('test/peak.ts')?.filter((name) => name === 'job').length, 5, 'the jobs');
  });

  test('node --test: each test file, run in a child process of its own, and the code under test are recorded into one trace', () => {
    const trace = path.join(work, 'node-test.covis');
    const run = runNode([CLI, 'record', '-q', '-o', trace, '--', process.execPath, '--test', 'test/limiter.test.ts', 'test/order.test.ts'], { cwd: PROJECT, timeout: 60_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^# pass 2$/m);
    const byFile = tasksByFile(trace);
    assert.equal(byFile.get('src/limiter.ts')?.filter((name) => name === 'delay').length, 5, `delay recorded: ${JSON.stringify([...byFile])}`);
    assert.ok(byFile.has('test/limiter.test.ts') && byFile.has('test/order.test.ts'), 'both test bodies recorded');
    assert.deepEqual(byFile.get('test/order.ts'), ['orderOf', '<anonymous>', '<anonymous>']);
    // The runner's parent runs no file of the user's: one loop per test file's process.
    const model = readTrace(trace);
    const loops = (file: string): number[] => [...new Set(model.tasks.filter((t) => t && model.sites.get(t.defSite)?.file.endsWith(file)).map((t) => t!.loop))];
    assert.equal(model.loops.length, 2, model.loops.map((l) => l.name).join(', '));
    assert.notDeepEqual(loops('limiter.test.ts'), loops('order.test.ts'));
  });

  /** The project, copied where the runners' node_modules (and this package, linked there) resolve from it. */
  function projectBesideRunners(name: string): string {
    const installed = spawnSync(process.execPath, [path.join(ROOT, 'scripts/install-ts-suites.mjs')], { encoding: 'utf8', timeout: 600_000 });
    assert.equal(installed.status, 0, `installing the runners failed:\n${installed.stderr}`);
    const self = path.join(RUNNERS, 'node_modules', 'coroutine-visualizer');
    if (!fs.existsSync(self)) fs.symlinkSync(ROOT, self, 'dir');
    const copy = path.join(RUNNERS, `project-${name}`);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(PROJECT, copy, { recursive: true });
    return fs.realpathSync(copy);
  }

  for (const [runner, bin, args, expected] of [
    ['Vitest', 'vitest/vitest.mjs', ['run'], /Tests\s+2 passed/],
    ['Jest (ts-jest)', 'jest/bin/jest.js', [], /Tests:\s+2 passed/],
  ] as const) {
    test(`${runner}: the test file and the code under test are recorded through its plugin; the run reports as usual`, () => {
      const project = projectBesideRunners(runner.split(' ')[0].toLowerCase());
      const trace = path.join(work, `${runner.split(' ')[0]}.covis`);
      const run = runNode([CLI, 'record', '-q', '-o', trace, '--', process.execPath, path.join(RUNNERS, 'node_modules', bin), ...args], { cwd: project, timeout: 120_000 });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout + run.stderr, expected);
      const byFile = tasksByFile(trace, project);
      // Both test files, wherever the runner's pool ran them: 5 delays of the peak test, 2 of the order test.
      assert.ok(byFile.get('src/limiter.ts')?.filter((name) => name === 'delay').length === 7, `seven delay tasks: ${JSON.stringify([...byFile])}`);
      const suffix = runner.split(' ')[0].toLowerCase();
      assert.ok((byFile.get(`test/limiter.${suffix}.ts`)?.length ?? 0) >= 1, 'the async test body recorded');
      assert.ok((byFile.get(`test/order.${suffix}.ts`)?.length ?? 0) >= 1, 'the second file\'s test body recorded');
      assert.ok(byFile.get('test/order.ts')?.includes('orderOf'));
      assert.equal(byFile.get('test/peak.ts')?.filter((name) => name === 'job').length, 5, 'the jobs, through the paths alias');
      // Sites name the TypeScript lines as written, through the runner's own compiler and maps.
      const model = readTrace(trace);
      const delay = model.tasks.find((t) => t?.name === 'delay');
      assert.equal(model.sites.get(delay!.defSite)?.line, 24);
    });
  }

  test('Vitest with pool threads: each worker thread that runs a test file is a loop of the trace', () => {
    const project = projectBesideRunners('vitest-threads');
    const trace = path.join(work, 'vitest-threads.covis');
    const run = runNode([CLI, 'record', '-q', '-o', trace, '--', process.execPath, path.join(RUNNERS, 'node_modules', 'vitest/vitest.mjs'), 'run', '--pool=threads'], { cwd: project, timeout: 120_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /Tests\s+2 passed/);
    const model = readTrace(trace);
    const workerLoops = model.loops.filter((loop) => /^worker \d+ /.test(loop.name));
    assert.ok(workerLoops.length >= 1 && workerLoops.length === model.loops.length, model.loops.map((l) => l.name).join(', '));
    const byFile = taskNamesByFile(model, project);
    assert.equal(byFile.get('src/limiter.ts')?.filter((name) => name === 'delay').length, 7, JSON.stringify([...byFile]));
  });

  test('a command that runs none of the user\'s files says so and exits as the command did', () => {
    const trace = path.join(work, 'none.covis');
    const run = runNode([CLI, 'record', '-o', trace, '--', process.execPath, '-e', 'process.exitCode = 4'], { cwd: work });
    assert.equal(run.code, 4);
    assert.match(run.stderr, /nothing was recorded/);
    assert.ok(!fs.existsSync(trace));
  });

  test('the recorded project is left as it was', () => {
    assert.deepEqual(stampTree(PROJECT), before);
  });
});

after(() => fs.rmSync(work, { recursive: true, force: true }));
