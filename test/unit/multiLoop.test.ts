// Several loops in one trace (a worker thread, a child process), built by hand: the Chrome
// export, the CLI's summary and text lanes, and what the editor says (hover, CodeLens counts,
// decorations) count and name every loop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toChromeTrace } from '../../protocol/chromeTrace';
import { EventKind, TurnKind, type Site } from '../../protocol/events';
import { decodeTrace } from '../../protocol/frames';
import { buildModel } from '../../protocol/model';
import { renderTextLanes } from '../../runtime/textLanes';
import { formatSummary } from '../../runtime/traceSummary';
import { SiteIndex, suspendedByLine } from '../../extension/siteIndex';
import { countStates, loopSpread, messageWakes, suspendedLineText, taskNotes, traceStatus, whereItRan } from '../../extension/taskText';
import { assertValidChromeTrace, flows, processNames, threadKey, threadNames } from './chromeTraceCheck';
import { syntheticTrace, type Row } from './syntheticTrace';
import { CHILD_OFFSET, CHILD_PID, MAIN_PID, multiLoopModel, WORKER_OFFSET } from './multiLoopTrace';

const us = (ms: number): number => ms * 1000;
const sites: Site[] = [{ id: 1, kind: 'async', name: 'only', file: '/a.ts', line: 1, column: 1 }];
const rows: Row[] = [
  [EventKind.TurnBegin, -1, 0, -1, TurnKind.Script],
  [EventKind.TaskCreate, 1, 0.1, 1, 0],
  [EventKind.Complete, 1, 0.2, -1, 0],
];

test('chrome export: a pid per process, a named track per loop, tasks under their own process', () => {
  const model = multiLoopModel();
  const chrome = toChromeTrace(model);
  assertValidChromeTrace(chrome);
  assert.deepEqual([...processNames(chrome)], [
    [MAIN_PID, 'node /src/app.ts'],
    [CHILD_PID, 'node /src/child.ts'],
  ]);
  const names = threadNames(chrome);
  const workerTid = [...names].find(([, name]) => name === 'worker 2 (w.ts)')?.[0];
  assert.ok(workerTid?.startsWith(`${MAIN_PID}/`), `the worker is a thread of process ${MAIN_PID}: ${workerTid}`);
  assert.equal(names.get(`${MAIN_PID}/0`), 'main thread');
  assert.equal(names.get(`${CHILD_PID}/0`), 'main thread');
  // Task tracks: main and work #2 in the main process, the worker's work #3 beside it, the child's work #4 in the child's.
  assert.equal(names.get(`${MAIN_PID}/1`), 'main (app.ts:1) #1');
  assert.equal(names.get(`${MAIN_PID}/3`), 'work (shared.ts:3) #3');
  assert.equal(names.get(`${CHILD_PID}/4`), 'work (shared.ts:3) #4');
  assert.equal(names.size, 3 + 4, 'three loops and four tasks, each a thread of its own');
  // Turns go to their own loop's track, on the trace's clock.
  const turns = chrome.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'loop');
  assert.deepEqual(
    turns.filter((e) => threadKey(e) === workerTid).map((e) => e.ts),
    [us(WORKER_OFFSET), us(8 + WORKER_OFFSET)],
  );
  assert.deepEqual(turns.filter((e) => e.pid === CHILD_PID).map((e) => [e.tid, e.ts]), [[0, us(1 + CHILD_OFFSET)]]);
  assert.equal(chrome.metadata.cutShort, false);
  assert.deepEqual((chrome.metadata.loops as { cutShort: boolean }[]).map((loop) => loop.cutShort), [false, false, true]);
});

test('chrome export: arrows for the message (sender task → receiving turn), the spawns, and a worker turn waking its task', () => {
  const chrome = toChromeTrace(multiLoopModel());
  const names = threadNames(chrome);
  const workerTid = Number([...names].find(([, name]) => name === 'worker 2 (w.ts)')![0].split('/')[1]);
  const [message] = flows(chrome, 'message');
  assert.deepEqual([message.start.pid, message.start.tid, message.start.ts], [MAIN_PID, 3, us(8.5 + WORKER_OFFSET)], 'from work #3, in the worker, when it posted');
  assert.deepEqual([message.end.pid, message.end.tid, message.end.ts], [MAIN_PID, 0, us(20)], 'to the main thread, at the message turn');
  const spawns = flows(chrome, 'spawns').map(({ start, end }) => [start.tid, start.ts, end.pid, end.tid]);
  assert.deepEqual(spawns, [
    [1, us(0.2), MAIN_PID, workerTid],
    [1, us(0.3), CHILD_PID, 0],
  ]);
  const wakes = flows(chrome, 'wakes').map(({ start, end }) => [start.pid, start.tid, end.tid]);
  assert.deepEqual(wakes, [
    [MAIN_PID, 0, 1],
    [MAIN_PID, workerTid, 3],
  ]);
});

test('chrome export: a process of two worker loops and no Hello of its own still gets unique tids', () => {
  const model = multiLoopModel();
  // The child's Hello lost: it falls back to the first loop's pid, beside the main thread.
  delete model.loops[2].hello;
  const chrome = toChromeTrace(model);
  assertValidChromeTrace(chrome);
  assert.equal(new Set([...threadNames(chrome).keys()]).size, 7);
});

