/**
 * The test runners people run, recorded with `covis record -- <command>`: mocha and `node --test`
 * on a TypeScript project (a tsconfig `paths` alias, a type imported without `type`), whose
 * trace holds the tasks of the test files and of the code under test.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { CLI, ROOT, readTrace, runNode, stampTree, tempDir } from './helpers';

const PROJECT = path.join(__dirname, 'fixtures', 'runner-project');
const MOCHA = path.join(ROOT, 'node_modules/mocha/bin/mocha.js');
const work = tempDir('covis-runners-');
const before = stampTree(PROJECT);

/** Task names by the project file that defines them. */
function tasksByFile(trace: string): Map<string, string[]> {
  const model = readTrace(trace);
  const byFile = new Map<string, string[]>();
  for (const task of model.tasks) {
    const file = task ? model.sites.get(task.defSite)?.file : undefined;
    if (!file?.startsWith(PROJECT)) continue;
    const rel = path.relative(PROJECT, file);
    byFile.set(rel, [...(byFile.get(rel) ?? []), task!.name]);
  }
  return byFile;
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
  });

  test('node --test: the test file, run in the runner\'s child process, and the code under test are recorded', () => {
    const trace = path.join(work, 'node-test.covis');
    const run = runNode([CLI, 'record', '-q', '-o', trace, '--', process.execPath, '--test', 'test/limiter.test.ts'], { cwd: PROJECT, timeout: 60_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^# pass 1$/m);
    const byFile = tasksByFile(trace);
    assert.ok(byFile.get('src/limiter.ts')?.includes('delay'), `delay recorded: ${JSON.stringify([...byFile])}`);
    assert.ok(byFile.has('test/limiter.test.ts'), 'the test body recorded');
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
