// Worker threads and child Node processes recorded into the program's trace, each as a loop of
// its own: real programs (test/runtime/fixtures/loops) run through `covis record`, their output
// compared with a plain run.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { TurnKind } from '../../protocol/events';
import { SegmentState, wakerIsTurn, wakerTurnIndex, type TraceModel } from '../../protocol/model';
import { CLI, HAVE_NODE24, loopInvariantViolation, NODE24, NODE24_MISSING, readTrace, ROOT, runNode, tempDir } from './helpers';

const FIXTURES = path.join(ROOT, 'test/runtime/fixtures/loops');

function record(program: string, extra: string[] = [], node?: string): { model: TraceModel; stdout: string; code: number | null; stderr: string } {
  const trace = path.join(tempDir(), 'loops.covis');
  const run = runNode([CLI, 'record', '-q', '-o', trace, ...extra, '--', path.join(FIXTURES, program)], { timeout: 60_000, node });
  return { model: readTrace(trace), stdout: run.stdout, code: run.code, stderr: run.stderr };
}

function plain(program: string, node?: string): { stdout: string; code: number | null } {
  const run = runNode([path.join(FIXTURES, program)], { timeout: 60_000, node });
  return { stdout: run.stdout, code: run.code };
}

/** Node 20 hooks ES modules on a hooks thread per worker; Node 24 in the worker's own thread. */
const NODES: [string, string | undefined][] = [['Node 20', undefined], ['Node 24', HAVE_NODE24 ? NODE24 : undefined]];

function loopNamed(model: TraceModel, pattern: RegExp): number[] {
  return model.loops.filter((loop) => pattern.test(loop.name)).map((loop) => loop.index);
}

function taskNames(model: TraceModel, loop: number): string[] {
  return model.tasks.filter((task) => task && task.loop === loop).map((task) => task.name);
}

for (const [nodeName, node] of NODES) test(`${nodeName}: worker threads, a nested one included, are loops of their own with their tasks, tied to who started them`, { skip: nodeName === 'Node 24' && !node ? NODE24_MISSING : false }, () => {
  const { model, stdout, code } = record('workers.mjs', [], node);
  assert.deepEqual({ stdout, code }, plain('workers.mjs', node));
  assert.equal(model.loops.length, 4, model.loops.map((l) => l.name).join(', '));
  const jobs = loopNamed(model, /^worker \d+ \(job-worker\.mjs\)$/);
  const [leaf] = loopNamed(model, /^worker \d+ \(leaf-worker\.mjs\)$/);
  assert.equal(jobs.length, 2);
  for (const loop of jobs) {
    assert.equal(model.loops[loop].parent, 0);
    assert.ok(taskNames(model, loop).includes('job'), taskNames(model, loop).join());
    assert.equal(model.loops[loop].end?.reason, 'exit');
    // Started by the task that called runWorker (collect), in the main loop.
    const starter = model.tasks[model.loops[loop].spawnedBy!.task];
    assert.equal(starter?.name, 'collect');
  }
  assert.ok(jobs.includes(model.loops[leaf].parent), 'the leaf worker hangs under the worker that started it');
  assert.deepEqual(taskNames(model, leaf).sort(), ['<top-level await>', 'leaf']);
  assert.equal(model.tasks[model.loops[leaf].spawnedBy!.task]?.name, 'nestedJob');
  // Each worker's result reached its parent in a message turn: three links, one per worker.
  assert.equal(model.links.length, 3);
  for (const link of model.links) {
    assert.ok(link.toTurn >= 0);
    assert.equal(model.turns.kind.data[link.toTurn], TurnKind.Message);
    assert.equal(model.turns.loop.data[link.toTurn], link.toLoop);
    assert.equal(link.toLoop, model.loops[link.fromLoop].parent);
    assert.ok(link.received >= link.sent, 'received after it was sent, on one clock');
  }
  assert.equal(loopInvariantViolation(model), undefined);
});

for (const [nodeName, node] of NODES) test(`${nodeName}: a forked child (IPC) and a plainly spawned node are loops, and the IPC reply wakes the task that awaited it`, { skip: nodeName === 'Node 24' && !node ? NODE24_MISSING : false }, () => {
  const { model, stdout, code } = record('processes.mjs', [], node);
  assert.deepEqual({ stdout, code }, plain('processes.mjs', node));
  const [forked] = loopNamed(model, /^ipc-child\.mjs \(pid \d+\)$/);
  const [spawned] = loopNamed(model, /^plain-child\.mjs \(pid \d+\)$/);
  assert.ok(forked > 0 && spawned > 0, model.loops.map((l) => l.name).join(', '));
  assert.ok(taskNames(model, forked).includes('answer'));
  assert.ok(taskNames(model, spawned).includes('plainWork'));
  assert.equal(model.tasks[model.loops[forked].spawnedBy!.task]?.name, 'askChild');
  assert.equal(model.tasks[model.loops[spawned].spawnedBy!.task]?.name, 'runPlain');
  assert.notEqual(model.loops[forked].hello!.pid, model.hello!.pid);
  const reply = model.links.find((link) => link.fromLoop === forked);
  assert.ok(reply && reply.toLoop === 0 && reply.toTurn >= 0, 'the reply is tied to the turn that delivered it');
  assert.ok(reply.received >= reply.sent, `two processes on one clock: received ${reply.received} after sent ${reply.sent}`);
  assert.equal(model.string(model.turns.label.data[reply.toTurn]), `message from process ${model.loops[forked].hello!.pid}`);
  // askChild, suspended on the reply, was woken by that turn: what it waited on is the child.
  const asker = model.tasks.find((t) => t && t.name === 'askChild')!;
  const wakers: number[] = [];
  for (let i = 0; i < model.segmentCount; i++) {
    if (model.segments.task.data[i] === asker.id && model.segments.state.data[i] === SegmentState.Ready) wakers.push(model.segments.other.data[i]);
  }
  assert.ok(wakers.some((waker) => wakerIsTurn(waker) && wakerTurnIndex(waker) === reply.toTurn), `askChild's wakers: ${wakers.join()}`);
  assert.equal(loopInvariantViolation(model), undefined);
});

