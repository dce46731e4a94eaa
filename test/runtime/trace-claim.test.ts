// COVIS_TRACE through NODE_OPTIONS: every Node process of a tree loads the shim; the trace must
// go to the process that runs the user's code, not to npm/a runner in front of it, and not be
// overwritten by the processes the program starts itself.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REGISTER, ROOT, readTrace, runNode, tempDir } from './helpers';

const FIXTURE = path.join(ROOT, 'test/runtime/fixtures/claim');

function runWithNodeOptions(entry: string, trace: string) {
  return runNode([entry], { env: { COVIS_TRACE: trace, NODE_OPTIONS: `--require ${REGISTER}` } });
}

test('a runner in node_modules does not take the trace; the user program does, and its forked child does not', () => {
  const trace = path.join(tempDir(), 'claim.covis');
  const run = runWithNodeOptions(path.join(FIXTURE, 'node_modules/fake-runner/index.js'), trace);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'child done\nparent done\n');
  const model = readTrace(trace);
  assert.equal(model.end?.reason, 'exit');
  assert.equal(model.hello?.argv.at(-1), path.join(FIXTURE, 'app.js'), 'the parent app, not the runner or the child');
  assert.deepEqual(model.tasks.filter(Boolean).map((t) => t.name), ['parent']);
  assert.equal(fs.existsSync(`${trace}.lock`), false, 'the lock goes away with its owner');
});

test('a second run overwrites the trace; a stale lock from a dead process does not block it', () => {
  const trace = path.join(tempDir(), 'again.covis');
  runWithNodeOptions(path.join(FIXTURE, 'app.js'), trace);
  const firstPid = readTrace(trace).hello?.pid;
  fs.writeFileSync(`${trace}.lock`, '999999999');
  const run = runWithNodeOptions(path.join(FIXTURE, 'app.js'), trace);
  assert.equal(run.code, 0, run.stderr);
  const second = readTrace(trace);
  assert.notEqual(second.hello?.pid, firstPid, 'written by the second run');
  assert.equal(second.end?.reason, 'exit');
});

test('a trace path that cannot be written is reported (by each process that tries); the program runs as usual', () => {
  const trace = path.join(tempDir(), 'no-such-folder', 'x.covis');
  const plain = runNode([path.join(FIXTURE, 'app.js')]);
  const run = runWithNodeOptions(path.join(FIXTURE, 'app.js'), trace);
  assert.equal(run.code, plain.code);
  assert.equal(run.stdout, plain.stdout);
  assert.match(run.stderr, /coroutine-visualizer: cannot write the trace .*no-such-folder.*ENOENT/);
  assert.equal(run.stderr.match(/cannot write the trace/g)?.length, 2, 'the app and the child it forks');
  assert.equal(fs.existsSync(trace), false);
});
