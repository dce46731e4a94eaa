/**
 * The view's pure layers on a hand-built trace of four loops (a main thread, its worker, that
 * worker's own worker, a child process that dies mid-run), in Node: lane rows grouped by loop
 * (tree order, collapse, filters, a 100,000-deep chain), hit-testing a loop's row, each loop's
 * turns found by time although the model's turn columns mix loops, replay, statistics and
 * the words for messages and started loops.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventKind, TurnKind, WaitKind, type Site } from '../../protocol/events';
import { describeTurn, describeTurnShort, loopFacts, loopLabel, wokenBy } from '../../webview/describe';
import { computeRows, LaneFilter, SegmentIndex } from '../../webview/lanes';
import { AXIS_HEIGHT, hitTest, LABEL_WIDTH_MAX, LANE_HEIGHT, laneY, LOOP_HEIGHT, TimeScale } from '../../webview/layout';
import { Span, turnSpans } from '../../webview/lod';
import { firstTurnFrom, loopOrder, loopTurns, turnAt } from '../../webview/loops';
import { anyLoopBusy, lastTurnEndBefore, nextTurnStart, snapshotAt } from '../../webview/replay';
import { rangeStats } from '../../webview/stats';
import { loopSession, LoopStream } from './loopTrace';

const asyncSite = (id: number, name: string, file: string): Site => ({ id, kind: 'async', name, file, line: 1, column: 1 });
const awaitSite = (id: number, fn: number, file: string): Site => ({ id, kind: 'await', name: 'await sleep()', file, line: 2, column: 3, fn });

/**
 * Loop 0: `main` starts worker 7 and waits for its message (turn at 20); `tick` runs at 10 and 30.
 * Loop 1 (worker 7, clock +5): `work` and its child `part`; `work` posts the message at 13.5.
 * Loop 2 (child process 2, clock +2): one task, then the stream stops (no End: cut short).
 * Loop 3 (worker 8, started by worker 7, clock +6): one task `leaf`.
 */
const MAIN: LoopStream = {
  pid: 1, threadId: 0, startEpochMs: 1000, name: 'app.ts (pid 1)',
  sites: [asyncSite(1, 'main', '/p/app.ts'), asyncSite(2, 'tick', '/p/app.ts'), awaitSite(3, 1, '/p/app.ts')],
  strings: ['message from worker 7', '1/7>up', '1/7'],
  events: [
    [EventKind.TurnBegin, 0, -1, -1, TurnKind.Script],
    [EventKind.TaskCreate, 0.1, 1, 1, -1],
    [EventKind.Spawn, 1, 1, -1, 2],
    [EventKind.TaskCreate, 1.5, 2, 2, 1],
    [EventKind.Suspend, 1.6, 2, 3, WaitKind.Timer],
    [EventKind.Suspend, 2, 1, 3, WaitKind.Promise],
    [EventKind.TurnBegin, 10, -1, -1, TurnKind.Timer],
    [EventKind.Resume, 10, 2],
    [EventKind.Suspend, 11, 2, 3, WaitKind.Timer],
    [EventKind.TurnBegin, 20, -1, -1, TurnKind.Message, 0],
    [EventKind.Receive, 20, -1, -1, 1, 1],
    [EventKind.Resume, 20.2, 1],
    [EventKind.Complete, 21, 1],
    [EventKind.TurnBegin, 30, -1, -1, TurnKind.Timer],
    [EventKind.Resume, 30, 2],
    [EventKind.Complete, 30.5, 2],
  ],
  end: 'exit',
};
const WORKER: LoopStream = {
  pid: 1, threadId: 7, parentThreadId: 0, startEpochMs: 1005, name: 'worker 7 (w.js)',
  sites: [asyncSite(1, 'work', '/p/w.js'), asyncSite(2, 'part', '/p/w.js'), awaitSite(3, 1, '/p/w.js')],
  strings: ['1/7>up'],
  events: [
    [EventKind.TurnBegin, 0, -1, -1, TurnKind.Script],
    [EventKind.TaskCreate, 0.1, 1, 1, -1],
    [EventKind.TaskCreate, 0.2, 2, 2, 1],
    [EventKind.Suspend, 0.3, 2, 3, WaitKind.Timer],
    [EventKind.Suspend, 0.4, 1, 3, WaitKind.Task, 2],
    [EventKind.TurnBegin, 8, -1, -1, TurnKind.Timer],
    [EventKind.Resume, 8.1, 2],
    [EventKind.Complete, 8.2, 2],
    [EventKind.Resume, 8.3, 1],
    [EventKind.Send, 8.5, 1, -1, 0, 1],
    [EventKind.Complete, 9, 1],
    // The model closes a loop's open turn at its End frame at the trace's latest time (the main
    // thread's 30.5 here): a TurnEnd keeps the turn to the loop's own last event.
    [EventKind.TurnEnd, 9, -1],
  ],
  end: 'exit',
};
const CHILD: LoopStream = {
  pid: 2, threadId: 0, ppid: 1, startEpochMs: 1002, name: 'child.js (pid 2)',
  sites: [asyncSite(1, 'serve', '/p/child.js'), awaitSite(2, 1, '/p/child.js')],
  events: [
    [EventKind.TurnBegin, 1, -1, -1, TurnKind.Script],
    [EventKind.TaskCreate, 1.1, 1, 1, -1],
    [EventKind.Suspend, 1.5, 1, 2, WaitKind.Timer],
  ],
};
const LEAF: LoopStream = {
  pid: 1, threadId: 8, parentThreadId: 7, startEpochMs: 1006, name: 'worker 8 (leaf.js)',
  sites: [asyncSite(1, 'leaf', '/p/leaf.js')],
  events: [
    [EventKind.TurnBegin, 0, -1, -1, TurnKind.Script],
    [EventKind.TaskCreate, 0.1, 1, 1, -1],
    [EventKind.Complete, 0.3, 1],
    [EventKind.TurnEnd, 0.3, -1],
  ],
  end: 'exit',
};

