// The documented entry points: `node --import coroutine-visualizer/register` and `--require`
// (package self-reference from the repository root), with COVIS_TRACE writing a trace.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT, readTrace, runNode, tempDir } from './helpers';

const example = path.join(ROOT, 'examples/say-after.ts');

for (const flag of ['--import', '--require']) {
  test(`node ${flag} coroutine-visualizer/register runs a TypeScript program and writes COVIS_TRACE`, () => {
    const trace = path.join(tempDir(), 'entry.covis');
    const run = runNode([flag, 'coroutine-visualizer/register', example], { cwd: ROOT, env: { COVIS_TRACE: trace } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Hello after 300 ms\n');
    const model = readTrace(trace);
    assert.equal(model.end?.reason, 'exit');
    assert.ok(model.tasks.some((t) => t?.name === 'sayAfter'));
  });
}