test('cluster workers are loops named by their cluster id', () => {
  const { model, stdout, code } = record('cluster.mjs');
  assert.deepEqual({ stdout, code }, plain('cluster.mjs'));
  const workers = loopNamed(model, /^cluster worker [12] \(pid \d+\)$/);
  assert.equal(workers.length, 2, model.loops.map((l) => l.name).join(', '));
  for (const loop of workers) {
    assert.ok(taskNames(model, loop).includes('serve'));
    assert.equal(model.loops[loop].parent, 0);
    assert.equal(model.loops[loop].end?.reason, 'process-exit');
  }
});

test('a killed child and a terminated worker keep what they recorded and are marked cut short', () => {
  const { model, stdout, code } = record('cut-short.mjs');
  assert.deepEqual({ stdout, code }, plain('cut-short.mjs'));
  const [child] = loopNamed(model, /^doomed-child\.mjs/);
  const [worker] = loopNamed(model, /^worker \d+ \(doomed-worker\.mjs\)$/);
  assert.ok(taskNames(model, child).includes('beforeTheEnd'), taskNames(model, child).join());
  assert.ok(taskNames(model, worker).includes('spinning'), taskNames(model, worker).join());
  assert.equal(model.loops[child].end?.reason, 'crash');
  assert.equal(model.loops[worker].end?.reason, 'terminated');
  assert.ok(model.loopCutShort(child) && model.loopCutShort(worker));
  assert.ok(!model.cutShort, 'the program itself ran to its end');
  // What the killed child was doing when it died: suspended, still live.
  const task = model.tasks.find((t) => t && t.loop === child && t.name === 'beforeTheEnd')!;
  assert.equal(task.outcome, 'live');
});

test('a child that outlives its parent is recorded to its end', () => {
  const { model, stdout, code, stderr } = record('outlive.mjs');
  assert.deepEqual({ stdout, code }, plain('outlive.mjs'));
  const [late] = loopNamed(model, /^late-child\.mjs/);
  assert.ok(late > 0, `the late child is a loop (${model.loops.map((l) => l.name).join(', ')}; ${stderr})`);
  const work = model.tasks.find((t) => t && t.loop === late && t.name === 'lateWork');
  assert.equal(work?.outcome, 'completed');
  assert.equal(model.loops[late].end?.reason, 'exit');
  const main = model.loops[0].turns;
  const mainEnded = model.turnEnd(main.data[main.length - 1]);
  assert.ok(work!.ended > mainEnded, `it ended (${work!.ended}) after its parent (${mainEnded})`);
});

test('--main-only records the program alone, as before', () => {
  const { model, stdout, code } = record('workers.mjs', ['--main-only']);
  assert.deepEqual({ stdout, code }, plain('workers.mjs'));
  assert.equal(model.loops.length, 1);
  assert.deepEqual(taskNames(model, 0).sort(), ['<top-level await>', 'collect']);
});

test('TypeScript workers and children run as tsx runs them (on Node 24; tsx cannot load a TypeScript worker on Node 20, the shim does, with the same output)', { skip: HAVE_NODE24 ? false : NODE24_MISSING }, () => {
  const program = 'ts-workers/main.ts';
  const tsx = runNode([path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(FIXTURES, program)], { node: NODE24, timeout: 60_000 });
  assert.equal(tsx.code, 0, tsx.stderr);
  for (const node of [NODE24, undefined]) {
    const { model, stdout, code, stderr } = record(program, [], node);
    assert.deepEqual({ stdout, stderr, code }, { stdout: tsx.stdout, stderr: tsx.stderr, code: tsx.code });
    const workers = loopNamed(model, /^worker \d+ \(worker\.ts\)$/);
    const [child] = loopNamed(model, /^child\.ts \(pid \d+\)$/);
    assert.equal(workers.length, 2);
    assert.ok(child > 0);
    // The second worker failed: its task failed with the error the parent printed.
    const failed = model.tasks.find((t) => t && workers.includes(t.loop) && t.outcome === 'failed');
    assert.match(failed?.summary ?? '', /cannot fail/);
    assert.ok(workers.some((loop) => model.loops[loop].end?.reason === 'uncaught-exception'));
    assert.equal(model.sites.get(failed!.defSite)?.line, 5, 'sites at the TypeScript lines of worker.ts');
  }
});
