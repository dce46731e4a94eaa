/**
 * One vocabulary for the editor (extension/) and the swimlanes (webview/): durations, what a
 * task waits on, the state names, and one reader from bytes to model used by both sides.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventKind, TurnKind, WaitKind } from '../../protocol/events';
import { toChromeTrace } from '../../protocol/chromeTrace';
import { formatMs } from '../../protocol/format';
import { TraceFormatError } from '../../protocol/frames';
import { SEGMENT_STATE_NAMES as MODEL_STATE_NAMES, SegmentState } from '../../protocol/model';
import { SEGMENT_STATE_NAMES, sliceStateWord, STATE_NAMES, STATE_WORDS } from '../../protocol/states';
import { describeWait } from '../../protocol/taskWords';
import { countStates, suspendedLineText, taskState } from '../../extension/taskText';
import { Trace } from '../../extension/trace';
import { describeSegment } from '../../webview/describe';
import { TraceSession } from '../../webview/session';
import { MAIN_CHILD_SITES, syntheticTrace, type Row } from './syntheticTrace';

const sites = MAIN_CHILD_SITES;

// main creates child and awaits it, child awaits a timer; orphan awaits task 9, which the trace never created.
const rows: Row[] = [
  [EventKind.TurnBegin, -1, 0, -1, TurnKind.Script],
  [EventKind.TaskCreate, 1, 0.1, 1, 0],
  [EventKind.TaskCreate, 2, 0.2, 2, 1],
  [EventKind.Suspend, 2, 0.3, 4, WaitKind.Timer],
  [EventKind.Suspend, 1, 0.4, 3, WaitKind.Task, 2],
  [EventKind.TaskCreate, 3, 0.5, 1, 0],
  [EventKind.Suspend, 3, 0.6, 3, WaitKind.Task, 9],
  [EventKind.TurnEnd, -1, 0.7],
];

const bytes = syntheticTrace(sites, rows);

test('durations: the brief style of the editor, the precise style of the view', () => {
  const cases: [number, string, string][] = [
    [0.0004, '0.00 ms', '400 ns'],
    [0.5, '0.50 ms', '500 µs'],
    [5.5, '5.5 ms', '5.50 ms'],
    [55, '55 ms', '55.0 ms'],
    [250, '250 ms', '250 ms'],
    [2500, '2.50 s', '2.50 s'],
    [12345, '12.35 s', '12.3 s'],
    [Number.NaN, '?', '–'],
  ];
  for (const [ms, brief, precise] of cases) {
    assert.equal(formatMs(ms), brief, `brief ${ms}`);
    assert.equal(formatMs(ms, 'precise'), precise, `precise ${ms}`);
  }
});

test('what a task waits on reads the same in the editor and in the view', () => {
  const session = new TraceSession();
  session.reset(bytes, false);
  const m = session.model;
  const open = (task: number): number => m.tasks[task].openSegment;
  assert.equal(describeWait(m, open(1)), 'task child #2');
  assert.equal(describeWait(m, open(2)), 'timer');
  assert.equal(describeWait(m, open(3)), 'task', 'a task the trace does not hold: the kind of wait alone');
  for (const task of [1, 2, 3]) {
    const wait = describeWait(m, open(task));
    assert.ok(taskState(m, m.tasks[task]).text.includes(` on ${wait} for `), 'the hover and the status bar');
    assert.ok(describeSegment(m, open(task)).includes(`waits on: ${wait}`), "the view's tooltip");
  }
  assert.equal(suspendedLineText(m, [m.tasks[1], m.tasks[2]]).text, '⏸ 2 suspended · task child #2, timer', "the editor's line decoration");
});

test('one list of state names: the legend, the tooltips, the hover counts and the Chrome export', () => {
  assert.equal(MODEL_STATE_NAMES, SEGMENT_STATE_NAMES, 'the model exports the same list');
  assert.deepEqual(STATE_NAMES.map((name) => STATE_WORDS[name].word), ['Created', 'Running', 'Suspended', 'Resumed/ready', 'Sampled', 'Completed', 'Failed']);
  assert.equal(sliceStateWord(SegmentState.Ready), 'Resumed (ready)');
  assert.equal(sliceStateWord(SegmentState.Running), 'Running');
  const session = new TraceSession();
  session.reset(bytes, false);
  const m = session.model;
  for (const event of toChromeTrace(m).traceEvents) {
    if (event.ph === 'X' && event.args?.state !== undefined) assert.ok(STATE_NAMES.includes(event.args.state as never), String(event.args.state));
  }
  assert.match(countStates(m, [m.tasks[1], m.tasks[2]]), /^2 instances: 2 suspended$/);
});

test('one reader from bytes to model: the host and the view build the same model, chunk by chunk', () => {
  const cut = bytes.subarray(0, bytes.length - 3);
  const host = new Trace({ title: 't' }, true);
  const view = new TraceSession();
  view.reset(undefined, true);
  for (let at = 0; at < cut.length; at += 7) {
    host.append(cut.subarray(at, at + 7));
    view.append(cut.subarray(at, at + 7));
  }
  host.finish();
  view.finish();
  assert.equal(host.bytes.length, cut.length);
  for (const m of [host.model, view.model]) assert.equal(m.truncated, true, 'a frame cut in the middle');
  assert.deepEqual([host.model.eventCount, host.model.segmentCount, host.model.tasks.length], [view.model.eventCount, view.model.segmentCount, view.model.tasks.length]);

  const corrupt = Uint8Array.from([...bytes.subarray(0, 6), 0xff, 0xff, 0xff, 0x7f, 1]);
  assert.throws(() => Trace.fromBytes({ title: 't' }, corrupt), TraceFormatError);
  view.reset(corrupt, false);
  assert.equal(view.problem.kind, 'format');
  assert.match((view.problem as { message: string }).message, /^Cannot read this trace: frame length \d+ at byte \d+ is not plausible\.$/);
});
