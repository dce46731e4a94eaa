// The documented entry points: `node --import coroutine-visualizer/register` and `--require`
// (package self-reference from the repository root), with COVIS_TRACE writing a trace.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import * as fs from 'node:fs';
import { HAVE_NODE24, NODE24, NODE24_MISSING, ROOT, readTrace, runNode, tempDir } from './helpers';

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

// Node runs preloads in its module-hooks thread too; the shim must skip it there (it would
// delay every start and, on Node 20, register its hooks twice), yet still load in the
// program's own worker threads. `verbose` logs one line per thread the shim starts in.
// From Node 24 the hooks run in the program's thread (module.registerHooks): no thread at all.
const major = Number(process.versions.node.split('.')[0]);
const hooksWhere = (m: number): string => (m >= 24 ? 'in this thread' : "on Node's hooks thread");
for (const [label, node, where, skip] of [[`Node ${major}`, process.execPath, hooksWhere(major), false], ['Node 24', NODE24, hooksWhere(24), HAVE_NODE24 ? false : NODE24_MISSING]] as const) {
  test(`${label}: the shim starts in the main thread and the program's workers, not in Node's hooks thread`, { skip }, () => {
    const dir = tempDir();
    const program = path.join(dir, 'workers.mjs');
    fs.writeFileSync(program, "import { Worker } from 'node:worker_threads';\nconst worker = new Worker('process.exitCode = 0', { eval: true });\nworker.on('exit', () => console.log('worker done'));\n");
    const trace = path.join(dir, 'workers.covis');
    const run = runNode(['--require', 'coroutine-visualizer/register', program], { node, cwd: ROOT, env: { COVIS_OPTIONS: JSON.stringify({ tracePath: trace, verbose: true }) } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'worker done\n');
    const starts = run.stderr.split('\n').filter((line) => line.startsWith('coroutine-visualizer: loaded'));
    assert.deepEqual(starts.map((line) => line.replace(/pid \d+/, 'pid N')), [`coroutine-visualizer: loaded in pid N, recording, ES module hooks ${where}`, `coroutine-visualizer: loaded in pid N, ES module hooks ${where}`], run.stderr);
    assert.equal(readTrace(trace).end?.reason, 'exit');
  });
}
