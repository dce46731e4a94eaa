import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventKind, TurnKind, WaitKind } from '../../protocol/events';
import { decodeTrace } from '../../protocol/frames';
import { SegmentState, buildModel, wakerIsTurn, wakerTurnIndex } from '../../protocol/model';
import { toChromeTrace } from '../../protocol/chromeTrace';
import { countTasks } from '../../protocol/taskCounts';
import { MAIN_CHILD_SITES, syntheticTrace, type Row } from './syntheticTrace';

const sites = MAIN_CHILD_SITES;

// main creates child, child awaits a timer, main awaits child; the timer fires at 10 ms,
// child resumes and completes, which wakes main.
const rows: Row[] = [
  [EventKind.TurnBegin, -1, 0, -1, TurnKind.Script],
  [EventKind.TaskCreate, 1, 0.1, 1, 0],
  [EventKind.TaskCreate, 2, 0.2, 2, 1],
  [EventKind.Suspend, 2, 0.3, 4, WaitKind.Timer],
  [EventKind.Suspend, 1, 0.4, 3, WaitKind.Task, 2],
  [EventKind.TurnEnd, -1, 0.4],
  [EventKind.TurnBegin, -1, 10, -1, TurnKind.Timer],
  [EventKind.Microtasks, -1, 10],
  [EventKind.Resume, 2, 10],
  [EventKind.Complete, 2, 10.5, -1, 0],
  [EventKind.Resume, 1, 10.5],
  [EventKind.Complete, 1, 10.6, -1, 0],
  [EventKind.TurnEnd, -1, 10.6],
];

function model(end = true) {
  return buildModel(decodeTrace(syntheticTrace(sites, rows, end ? {} : undefined)).frames);
}

test('tasks get names, parents and outcomes from the stream', () => {
  const m = model();
  assert.equal(m.tasks[1].name, 'main');
  assert.equal(m.tasks[2].parent, 1);
  assert.deepEqual(m.tasks[1].children, [2]);
  assert.equal(m.tasks[2].outcome, 'completed');
  assert.equal(m.tasks[2].summary, 'undefined');
  assert.equal(m.cutShort, false);
});

test('segments: the timer woke child (ready from the turn start), child woke main', () => {
  const m = model();
  const segs = [];
  for (let i = 0; i < m.segmentCount; i++) {
    segs.push({ task: m.segments.task.data[i], state: m.segments.state.data[i], start: m.segments.start.data[i], end: m.segments.end.data[i], other: m.segments.other.data[i] });
  }
  const childSuspended = segs.find((s) => s.task === 2 && s.state === SegmentState.Suspended)!;
  assert.deepEqual([childSuspended.start, childSuspended.end], [0.3, 10]);
  const mainSuspended = segs.find((s) => s.task === 1 && s.state === SegmentState.Suspended)!;
  assert.equal(mainSuspended.end, 10.5, 'main waits until child completes');
  const childResume = segs.filter((s) => s.task === 2 && s.state === SegmentState.Running)[1];
  assert.equal(childResume.start, 10);
  const mainReady = segs.find((s) => s.task === 1 && s.state === SegmentState.Ready);
  // main resumes at the very moment child completes: no ready gap, the waker sits on the suspended segment.
  assert.equal(mainReady, undefined);
  assert.equal(mainSuspended.other, 2);
  const childWake = childSuspended.other;
  assert.ok(wakerIsTurn(childWake) && m.turns.kind.data[wakerTurnIndex(childWake)] === TurnKind.Timer);
});

test('a turn knows where its microtask checkpoint began, NaN where nobody said', () => {
  const m = model();
  assert.ok(Number.isNaN(m.turns.microtasks.data[0]));
  assert.equal(m.turns.microtasks.data[1], 10);
});

