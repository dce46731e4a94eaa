/**
 * render(): the one function that puts the view state on the page, run at most once per
 * animation frame (live batches can arrive far faster than that): the canvas (draw.ts), the axis
 * strip, the text around them, and the side panels that actions marked for redrawing.
 */
import type { Finding } from '../protocol/findings/types';
import { formatInstant } from '../protocol/format';
import { Axis, drawAxis } from './axis';
import { renderChrome } from './chrome';
import { Dom, renderLegend } from './dom';
import { draw } from './draw';
import { activeFinding, highlightedTasks, renderFindings } from './findingsList';
import { renderDetails, renderNow, renderStats, renderTable } from './panels';
import { watchPersisted } from './persist';
import { advance } from './playback';
import { syncModel } from './sync';
import type { Theme } from './theme';
import { renderTooltip } from './tooltip';
import type { Dispatch, ViewState } from './viewState';

/** While playing, the "state at t" list is rebuilt at most this often (it walks every task). */
const SUMMARY_EVERY_MS = 100;

export function createRenderer(state: ViewState, dom: Dom, axis: Axis, dispatch: Dispatch): (now: number) => void {
  const ctx = dom.canvas.getContext('2d') as CanvasRenderingContext2D;
  const save = watchPersisted(state);
  // What was last put on the page, so that unchanged parts are left alone.
  let canvasSize = '';
  let legend: { theme?: Theme; sampled?: boolean } = {};
  let shownFinding: Finding | undefined;
  let summary = { cursor: undefined as number | undefined, generation: -1, at: -Infinity };

  function sizeCanvas(): void {
    const { width, height } = state.view;
    const dpr = window.devicePixelRatio || 1;
    if (canvasSize === `${width} ${height} ${dpr}`) return;
    canvasSize = `${width} ${height} ${dpr}`;
    dom.canvas.width = width * dpr;
    dom.canvas.height = height * dpr;
    dom.canvas.style.width = `${width}px`;
    dom.canvas.style.height = `${height}px`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }

  function renderPanels(): void {
    const { dirty } = state;
    const sampled = Boolean(state.session.model.hello?.sample);
    // The "Sampled" state is listed only for traces recorded with --sample, the only ones that have it.
    if (legend.theme !== state.theme || legend.sampled !== sampled) {
      legend = { theme: state.theme, sampled };
      renderLegend(dom, state.theme, sampled);
    }
    if (dirty.has('details')) renderDetails(state, dom.details, dispatch);
    if (dirty.has('stats')) renderStats(state, dom.stats);
    if (dirty.has('table') && state.showTable) renderTable(state, dom.table, dispatch);
    if (dirty.has('tooltip')) renderTooltip(state, dom.tooltip);
    // A selection elsewhere may end the chosen finding's highlight: the list marks it then too.
    if (dirty.has('findings') || activeFinding(state) !== shownFinding) {
      shownFinding = activeFinding(state);
      renderFindings(state, dom.findings, dispatch);
    }
    dirty.clear();
  }

  /** "State at t" follows the cursor and the model, rebuilt at most every SUMMARY_EVERY_MS while playing. */
  function renderSummary(): void {
    const generation = state.session.generation;
    if (summary.cursor === state.cursor && summary.generation === generation) return;
    const now = performance.now();
    if (state.playing !== undefined && now - summary.at < SUMMARY_EVERY_MS) return;
    summary = { cursor: state.cursor, generation, at: now };
    renderNow(state, dom.now, dispatch);
  }

  function drawChart(): void {
    const { view, x, hover } = state;
    const ticks = x.ticks(Math.max(2, Math.floor((view.width - view.labelWidth) / 110)));
    state.lastStats = draw(ctx, {
      model: state.session.model,
      rows: state.rows,
      index: state.index,
      x,
      ticks,
      view,
      theme: state.theme,
      arrowsFor: hover.kind === 'segment' || hover.kind === 'label' ? hover.task : state.selectedTask,
      selectedTask: state.selectedTask,
      highlightTasks: highlightedTasks(state),
      focusRow: state.focusRow,
      highlightSegment: hover.kind === 'segment' ? hover.segment : state.focusSegment,
      brush: state.brush,
      collapsed: state.filter.collapsed,
      collapsedLoops: state.filter.collapsedLoops,
      focusLoop: hover.kind === 'turn' || hover.kind === 'loop' ? hover.loop : -1,
      cursor: state.cursor,
    });
    drawAxis(axis, state, ticks);
    const playing = state.playing !== undefined;
    dom.play.textContent = playing ? '❚❚ Pause' : '▶ Play';
    dom.play.setAttribute('aria-pressed', String(playing));
    dom.cursorText.textContent = state.cursor === undefined ? '' : `t = ${formatInstant(state.cursor)}`;
    dom.cursorClear.hidden = state.cursor === undefined;
    renderSummary();
  }

  return (now) => {
    advance(state, now);
    syncModel(state, now);
    sizeCanvas();
    renderChrome(state, dom);
    renderPanels();
    if (state.session.problem.kind === 'none' && !state.showTable) drawChart();
    save();
  };
}
