/**
 * The thin shell: owns the session, the derived lane rows, the d3 scales and the canvas, and
 * re-renders at most once per animation frame (live batches can arrive far faster than that).
 * Drawing itself is draw.ts; pointer/keyboard/zoom wiring is input.ts; panels are panels.ts.
 */
import { scaleLinear, ScaleLinear } from 'd3-scale';
import { axisTop } from 'd3-axis';
import { select } from 'd3-selection';
import type { Finding } from '../protocol/findings/types';
import { FromWebviewMessage, FromWebviewType, WebviewPersistedState } from '../protocol/webviewMessages';
import { formatMs, formatTick } from './describe';
import { buildDom, Dom, renderLegend } from './dom';
import { draw, DrawStats } from './draw';
import { activeFinding, highlightedTasks, renderFindings } from './findingsList';
import { computeRows, LaneFilter, Rows, SegmentIndex } from './lanes';
import { AXIS_HEIGHT, fitLabelWidth, Hit, LABEL_WIDTH, traceStart, Viewport } from './layout';
import { wireInput, InputControl } from './input';
import { wirePlayhead } from './playhead';
import { renderDetails, renderTable } from './panels';
import { TraceSession } from './session';
import { currentTheme, Theme } from './theme';

/** What the view keeps across reloads: the protocol's fields plus the replay cursor (webview-only). */
export interface ViewPersistedState extends WebviewPersistedState {
  /** Replay cursor in trace ms; absent when the whole trace is shown. */
  cursor?: number;
}

export interface Host {
  inVsCode: boolean;
  post(message: FromWebviewMessage): void;
  getState(): ViewPersistedState | undefined;
  setState(state: ViewPersistedState): void;
}

export interface App {
  reset(bytes: Uint8Array | undefined, live: boolean, title?: string): void;
  append(bytes: Uint8Array): void;
  status(text: string, live: boolean): void;
  selectTask(taskId: number): void;
  /** The findings of the trace shown (after a Reset; replaces the list). */
  findings(findings: Finding[]): void;
  showMessage(text: string): void;
}

/** Everything input.ts and panels.ts may read or change; app.ts re-renders after they do. */
export interface ViewState {
  session: TraceSession;
  host: Host;
  dom: Dom;
  theme: Theme;
  rows: Rows;
  index: SegmentIndex;
  filter: { query: string; hideCompleted: boolean; collapsed: Set<number>; collapsedLoops: Set<number> };
  view: Viewport;
  /** The unzoomed scale: the whole trace across the chart. */
  x0: ScaleLinear<number, number>;
  /** The zoomed scale (x0 rescaled by the d3-zoom transform). */
  x: ScaleLinear<number, number>;
  hover: Hit;
  selectedTask: number;
  focusRow: number;
  focusSegment: number;
  brush?: [number, number];
  /** Replay cursor (trace ms): the view shows the trace as it stood then; undefined = all of it. */
  cursor?: number;
  following: boolean;
  showTable: boolean;
  /** What the run proves wrong, from the host or the standalone page; undefined until it has been checked. */
  findings?: Finding[];
  /** Index in `findings` of the one chosen in the list, -1 for none. */
  selectedFinding: number;
  lastStats?: DrawStats;
  frames: number;
  /** Set by input.ts: moves the zoom so that [t0, t1] fills the chart. */
  setWindow(t0: number, t1: number): void;
  /** Set by playhead.ts: moves the cursor (clamped to the trace), `reveal` pans it into view. */
  setCursor(t: number | undefined, reveal?: boolean): void;
  /** Set by input.ts: saves window, selection and cursor in the host's state (debounced). */
  persist(): void;
  /** Set by app.ts: selects a task as a host message would (rows, focus, details). */
  selectTask(taskId: number): void;
  requestRender(): void;
  rowsDirty: boolean;
}

declare global {
  interface Window {
    /** For tests and the benchmark: the live view state (not an API). */
    __covis?: ViewState & { renders: number; lastRenderMs: number; onRender?: () => void };
  }
}