const session = loopSession([MAIN, WORKER, CHILD, LEAF]);
const m = session.model;
const open = (extra: Partial<LaneFilter> = {}): LaneFilter => ({ query: '', hideCompleted: false, collapsed: new Set(), collapsedLoops: new Set(), ...extra });
const idOf = (name: string): number => m.tasks.find((t) => t?.name === name)!.id;
/** Rows as names: tasks by name, loop rows as [loop name]. */
const shown = (rows: ReturnType<typeof computeRows>): string[] =>
  Array.from({ length: rows.count }, (_, r) => (rows.loop[r] >= 0 ? `[${m.loops[rows.loop[r]].name}]` : m.tasks[rows.task[r]]!.name));

function linear(t0: number, t1: number, x0: number, x1: number): TimeScale {
  const f = ((t: number) => x0 + ((t - t0) / (t1 - t0)) * (x1 - x0)) as TimeScale;
  f.invert = (x: number) => t0 + ((x - x0) / (x1 - x0)) * (t1 - t0);
  f.domain = () => [t0, t1];
  return f;
}

test('the model as the view reads it: four loops, turns of different loops interleaved in the turn columns', () => {
  assert.equal(session.problem.kind, 'none');
  assert.deepEqual(m.loops.map((l) => l.name), ['app.ts (pid 1)', 'worker 7 (w.js)', 'child.js (pid 2)', 'worker 8 (leaf.js)']);
  assert.deepEqual(m.loops.map((l) => l.parent), [-1, 0, 0, 1]);
  const starts = Array.from(m.turns.start.data.subarray(0, m.turnCount));
  assert.ok(starts.some((t, i) => i > 0 && t < starts[i - 1]), `turn starts out of order across loops: ${starts}`);
  assert.equal(m.loops[1].spawnedBy?.task, idOf('main'));
  assert.equal(m.links.length, 1);
  assert.ok(m.loopCutShort(2) && !m.loopCutShort(1));
});