test('without turn-end events a turn ends at its last event, not at the next turn', () => {
  const m = buildModel(decodeTrace(syntheticTrace(sites, rows.filter((r) => r[0] !== EventKind.TurnEnd), {})).frames);
  assert.equal(m.turnCount, 2);
  assert.equal(m.turnEnd(0), 0.4, 'the script turn ends at its last suspend, not at 10 ms');
  assert.equal(m.turnEnd(1), 10.6);
});

test('every running slice lies inside a loop turn', () => {
  const m = model();
  for (let i = 0; i < m.segmentCount; i++) {
    if (m.segments.state.data[i] !== SegmentState.Running) continue;
    const [start, end] = [m.segments.start.data[i], m.segmentEnd(i)];
    let inside = false;
    for (let t = 0; t < m.turnCount; t++) if (m.turns.start.data[t] <= start && end <= m.turnEnd(t)) inside = true;
    assert.ok(inside, `slice ${i} [${start}, ${end}]`);
  }
});

test('task counts by outcome, and how many live tasks are off the thread', () => {
  assert.deepEqual(countTasks(model()), { total: 2, completed: 2, failed: 0, live: 0, suspendedNow: 0 });
  const cut = buildModel(decodeTrace(syntheticTrace(sites, rows.slice(0, 6))).frames);
  assert.deepEqual(countTasks(cut), { total: 2, completed: 0, failed: 0, live: 2, suspendedNow: 2 });
});

test('a stream without End is cut short and open segments run to the last time seen', () => {
  const m = buildModel(decodeTrace(syntheticTrace(sites, rows.slice(0, 6))).frames);
  assert.equal(m.cutShort, true);
  assert.equal(m.tasks[2].outcome, 'live');
  assert.equal(m.segmentEnd(m.tasks[2].openSegment), 0.4);
});

test('chrome export: a thread per task plus the loop, flows for wakes', () => {
  const chrome = toChromeTrace(model());
  const names = chrome.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args?.name);
  assert.deepEqual(names, ['event loop', 'main (a.ts:1) #1', 'child (a.ts:5) #2']);
  assert.ok(chrome.traceEvents.some((e) => e.ph === 'X' && e.tid === 0 && e.name === 'timer'));
  assert.ok(chrome.traceEvents.every((e) => e.ph !== 'X' || (e.dur ?? 0) >= 0));
});

test('thinned (sampled waits): the task reads as sampled from there, except its recorded waits', () => {
  const thinRows: Row[] = [
    [EventKind.TurnBegin, -1, 0, -1, TurnKind.Script],
    [EventKind.TaskCreate, 1, 0, 1, 0],
    [EventKind.Suspend, 1, 1, 3, WaitKind.Promise],
    [EventKind.Resume, 1, 2],
    [EventKind.Thinned, 1, 3],
    [EventKind.Suspend, 1, 7, 3, WaitKind.Promise],
    [EventKind.Resume, 1, 8],
    [EventKind.Complete, 1, 10, -1, 0],
  ];
  const m = buildModel(decodeTrace(syntheticTrace(sites, thinRows, {})).frames);
  const states: [number, number, number][] = [];
  for (let i = 0; i < m.segmentCount; i++) states.push([m.segments.state.data[i], m.segments.start.data[i], m.segmentEnd(i)]);
  assert.deepEqual(states, [
    [SegmentState.Running, 0, 1],
    [SegmentState.Suspended, 1, 2],
    [SegmentState.Running, 2, 3],
    [SegmentState.Sampled, 3, 7],
    [SegmentState.Suspended, 7, 8],
    [SegmentState.Sampled, 8, 10],
  ]);
  const task = m.tasks[1];
  assert.equal(task.sampledFrom, 3);
  // Sampled time is neither running nor suspended.
  assert.equal(task.runningMs, 2);
  assert.equal(task.suspendedMs, 2);
  assert.equal(countTasks(m).suspendedNow, 0);
  const chrome = toChromeTrace(m) as { traceEvents: { name: string; args?: { state?: string } }[] };
  assert.equal(chrome.traceEvents.filter((e) => e.args?.state === 'sampled').length, 2);
});