export function createApp(root: HTMLElement, host: Host, title?: string): App {
  const dom = buildDom(root);
  if (title) dom.title.textContent = title;
  const session = new TraceSession();
  const emptyFilter: LaneFilter = { query: '', hideCompleted: false, collapsed: new Set() };
  const state: ViewState = {
    session,
    host,
    dom,
    theme: currentTheme(document, window),
    rows: computeRows(session.model, emptyFilter),
    index: new SegmentIndex(session.model),
    filter: { query: '', hideCompleted: false, collapsed: new Set(), collapsedLoops: new Set() },
    view: { width: 800, height: 400, scrollY: 0 },
    x0: scaleLinear(),
    x: scaleLinear(),
    hover: { kind: 'none' },
    selectedTask: -1,
    focusRow: -1,
    focusSegment: -1,
    following: false,
    showTable: false,
    selectedFinding: -1,
    frames: 0,
    setWindow: () => undefined,
    setCursor: () => undefined,
    persist: () => undefined,
    selectTask: (taskId) => app.selectTask(taskId),
    requestRender,
    rowsDirty: true,
  };
  const debug: NonNullable<Window['__covis']> = Object.assign(state, { renders: 0, lastRenderMs: 0 });
  window.__covis = debug;
  renderLegend(dom, state.theme);
  const ctx = dom.canvas.getContext('2d') as CanvasRenderingContext2D;
  const input: InputControl = wireInput(state);
  const playhead = wirePlayhead(state);
  let seenGeneration = -1;
  let rowsAt = 0;
  let frame = 0;
  let domainEnd = 0;
  /** The finding the list last marked as chosen: the list is redrawn when a selection elsewhere changes it. */
  let shownFinding: Finding | undefined;

  function requestRender(): void {
    if (!frame) frame = requestAnimationFrame(render);
  }

  function resize(): void {
    const rect = dom.chart.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    fitLabelWidth(Math.floor(rect.width));
    state.view.width = Math.max(LABEL_WIDTH + 100, Math.floor(rect.width));
    state.view.height = Math.max(120, Math.floor(rect.height));
    dom.canvas.width = state.view.width * dpr;
    dom.canvas.height = state.view.height * dpr;
    dom.canvas.style.width = `${state.view.width}px`;
    dom.canvas.style.height = `${state.view.height}px`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    input.resized();
    requestRender();
  }

  /** Brings derived data up to date with the model; rows are recomputed at most every 200 ms while live. */
  function sync(now: number): void {
    const model = session.model;
    if (session.generation !== seenGeneration) {
      seenGeneration = session.generation;
      if (state.index.model !== model) state.index = new SegmentIndex(model);
      state.index.update();
      if (!session.live || now - rowsAt > 200) state.rowsDirty = true;
      const start = traceStart(model);
      const end = Math.max(model.timeEnd, start + 1e-3);
      if (end !== domainEnd) {
        const [t0, t1] = state.x.domain();
        const wasFit = domainEnd === 0 || (t0 <= state.x0.domain()[0] && t1 >= domainEnd);
        const span = t1 - t0;
        domainEnd = end;
        state.x0.domain([start, end]).range([LABEL_WIDTH + 4, state.view.width - 12]);
        if (wasFit || state.following) state.setWindow(state.following && !wasFit ? end - span : start, end);
        else state.setWindow(t0, t1);
      }
    }
    if (state.rowsDirty) {
      state.rowsDirty = false;
      rowsAt = now;
      state.rows = computeRows(model, state.filter);
      if (state.showTable) renderTable(state);
    }
  }

  function render(now: number): void {
    frame = 0;
    const t0 = performance.now();
    sync(now);
    updateChrome();
    if (activeFinding(state) !== shownFinding) {
      shownFinding = activeFinding(state);
      renderFindings(state);
    }
    if (session.problem.kind === 'none' && !state.showTable) {
      const ticks = state.x.ticks(Math.max(2, Math.floor((state.view.width - LABEL_WIDTH) / 110)));
      state.lastStats = draw(ctx, {
        model: session.model,
        rows: state.rows,
        index: state.index,
        x: state.x,
        ticks,
        view: state.view,
        theme: state.theme,
        arrowsFor: state.hover.kind === 'segment' || state.hover.kind === 'label' ? state.hover.task : state.selectedTask,
        selectedTask: state.selectedTask,
        highlightTasks: highlightedTasks(state),
        focusRow: state.focusRow,
        highlightSegment: state.hover.kind === 'segment' ? state.hover.segment : state.focusSegment,
        brush: state.brush,
        collapsed: state.filter.collapsed,
        collapsedLoops: state.filter.collapsedLoops,
        focusLoop: state.hover.kind === 'turn' || state.hover.kind === 'loop' ? state.hover.loop : -1,
        cursor: state.cursor,
      });
      select(dom.svg).select<SVGGElement>('g.covis-ticks')
        .attr('transform', `translate(0,${AXIS_HEIGHT - 1})`)
        .call(axisTop(state.x).tickValues(ticks).tickFormat((d) => formatTick(Number(d), ticks.length > 1 ? ticks[1] - ticks[0] : 1)).tickSizeOuter(0));
      playhead.update();
    }
    state.frames++;
    debug.renders++;
    debug.lastRenderMs = performance.now() - t0;
    debug.onRender?.();
  }

  /** Banner, message, status line: what the text around the canvas says. */
  function updateChrome(): void {
    const problem = session.problem;
    dom.message.hidden = problem.kind === 'none';
    dom.message.textContent = problem.kind === 'none' ? '' : problem.message;
    dom.chart.hidden = problem.kind !== 'none' || state.showTable;
    dom.table.hidden = problem.kind !== 'none' || !state.showTable;
    const reason = session.cutShortReason();
    dom.banner.hidden = !reason;
    dom.banner.textContent = reason ? `cut short: ${reason}` : '';
    const model = session.model;
    const dropped = model.dropped ? `, ${model.dropped} events dropped` : '';
    const hidden = state.rows.hidden ? `, ${state.rows.hidden} hidden by filters` : '';
    const loops = model.loops.length > 1 ? ` · ${model.loops.length} threads/processes` : '';
    const findings = state.findings ? ` · ${state.findings.length || 'no'} finding${state.findings.length === 1 ? '' : 's'}` : '';
    dom.status.dataset.counts = `${state.rows.count - state.rows.loopRows} lanes${loops} · ${model.eventCount} events · ${formatMs(model.timeEnd)}${dropped}${hidden}${findings}`;
    if (!dom.status.dataset.host) dom.status.textContent = dom.status.dataset.counts;
    else dom.status.textContent = `${dom.status.dataset.host} · ${dom.status.dataset.counts}`;
    // A narrow panel truncates the status with an ellipsis; the whole text stays one hover away.
    dom.status.title = dom.status.textContent;
    dom.follow.setAttribute('aria-pressed', String(state.following));
    dom.follow.hidden = !session.live;
  }

  new ResizeObserver(resize).observe(dom.chart);
  // VS Code swaps the body's theme class when the user changes theme: re-read the colours.
  new MutationObserver(() => {
    state.theme = currentTheme(document, window);
    renderLegend(dom, state.theme, !!session.model.hello?.sample);
    requestRender();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  resize();

  // What the panel showed before a reload: applied to the first finished trace only, never to
  // later ones (a trace opened afterwards must not inherit another trace's zoom).
  let restored = host.getState();
  const app: App = {
    reset(bytes, live, newTitle) {
      if (newTitle) dom.title.textContent = newTitle;
      session.reset(bytes, live);
      renderLegend(dom, state.theme, !!session.model.hello?.sample);
      state.index = new SegmentIndex(session.model);
      state.selectedTask = -1;
      state.focusRow = -1;
      state.focusSegment = -1;
      state.brush = undefined;
      playhead.stop();
      state.cursor = undefined;
      state.following = live;
      domainEnd = 0;
      state.rowsDirty = true;
      dom.details.hidden = true;
      dom.stats.hidden = true;
      state.findings = undefined;
      state.selectedFinding = -1;
      renderFindings(state);
      sync(performance.now());
      const previous = live ? undefined : restored;
      restored = undefined;
      if (previous?.window) state.setWindow(previous.window[0], previous.window[1]);
      if (previous?.cursor !== undefined && session.problem.kind === 'none') state.setCursor(previous.cursor);
      if (previous?.selectedTask !== undefined && session.model.tasks[previous.selectedTask]) app.selectTask(previous.selectedTask);
      if (session.problem.kind !== 'none') host.post({ type: FromWebviewType.Error, message: session.problem.message });
      requestRender();
    },
    append(bytes) {
      session.append(bytes);
      requestRender();
    },
    status(text, live) {
      dom.status.dataset.host = text;
      if (!live && session.live) session.finish();
      requestRender();
    },
    selectTask(taskId) {
      state.selectedTask = taskId;
      state.rowsDirty = true;
      sync(performance.now());
      const row = state.rows.rowOf[taskId] ?? -1;
      if (row >= 0) input.focusRow(row);
      renderDetails(state);
      requestRender();
    },
    findings(findings) {
      state.findings = findings;
      state.selectedFinding = -1;
      renderFindings(state);
      requestRender();
    },
    showMessage(text) {
      dom.message.hidden = false;
      dom.message.textContent = text;
      dom.chart.hidden = true;
    },
  };
  return app;
}