test('summary: the loops by name, and which of them were cut short', () => {
  const summary = formatSummary(multiLoopModel());
  assert.match(summary, /, 3 loops: app\.ts \(pid 100\), worker 2 \(w\.ts\), child\.ts \(pid 200\), /);
  assert.match(summary, /cut short: child\.ts \(pid 200\) \(no end frame\)/);
  assert.match(summary, /ended normally$/, 'the program itself ended');
});

test('text lanes: a heading per loop, each with its loop lane and its own tasks', () => {
  const lines = renderTextLanes(multiLoopModel(), { width: 40, maxLanes: 40 }).split('\n');
  const headings = lines.map((line, i) => [line, i] as const).filter(([line]) => line.startsWith('── '));
  assert.deepEqual(
    headings.map(([line]) => line.replace(/ ─*$/, '')),
    ['── app.ts (pid 100)', '── worker 2 (w.ts) · started by main #1', '── child.ts (pid 200) · started by main #1 · cut short (no end frame)'],
  );
  for (const [, at] of headings) assert.match(lines[at + 1], /^event loop +│/);
  const lanesOf = (from: number, to: number) => lines.slice(from + 2, to).map((line) => line.split('│')[0].trim());
  assert.deepEqual(lanesOf(headings[0][1], headings[1][1]), ['main app.ts:1', 'work shared.ts:3']);
  assert.deepEqual(lanesOf(headings[1][1], headings[2][1]), ['work shared.ts:3']);
  assert.deepEqual(lanesOf(headings[2][1], headings[2][1] + 3), ['work shared.ts:3 …']);
  // The child's loop lane is busy only near its own turn (1 + 2 ms of 21): early columns.
  assert.match(lines[headings[2][1] + 1], /│ *▇+ +│$/);
});

test('text lanes: the lane budget is spent loop by loop, and every loop keeps its loop lane', () => {
  const lines = renderTextLanes(multiLoopModel(), { width: 40, maxLanes: 1 }).split('\n');
  assert.ok(lines.includes('… 3 more tasks'));
  assert.equal(lines.filter((line) => line.startsWith('event loop')).length, 3);
});

test('a one-loop trace reads as before: no loop headings, no loop names', () => {
  const model = buildModel(decodeTrace(syntheticTrace(sites, rows, {})).frames);
  assert.equal(model.loops.length, 1);
  const lanes = renderTextLanes(model);
  assert.ok(lanes.startsWith('event loop'), lanes);
  assert.ok(!lanes.includes('── '));
  assert.doesNotMatch(formatSummary(model), /loops/);
  assert.equal(traceStatus(model), '1 task, 0 live, 0 suspended');
  assert.deepEqual(taskNotes(model, model.tasks[1]), []);
  const chrome = toChromeTrace(model);
  assertValidChromeTrace(chrome);
  assert.deepEqual([...threadNames(chrome).values()], ['event loop', 'only (a.ts:1) #1']);
  assert.deepEqual([...processNames(chrome)], [[1, 'node x.ts']]);
});

test('hover: a function run in several loops counts every instance, and says where each ran', () => {
  const model = multiLoopModel();
  const index = new SiteIndex(model);
  const target = index.hoverTarget('/src/shared.ts', 3, 'work', 16);
  assert.equal(target?.kind, 'function');
  const tasks = target!.kind === 'function' ? target!.tasks : [];
  assert.deepEqual(tasks.map((t) => t.id), [2, 3, 4]);
  assert.equal(countStates(model, tasks), '3 instances: 2 completed, 1 suspended');
  assert.equal(loopSpread(model, tasks), 'in 3 loops: app.ts (pid 100) ×1, worker 2 (w.ts) ×1, child.ts (pid 200) ×1');
  assert.deepEqual(tasks.map((t) => whereItRan(model, t)), ['in app.ts (pid 100)', 'in worker 2 (w.ts)', 'in child.ts (pid 200)']);
  // CodeLens: one lens per function place, whatever number of loops loaded the file.
  const defs = index.functionSites('/src/shared.ts');
  assert.equal(defs.length, 1);
  assert.equal(index.tasksOf(defs[0]).length, 3);
});

test('hover on an await counts the suspensions of every loop there', () => {
  const model = multiLoopModel();
  const target = new SiteIndex(model).hoverTarget('/src/shared.ts', 4, 'await', 3);
  assert.equal(target?.kind, 'suspend');
  if (target?.kind !== 'suspend') return;
  assert.equal(target.suspensions, 3);
  assert.deepEqual(target.everHere.map((t) => t.id).sort(), [2, 3, 4]);
  assert.deepEqual(target.tasksHere.map((t) => t.id), [4], 'the child is suspended there still');
});

test('a task woken by a message turn says which loop the message came from', () => {
  const model = multiLoopModel();
  assert.equal(messageWakes(model, model.tasks[1]), 'woken by message from worker 2');
  assert.deepEqual(taskNotes(model, model.tasks[1]), ['in app.ts (pid 100)', 'woken by message from worker 2']);
  assert.equal(messageWakes(model, model.tasks[2]), undefined, 'a timer woke work #2');
});

test('decorations and status: suspended tasks of any loop, named by loop', () => {
  const model = multiLoopModel();
  const byLine = suspendedByLine(model, '/src/shared.ts');
  assert.deepEqual([...byLine.keys()], [4]);
  assert.deepEqual(suspendedLineText(model, byLine.get(4)!), { text: '⏸ 1 suspended · timer', hover: 'Suspended here now: work (in child.ts (pid 200))' });
  assert.equal(traceStatus(model), '4 tasks in 3 loops, 1 live, 1 suspended');
});