describe('lane rows grouped by loop', () => {
  test('tree order of loops (a worker of a worker under its parent), each followed by its own task tree', () => {
    assert.deepEqual(loopOrder(m), [{ loop: 0, depth: 0 }, { loop: 1, depth: 1 }, { loop: 3, depth: 2 }, { loop: 2, depth: 1 }]);
    const rows = computeRows(m, open());
    assert.deepEqual(shown(rows), ['main', 'tick', '[worker 7 (w.js)]', 'work', 'part', '[worker 8 (leaf.js)]', 'leaf', '[child.js (pid 2)]', 'serve']);
    assert.deepEqual([...rows.depth.subarray(0, rows.count)], [0, 1, 0, 1, 2, 1, 2, 0, 1], 'a loop row heads its tasks; the first loop has the fixed lane, no row');
    assert.equal(rows.loopRows, 3);
    assert.deepEqual([...rows.loopRowOf], [-1, 2, 7, 5]);
    assert.deepEqual([...rows.loopTasks], [2, 2, 1, 1]);
    assert.equal(rows.rowOf[idOf('part')], 4);
    assert.equal(rows.hidden, 0);
  });

  test('a collapsed loop keeps its row and hides its tasks (only its own: a nested loop keeps its row)', () => {
    const rows = computeRows(m, open({ collapsedLoops: new Set([1]) }));
    assert.deepEqual(shown(rows), ['main', 'tick', '[worker 7 (w.js)]', '[worker 8 (leaf.js)]', 'leaf', '[child.js (pid 2)]', 'serve']);
    assert.equal(rows.hidden, 2);
    assert.equal(rows.rowOf[idOf('work')], -1);
    const first = computeRows(m, open({ collapsedLoops: new Set([0]) }));
    assert.equal(first.rowOf[idOf('main')], -1, 'the first loop collapses too (from its fixed lane)');
    assert.equal(first.loopRowOf[1], 0);
  });

  test('filters: a loop row stays when one of its tasks matches or its name does (then with all its tasks)', () => {
    assert.deepEqual(shown(computeRows(m, open({ query: 'part' }))), ['[worker 7 (w.js)]', 'part']);
    assert.deepEqual(shown(computeRows(m, open({ query: 'leaf.js' }))), ['[worker 8 (leaf.js)]', 'leaf']);
    assert.deepEqual(shown(computeRows(m, open({ query: 'worker 7' }))), ['[worker 7 (w.js)]', 'work', 'part']);
    assert.deepEqual(shown(computeRows(m, open({ query: 'worker 7', collapsedLoops: new Set([1]) }))), ['[worker 7 (w.js)]']);
    assert.deepEqual(shown(computeRows(m, open({ query: 'nothing like it' }))), []);
    // hide completed: loop rows stay (they are the threads, not tasks), the unfinished `serve` too.
    assert.deepEqual(shown(computeRows(m, open({ hideCompleted: true }))), ['[worker 7 (w.js)]', '[worker 8 (leaf.js)]', '[child.js (pid 2)]', 'serve']);
  });

  test('a trace of one loop has no loop rows, as before', () => {
    const single = loopSession([MAIN]).model;
    const rows = computeRows(single, open());
    assert.equal(rows.loopRows, 0);
    assert.deepEqual([...rows.loop.subarray(0, rows.count)], [-1, -1]);
    assert.equal(loopLabel(single, 0), 'event loop (one thread)');
    assert.equal(loopLabel(m, 0), 'main thread — app.ts (pid 1)');
  });

  test('a 100,000-deep chain of tasks on a worker: no stack overflow, depth under its loop row', () => {
    const N = 100_000;
    const events: LoopStream['events'] = [[EventKind.TurnBegin, 0, -1, -1, TurnKind.Script]];
    for (let i = 1; i <= N; i++) events.push([EventKind.TaskCreate, i * 1e-4, i, 1, i - 1]);
    const deep = loopSession([{ ...MAIN, events: MAIN.events.slice(0, 2), end: 'exit' }, { ...WORKER, events, end: 'exit' }]).model;
    const rows = computeRows(deep, open());
    assert.equal(rows.count, 1 + 1 + N);
    assert.equal(rows.loop[1], 1);
    assert.equal(rows.depth[2], 1);
    assert.equal(rows.depth[rows.count - 1], Math.min(N, 65535));
    assert.equal(computeRows(deep, open({ collapsedLoops: new Set([1]) })).count, 2);
  });
});

