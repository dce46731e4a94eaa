/**
 * The view's pure layers without a browser: the page shell (CSP, escaping), the session's
 * problems, lane order and filters, hit-testing, level-of-detail merging and range statistics,
 * on small traces built with the protocol encoders.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventKind, FrameType, PROTOCOL_VERSION, Site } from '../../protocol/events';
import { createBatch, pushEvent } from '../../protocol/eventBatch';
import { formatTick } from '../../protocol/format';
import { encodeEventsFrame, encodeHeader, encodeJsonFrame } from '../../protocol/frames';
import { contentSecurityPolicy, escapeHtml, renderWebviewHtml } from '../../webview/html';
import { computeRows, SegmentIndex } from '../../webview/lanes';
import { fitLabelWidth, hitTest, LABEL_WIDTH_MAX, LANE_HEIGHT, laneY, rowAtY, TimeScale } from '../../webview/layout';
import { Span, taskSpans } from '../../webview/lod';
import { TraceSession } from '../../webview/session';
import { rangeStats } from '../../webview/stats';
import { checkpointSpans, checkpointStart, turnParts } from '../../webview/checkpoints';
import { eventBoundaries, snapshotAt, stepBoundary, taskStateAt } from '../../webview/replay';
import { MAIN_TWO_CHILDREN } from './loopTrace';

type Ev = [kind: EventKind, time: number, task: number, site?: number, arg?: number, arg2?: number];

function trace(events: Ev[], end = true): Uint8Array {
  const sites: Site[] = [
    { id: 0, kind: 'async', name: 'main', file: '/p/app.ts', line: 1, column: 1 },
    { id: 1, kind: 'async', name: 'child', file: '/p/lib.ts', line: 5, column: 1 },
    { id: 2, kind: 'await', name: 'await sleep(10)', file: '/p/app.ts', line: 3, column: 3, fn: 0 },
  ];
  const n = events.length;
  const batch = createBatch(n);
  for (const [kind, time, task, site = -1, arg = -1, arg2 = -1] of events) pushEvent(batch, kind, time, task, site, arg, arg2);
  const parts = [
    encodeHeader(),
    encodeJsonFrame(FrameType.Hello, { protocol: PROTOCOL_VERSION, pid: 1, node: 'v20', argv: [], cwd: '/p', startEpochMs: 0, clock: 'per-slice' }),
    encodeJsonFrame(FrameType.Sites, sites),
    encodeEventsFrame(batch),
  ];
  if (end) parts.push(encodeJsonFrame(FrameType.End, { reason: 'exit', exitCode: 0, dropped: 0, events: n }));
  return Buffer.concat(parts);
}

const SAMPLE: Ev[] = MAIN_TWO_CHILDREN;

function linear(t0: number, t1: number, x0: number, x1: number): TimeScale {
  const f = ((t: number) => x0 + ((t - t0) / (t1 - t0)) * (x1 - x0)) as TimeScale;
  f.invert = (x: number) => t0 + ((x - x0) / (x1 - x0)) * (t1 - t0);
  f.domain = () => [t0, t1];
  return f;
}

function session(bytes: Uint8Array): TraceSession {
  const s = new TraceSession();
  s.reset(bytes, false);
  return s;
}

describe('page shell', () => {
  test('strict CSP with the nonce on every script, nothing else allowed', () => {
    const html = renderWebviewHtml({ scriptUri: 'vscode-resource:/dist/webview.js', styleUri: 'vscode-resource:/dist/webview.css', cspSource: 'vscode-webview:', nonce: 'abc123' });
    assert.ok(html.includes(`content="${escapeHtml(contentSecurityPolicy('vscode-webview:', 'abc123'))}"`));
    assert.match(contentSecurityPolicy('S', 'N'), /^default-src 'none'; style-src S 'unsafe-inline'; script-src 'nonce-N'; img-src S data:$/);
    assert.equal((html.match(/<script /g) ?? []).length, (html.match(/<script nonce="abc123"/g) ?? []).length);
    assert.ok(html.includes('<link rel="stylesheet" href="vscode-resource:/dist/webview.css">'));
  });

  test('inline script cannot close its element early; title is escaped', () => {
    const html = renderWebviewHtml({ inlineScript: 'x("</script><b>")', cspSource: "'self'", nonce: 'n', title: '<t>', embeddedTraceBase64: 'QUJD' });
    assert.ok(!html.includes('x("</script>'));
    assert.ok(html.includes('<title>&lt;t&gt;</title>'));
    assert.ok(html.includes('>QUJD</script>'));
  });
});

test('axis ticks keep enough decimals to differ when zoomed in deep', () => {
  assert.equal(formatTick(1770.1234, 0.0005), '1.7701234 s');
  assert.equal(formatTick(120, 20), '120 ms');
  assert.equal(formatTick(0.25, 0.05), '250 µs');
});

describe('session', () => {
  test('empty, header-only, corrupt, newer, truncated', () => {
    assert.equal(session(new Uint8Array(0)).problem.kind, 'empty');
    assert.match((session(encodeHeader()).problem as { message: string }).message, /no tasks/);
    assert.equal(session(new TextEncoder().encode('garbage!')).problem.kind, 'format');
    assert.match((session(encodeHeader(PROTOCOL_VERSION + 1)).problem as { message: string }).message, /newer than this reader/);
    const full = trace(SAMPLE);
    const cut = session(full.subarray(0, full.length - 3));
    assert.equal(cut.problem.kind, 'none');
    assert.match(cut.cutShortReason() ?? '', /middle of a frame/);
    assert.equal(session(full).cutShortReason(), undefined);
  });
});

describe('lanes', () => {
  const s = session(trace(SAMPLE));
  const m = s.model;
  test('parent before children, depth-first, children in creation order', () => {
    const rows = computeRows(m, { query: '', hideCompleted: false, collapsed: new Set() });
    assert.deepEqual([...rows.task.subarray(0, rows.count)], [1, 2, 3]);
    assert.deepEqual([...rows.depth.subarray(0, rows.count)], [0, 1, 1]);
  });
  test('filter by file, hide completed, collapse', () => {
    assert.deepEqual([...computeRows(m, { query: 'lib.ts', hideCompleted: false, collapsed: new Set() }).task.subarray(0, 2)], [2, 3]);
    const hidden = computeRows(m, { query: '', hideCompleted: true, collapsed: new Set() });
    assert.deepEqual([...hidden.task.subarray(0, hidden.count)], [3], 'only the failed task stays');
    assert.equal(computeRows(m, { query: '', hideCompleted: false, collapsed: new Set([1]) }).count, 1);
  });
});

describe('hit-test, level of detail, stats', () => {
  const s = session(trace(SAMPLE));
  const m = s.model;
  const rows = computeRows(m, { query: '', hideCompleted: false, collapsed: new Set() });
  const index = new SegmentIndex(m);
  index.update();
  const x = linear(0, 40, LABEL_WIDTH_MAX, LABEL_WIDTH_MAX + 400);
  const view = { width: LABEL_WIDTH_MAX + 400, height: 300, scrollY: 0, labelWidth: LABEL_WIDTH_MAX };

  test('rows by y, and the segment under a point', () => {
    assert.equal(rowAtY(5, 0, 3), -2);
    assert.equal(rowAtY(laneY(0, 0) - 1, 0, 3), -1);
    assert.equal(rowAtY(laneY(2, 0) + 1, 0, 3), 2);
    const hit = hitTest(m, rows, index, x, view, x(10), laneY(1, 0) + LANE_HEIGHT / 2);
    assert.equal(hit.kind, 'segment');
    if (hit.kind !== 'segment') return;
    assert.equal(hit.task, 2);
    assert.equal(m.segments.state.data[hit.segment], 1, 'suspended');
    assert.equal(hitTest(m, rows, index, x, view, x(3), laneY(-1, 0) + 5).kind, 'turn');
    assert.equal(hitTest(m, rows, index, x, view, 20, laneY(0, 0) + 5).kind, 'label');
  });

  test('sub-pixel segments merge into one span, wide ones stay apart', () => {
    const spans: Span[] = [];
    const stats = { visited: 0, drawn: 0 };
    taskSpans(m, index, 1, linear(0, 40_000, 0, 400), 0, 400, (span) => spans.push(span), stats);
    assert.equal(stats.visited, index.of(1).length);
    assert.equal(spans.length, 1, 'all of main fits in one pixel at this zoom');
    assert.ok(spans[0].merged > 1 && spans[0].item === -1);
    const wide: Span[] = [];
    taskSpans(m, index, 1, x, LABEL_WIDTH_MAX, view.width, (span) => wide.push(span), { visited: 0, drawn: 0 });
    assert.equal(wide.length, index.of(1).length);
  });

  test('range stats: busy share, counts, longest blocking turn', () => {
    const r = rangeStats(m, 0, 40);
    assert.ok(Math.abs(r.busy - (7 + 5 + 3) / 40) < 1e-9);
    assert.equal(r.tasksRunning, 3);
    assert.equal(r.longestTurn, 0);
    assert.equal(r.longestTurnMs, 7);
    assert.equal(rangeStats(m, 26, 29).busy, 0);
  });
});

describe('replay and checkpoints (pure)', () => {
  const withMarks: Ev[] = [...SAMPLE.slice(0, 7), [EventKind.Microtasks, 6.5, -1], ...SAMPLE.slice(7, 9), [EventKind.Microtasks, 22.5, -1], ...SAMPLE.slice(9)];
  const s = session(trace(withMarks));
  const m = s.model;
  const index = new SegmentIndex(m);
  index.update();
  test('state at t: the slice that starts at a boundary wins; ended tasks are finished; later ones do not exist yet', () => {
    const at = (t: number): string[] => [1, 2, 3].map((id) => taskStateAt(m, index, m.tasks[id]!, t).state);
    assert.deepEqual(at(0.5), ['future', 'future', 'future']);
    assert.deepEqual(at(2), ['running', 'running', 'future']);
    assert.deepEqual(at(3), ['running', 'suspended', 'future']);
    assert.deepEqual(at(20.5), ['suspended', 'ready', 'suspended'], 'child 2 was woken by the timer turn at 20');
    assert.deepEqual(at(22), ['ready', 'completed', 'suspended']);
    assert.deepEqual(at(40), ['completed', 'completed', 'failed']);
    const snap = snapshotAt(m, index, 21.5);
    assert.equal(snap.turn, 1);
    assert.equal(snap.inCheckpoint, false);
    assert.equal(snapshotAt(m, index, 23).inCheckpoint, true);
    assert.equal(snapshotAt(m, index, 10).turn, -1, 'idle between turns');
  });
  test('event boundaries and stepping', () => {
    const b = eventBoundaries(m);
    assert.ok(b.every((t, i) => i === 0 || t > b[i - 1]), 'sorted, distinct');
    assert.equal(stepBoundary(b, -Infinity, 1), 0);
    assert.equal(stepBoundary(b, 6, 1), 6.5, 'the checkpoint mark is a boundary');
    assert.equal(stepBoundary(b, 6.5, -1), 6);
    assert.equal(stepBoundary(b, 33, 1), 33, 'nothing after the end');
  });
  test('checkpoint parts and their share of busy time', () => {
    assert.equal(checkpointStart(m, 0), 6.5);
    assert.ok(Number.isNaN(checkpointStart(m, 2)));
    assert.deepEqual(turnParts(m, 1), { callbackMs: 2.5, microtasksMs: 2.5 });
    const stats = rangeStats(m, 0, 40);
    assert.equal(stats.checkpointMs, 0.5 + 2.5);
    assert.equal(stats.markedBusyMs, 7 + 5, 'unmarked turns stay out of the share');
    const x = linear(0, 40, LABEL_WIDTH_MAX, LABEL_WIDTH_MAX + 400);
    const spans: Span[] = [];
    const cs = { visited: 0, drawn: 0, checkpoints: 0 };
    checkpointSpans(m, 0, x, LABEL_WIDTH_MAX, LABEL_WIDTH_MAX + 400, (span) => spans.push(span), cs);
    assert.equal(cs.checkpoints, 2);
    assert.deepEqual(spans.map((sp) => sp.item), [0, 1]);
    // At 100 ms a pixel both parts (6.5-7 and 22.5-25 ms) share one column: one merged span.
    const far: Span[] = [];
    const farStats = { visited: 0, drawn: 0, checkpoints: 0 };
    checkpointSpans(m, 0, linear(0, 40_000, 0, 400), 0, 400, (span) => far.push(span), farStats);
    assert.equal(farStats.checkpoints, 2);
    assert.equal(farStats.drawn, 1);
    assert.deepEqual(far.map((sp) => [sp.merged, sp.item]), [[2, -1]]);
  });
});

test('the label column takes at most a third of a narrow panel, between 140 and 280 px', () => {
  assert.equal(fitLabelWidth(560), 187);
  assert.equal(fitLabelWidth(300), 140);
  assert.equal(fitLabelWidth(1400), 280);
  assert.equal(LABEL_WIDTH_MAX, 280);
});
