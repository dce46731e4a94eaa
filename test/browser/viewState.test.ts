/**
 * The view's state and its actions without a browser: the window (zoom and pan by key as d3-zoom
 * would compute them, resize, a drag), the one keymap, selection and the findings list through
 * the same actions, Play, and what a revived panel brings back.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { zoomIdentity } from 'd3-zoom';
import type { Site } from '../../protocol/events';
import type { Finding } from '../../protocol/findings/types';
import { FromWebviewType, type FromWebviewMessage } from '../../protocol/webviewMessages';
import { activeFinding, highlightedTasks, showFinding } from '../../webview/findingsList';
import { bindingFor } from '../../webview/keymap';
import { restoreView } from '../../webview/persist';
import { advance, play } from '../../webview/playback';
import { brush, selectTask } from '../../webview/selection';
import { resetView } from '../../webview/sync';
import { builtInTheme } from '../../webview/theme';
import { panBy, resize, setWindow, zoomBy, zoomed } from '../../webview/timeWindow';
import { createViewState, ViewState } from '../../webview/viewState';
import { loopTraceBytes, MAIN_TWO_CHILDREN } from './loopTrace';

const SITES: Site[] = [
  { id: 0, kind: 'async', name: 'main', file: '/p/app.ts', line: 1, column: 1 },
  { id: 1, kind: 'async', name: 'child', file: '/p/lib.ts', line: 5, column: 1 },
  { id: 2, kind: 'await', name: 'await sleep(10)', file: '/p/app.ts', line: 3, column: 3, fn: 0 },
];

const EVENTS = MAIN_TWO_CHILDREN;

function view(): { state: ViewState; posted: FromWebviewMessage[] } {
  const posted: FromWebviewMessage[] = [];
  const state = createViewState({ inVsCode: true, post: (m) => posted.push(m), getState: () => undefined, setState: () => undefined }, builtInTheme(false));
  resize(state, 1000, 400);
  state.session.reset(loopTraceBytes([{ pid: 1, threadId: 0, startEpochMs: 0, name: 'app.ts', sites: SITES, events: EVENTS, end: 'exit' }]), false);
  resetView(state, false);
  return { state, posted };
}

const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
const key = (k: string, mods: { altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean } = {}) => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, ...mods });
const press = (state: ViewState, k: string, mods = {}): string | void => bindingFor(state, key(k, mods))?.run(state);

describe('the view state', () => {
  test('the window: fitted, set, zoomed and panned by key as d3-zoom computes it, kept across a resize', () => {
    const { state } = view();
    assert.deepEqual(state.x.domain(), [0, 33], 'a finished trace is fitted');
    assert.deepEqual(state.x.range(), [state.view.labelWidth + 4, 1000 - 12]);
    setWindow(state, 10, 20);
    assert.ok(near(state.x.domain()[0], 10) && near(state.x.domain()[1], 20));
    // + zooms around the middle of the chart: the time there stays, the span shrinks by 1.5.
    const middle = state.view.labelWidth + (state.view.width - state.view.labelWidth) / 2;
    const before = state.x.invert(middle);
    zoomBy(state, 1.5);
    assert.ok(near(state.x.invert(middle), before));
    assert.ok(near(state.x.domain()[1] - state.x.domain()[0], 10 / 1.5));
    const t = state.x.domain()[0] + 1;
    const at = state.x(t);
    panBy(state, 100);
    assert.ok(near(state.x(t), at + 100), 'a pan moves every time by the same pixels');
    const window = state.x.domain();
    resize(state, 420, 300);
    assert.equal(state.view.labelWidth, 140, 'a narrow panel: a third of the width for labels');
    assert.ok(near(state.x.domain()[0], window[0]) && near(state.x.domain()[1], window[1]), 'the window stays');
    // A drag (pointer) stops following; a programmatic zoom (no source event) does not.
    state.following = true;
    zoomed(state, zoomIdentity.translate(state.zoom.x, state.zoom.y).scale(state.zoom.k), null);
    assert.equal(state.following, true);
    zoomed(state, zoomIdentity.translate(state.zoom.x + 5, state.zoom.y).scale(state.zoom.k), { type: 'mousemove' } as Event);
    assert.equal(state.following, false);
  });

  test('one keymap: the first binding that fits runs; Alt, Ctrl and a brush choose among them', () => {
    const { state, posted } = view();
    assert.equal(bindingFor(state, key('x')), undefined);
    assert.equal(press(state, 'ArrowDown'), 'main  app.ts:1, completed', 'focus moves to the first lane, announced');
    assert.equal(state.focusRow, 0);
    const said = press(state, 'ArrowRight', { altKey: true });
    assert.match(String(said), /^main {2}app\.ts:1\. Running for/, 'Alt+Right: the first slice of the focused lane');
    assert.ok(state.focusSegment >= 0);
    press(state, 'Enter');
    assert.deepEqual(posted.map((m) => m.type), [FromWebviewType.TaskSelected, FromWebviewType.Reveal]);
    assert.equal(state.selectedTask, 1);
    press(state, ' ');
    assert.ok(state.filter.collapsed.has(1), 'Space collapses the focused lane');
    const span = state.x.domain()[1] - state.x.domain()[0];
    press(state, '+');
    assert.ok(state.x.domain()[1] - state.x.domain()[0] < span);
    press(state, '0');
    assert.deepEqual(state.x.domain(), [0, 33]);
    assert.equal(bindingFor(state, key('.', { ctrlKey: true })), undefined, 'the time cursor keys want no modifier');
    assert.match(String(press(state, '.')), /^At 0\.000 ms: /);
    assert.equal(state.cursor, 0);
    brush(state, [1, 2]);
    press(state, 'Escape');
    assert.equal(state.brush, undefined, 'Escape clears the brush first');
    assert.equal(state.cursor, 0);
    press(state, 'Escape');
    assert.equal(state.cursor, undefined, 'then hides the time cursor');
  });

  test('a finding is chosen through the same actions: the filter that hid its tasks is cleared, its task selected', () => {
    const { state, posted } = view();
    state.findings = [{ ruleId: 'covis/floating-task', severity: 'warning', message: 'm', file: '/p/lib.ts', line: 5, column: 1, tasks: [3, 1], loop: 0, related: [] } as unknown as Finding];
    state.filter.query = 'nothing matches';
    selectTask(state, 2);
    assert.equal(state.rows.count, 0);
    const said = showFinding(state, 0);
    assert.equal(state.filter.query, '');
    assert.equal(state.selectedTask, 3);
    assert.equal(state.rows.task[state.focusRow], 3);
    assert.match(String(said), /^child {2}lib\.ts:5, failed$/);
    assert.equal(activeFinding(state), state.findings[0]);
    assert.deepEqual([...(highlightedTasks(state) ?? [])], [1]);
    assert.ok(state.dirty.has('findings') && state.dirty.has('details'));
    assert.deepEqual(posted.at(-1), { type: FromWebviewType.TaskSelected, taskId: 3 });
    selectTask(state, 2);
    assert.equal(activeFinding(state), undefined, 'selecting another task ends the highlight');
  });

  test('Play moves the cursor at the chosen speed and pauses at the end', () => {
    const { state } = view();
    play(state);
    assert.equal(state.cursor, 0);
    state.speed = 0.01;
    advance(state, (state.playing as number) + 50);
    assert.ok(near(state.cursor as number, 0.5), `busy at 0 ms: 50 ms of wall time at 0.01× (${state.cursor})`);
    for (let i = 0; i < 50 && state.playing !== undefined; i++) advance(state, (state.playing as number) + 100);
    assert.equal(state.cursor, 33);
    assert.equal(state.playing, undefined);
  });

  test('a revived panel gets its window, cursor and selected task back', () => {
    const { state } = view();
    assert.equal(restoreView(state, { window: [5, 15], cursor: 21, selectedTask: 2 }), 'child  lib.ts:5, completed');
    assert.ok(near(state.x.domain()[0], 5) && near(state.x.domain()[1], 15));
    assert.equal(state.cursor, 21);
    assert.equal(state.selectedTask, 2);
  });
});