describe('hit-testing and turns per loop', () => {
  const rows = computeRows(m, open());
  const index = new SegmentIndex(m);
  index.update();
  // 10 px per ms from the label column on.
  const x = linear(0, 40, LABEL_WIDTH_MAX, LABEL_WIDTH_MAX + 400);
  const view = { width: LABEL_WIDTH_MAX + 400, height: 400, scrollY: 0, labelWidth: LABEL_WIDTH_MAX };
  const workerTurns = Array.from(loopTurns(m, 1));

  test("each loop's turns by time, although the turn columns are not sorted across loops", () => {
    assert.equal(workerTurns.length, 2);
    assert.deepEqual(workerTurns.map((t) => m.turns.start.data[t]), [5, 13]);
    assert.equal(loopTurns(m, 1)[firstTurnFrom(m, 1, 13.5)], workerTurns[1]);
    assert.equal(turnAt(m, 1, 13.5), workerTurns[1]);
    assert.equal(turnAt(m, 0, 13.5), -1, 'the main thread is idle then');
    assert.equal(m.turns.start.data[turnAt(m, 0, 10.5)], 10);
    const spans: Span[] = [];
    turnSpans(m, 1, x, LABEL_WIDTH_MAX, view.width, (span) => spans.push(span), { visited: 0, drawn: 0 });
    assert.deepEqual(spans.map((s) => s.item), workerTurns, "a loop row draws that loop's turns only");
  });

  test("a loop row hit gives that loop's turn under the pointer; its label gives the loop", () => {
    const y = laneY(rows.loopRowOf[1], 0) + LANE_HEIGHT / 2;
    assert.deepEqual(hitTest(m, rows, index, x, view, x(13.5), y), { kind: 'turn', turn: workerTurns[1], loop: 1, row: 2 });
    assert.deepEqual(hitTest(m, rows, index, x, view, 40, y), { kind: 'loop', loop: 1, row: 2 });
    const fixed = AXIS_HEIGHT + LOOP_HEIGHT / 2;
    assert.deepEqual(hitTest(m, rows, index, x, view, x(13.5), fixed), { kind: 'none' }, "the fixed lane is the first loop's only: no worker turn there");
    const tick = hitTest(m, rows, index, x, view, x(10.5), fixed);
    assert.equal(tick.kind === 'turn' && tick.loop, 0);
    assert.deepEqual(hitTest(m, rows, index, x, view, 40, fixed), { kind: 'loop', loop: 0, row: -1 });
    const part = hitTest(m, rows, index, x, view, x(5.25), laneY(rows.rowOf[idOf('part')], 0) + LANE_HEIGHT / 2);
    assert.equal(part.kind === 'segment' && part.task, idOf('part'));
    // One loop: the fixed lane's label is no control.
    const single = loopSession([MAIN]).model;
    const singleRows = computeRows(single, open());
    assert.deepEqual(hitTest(single, singleRows, new SegmentIndex(single), x, view, 40, fixed), { kind: 'none' });
  });

  test('replay: every loop at t, idle only when all are', () => {
    const snap = snapshotAt(m, index, 13.5);
    assert.equal(snap.turn, -1);
    assert.deepEqual(snap.loops.map((l) => l.turn), [-1, workerTurns[1], -1, -1]);
    assert.ok(anyLoopBusy(m, 13.5));
    assert.ok(!anyLoopBusy(m, 15));
    assert.equal(nextTurnStart(m, 15, 99), 20);
    assert.equal(lastTurnEndBefore(m, 15, 0), 14);
  });

  test('statistics: busy share per loop, the longest turn on whichever loop', () => {
    const stats = rangeStats(m, 0, 40);
    assert.equal(stats.loopBusy.length, 4);
    assert.ok(Math.abs(stats.loopBusy[1] - (0.4 + 1) / 40) < 1e-9, `worker busy ${stats.loopBusy[1]}`);
    assert.equal(stats.busy, stats.loopBusy[0]);
  });
});

describe('words for messages and started loops', () => {
  const index = new SegmentIndex(m);
  index.update();
  const main = m.tasks[idOf('main')]!;
  const messageTurn = m.links[0].toTurn;

  test('a message turn says who sent it; a task it woke says so', () => {
    assert.equal(describeTurnShort(m, messageTurn), 'message from worker 7');
    assert.match(describeTurn(m, messageTurn)[0], /^app\.ts \(pid 1\): message from worker 7$/);
    const ready = index.of(main.id).find((s) => m.segments.state.data[s] === 2)!;
    assert.equal(wokenBy(m, ready), 'message from worker 7');
  });

  test('the details of a task: the loop it ran on, the loops it started, the messages that woke it and it posted', () => {
    const facts = loopFacts(m, main, index.of(main.id));
    assert.equal(facts[0], 'runs on main thread — app.ts (pid 1)');
    assert.ok(facts.some((f) => /^started worker 7 \(w\.js\) at 1\.00 ms$/.test(f)), facts.join(' | '));
    assert.ok(facts.some((f) => /^woken by message from worker 7 at 20\.0 ms$/.test(f)), facts.join(' | '));
    const work = m.tasks[idOf('work')]!;
    assert.ok(loopFacts(m, work, index.of(work.id)).includes('posted 1 message to another loop'));
    assert.deepEqual(loopFacts(loopSession([MAIN]).model, main, []), [], 'nothing to say with one loop');
  });
});
