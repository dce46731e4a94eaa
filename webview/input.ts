/**
 * Pointer, wheel, keyboard, zoom and brush wiring. d3-zoom owns the time axis (one immutable
 * transform; the zoomed scale is transform.rescaleX(x0)); the vertical scroll of the lanes is
 * ours, fed by drags, wheel over the labels or with Shift, and lane focus.
 */
import { brushX, BrushBehavior } from 'd3-brush';
import { select, Selection } from 'd3-selection';
import { zoom, ZoomBehavior, zoomIdentity, ZoomTransform, zoomTransform } from 'd3-zoom';
import { FromWebviewType } from '../protocol/webviewMessages';
import { SegmentState } from '../protocol/model';
import type { ViewState } from './app';
import { describeLoop, describeSegment, describeTurn, loopLabel, segmentTooltip, taskLabel } from './describe';
import { isLoopRow } from './lanes';
import { AXIS_HEIGHT, clampScroll, hitTest, LABEL_WIDTH, scrollToRow, traceStart } from './layout';
import { renderDetails, renderStats, renderTable, showTooltip } from './panels';

export interface InputControl {
  resized(): void;
  focusRow(row: number): void;
}

/** Smallest visible span: a microsecond across the chart (float precision is far below). */
const MIN_SPAN_MS = 1e-3;

export function wireInput(state: ViewState): InputControl {
  const { dom } = state;
  const canvas = select<HTMLCanvasElement, unknown>(dom.canvas);
  const svg = select(dom.svg);
  svg.append('g').attr('class', 'covis-ticks');
  const brushG = svg.append('g').attr('class', 'covis-brush') as unknown as Selection<SVGGElement, unknown, null, undefined>;
  let lastY = 0;
  let programmatic = false;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;

  const zoomer: ZoomBehavior<HTMLCanvasElement, unknown> = zoom<HTMLCanvasElement, unknown>()
    // Wheel over the chart zooms; wheel over the labels, with Shift, or mostly sideways scrolls instead.
    .filter((event: Event) => {
      if (event.type === 'wheel') {
        const wheel = event as WheelEvent;
        return wheel.offsetX >= LABEL_WIDTH && !wheel.shiftKey && Math.abs(wheel.deltaX) <= Math.abs(wheel.deltaY);
      }
      if (event.type === 'dblclick') return false;
      return !(event as MouseEvent).button;
    })
    .on('zoom', (event: { transform: ZoomTransform; sourceEvent: Event | null }) => {
      const t = event.transform;
      state.x = t.rescaleX(state.x0);
      const source = event.sourceEvent;
      if (source && !programmatic) {
        state.following = false;
        if (/move$/.test(source.type)) state.view.scrollY = clampScroll(state.view, state.rows.count, state.view.scrollY - (t.y - lastY));
      }
      lastY = t.y;
      if (state.brush) brushG.call(brusher.move, [state.x(state.brush[0]), state.x(state.brush[1])]);
      persist();
      state.requestRender();
    });
  canvas.call(zoomer);

  state.setWindow = (t0: number, t1: number) => {
    const [r0, r1] = state.x0.range();
    const span = Math.max(t1 - t0, MIN_SPAN_MS);
    const k = (r1 - r0) / (state.x0(t0 + span) - state.x0(t0));
    const tx = r0 - k * state.x0(t0);
    programmatic = true;
    canvas.call(zoomer.transform, zoomIdentity.translate(tx, lastY).scale(k));
    programmatic = false;
  };

  const brusher: BrushBehavior<unknown> = brushX().on('end', (event: { selection: [number, number] | null; sourceEvent: Event | null }) => {
    if (!event.sourceEvent) return;
    if (!event.selection) {
      // A click on the axis (no drag) clears any brush and places the replay cursor there.
      const hadBrush = Boolean(state.brush);
      state.brush = undefined;
      dom.stats.hidden = true;
      const source = event.sourceEvent as MouseEvent;
      if (!hadBrush && typeof source.clientX === 'number') state.setCursor(state.x.invert(source.clientX - dom.svg.getBoundingClientRect().left));
    } else {
      state.brush = [state.x.invert(event.selection[0]), state.x.invert(event.selection[1])];
      renderStats(state);
    }
    state.requestRender();
  });

  function persist(): void {
    clearTimeout(persistTimer);
    persistTimer = setTimeout(() => {
      const [a, b] = state.x.domain();
      // While following a live run the window is the growing tail, not a place worth returning
      // to (restored onto the finished trace it showed the first microsecond): keep none.
      const following = state.following;
      // Keep what the host stored (tracePath) and replace only the view's own fields.
      state.host.setState({
        ...state.host.getState(),
        selectedTask: state.selectedTask >= 0 ? state.selectedTask : undefined,
        window: following ? undefined : [a, b],
        cursor: following ? undefined : state.cursor,
      });
    }, 300);
  }
  state.persist = persist;

  function hitAt(event: MouseEvent) {
    const rect = dom.canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    return { px, py, hit: hitTest(state.session.model, state.rows, state.index, state.x, state.view, px, py) };
  }

  dom.canvas.addEventListener('mousemove', (event) => {
    const { px, py, hit } = hitAt(event);
    state.hover = hit;
    const model = state.session.model;
    const lines =
      hit.kind === 'segment' ? segmentTooltip(model, hit.segment)
      : hit.kind === 'turn' ? describeTurn(model, hit.turn)
      : hit.kind === 'loop' ? describeLoop(model, hit.loop, state.rows.loopTasks[hit.loop] ?? 0)
      : undefined;
    showTooltip(state, lines, px, py);
    state.requestRender();
  });
  dom.canvas.addEventListener('mouseleave', () => {
    state.hover = { kind: 'none' };
    showTooltip(state, undefined, 0, 0);
    state.requestRender();
  });
  dom.canvas.addEventListener('click', (event) => {
    const { px, hit } = hitAt(event);
    if (hit.kind === 'loop') toggleLoop(hit.loop);
    else if (hit.kind === 'label') {
      const task = state.session.model.tasks[hit.task];
      const indent = 8 + Math.min(state.rows.depth[hit.row], 12) * 10;
      if (task?.children.length && px >= indent - 4 && px <= indent + 12) {
        toggleCollapse(hit.task);
        return;
      }
      select_(hit.task, -1, hit.row);
    } else if (hit.kind === 'segment') select_(hit.task, hit.segment, hit.row);
  });
  dom.canvas.addEventListener('wheel', (event) => {
    if (event.offsetX >= LABEL_WIDTH && !event.shiftKey && Math.abs(event.deltaX) <= Math.abs(event.deltaY)) return;
    event.preventDefault();
    if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
      const k = zoomTransform(dom.canvas).k;
      canvas.call(zoomer.translateBy, -event.deltaX / k, 0);
    } else scrollBy(event.deltaY);
  }, { passive: false });

  function scrollBy(dy: number): void {
    state.view.scrollY = clampScroll(state.view, state.rows.count, state.view.scrollY + dy);
    state.requestRender();
  }

  function toggleCollapse(task: number): void {
    if (state.filter.collapsed.has(task)) state.filter.collapsed.delete(task);
    else state.filter.collapsed.add(task);
    state.rowsDirty = true;
    state.requestRender();
  }

  /** A loop's tasks hidden or shown again (its row stays); kept across live updates like the task tree's. */
  function toggleLoop(loop: number): void {
    const collapsed = state.filter.collapsedLoops;
    if (collapsed.has(loop)) collapsed.delete(loop);
    else collapsed.add(loop);
    state.rowsDirty = true;
    announce(`${loopLabel(state.session.model, loop)}: tasks ${collapsed.has(loop) ? 'hidden' : 'shown'}`);
    state.requestRender();
  }

  /** Click or Enter on a slice or a lane: details panel, and inside VS Code reveal the source. */
  function select_(task: number, segment: number, row: number): void {
    const model = state.session.model;
    state.selectedTask = task;
    state.focusRow = row;
    state.focusSegment = segment;
    renderDetails(state);
    const info = model.tasks[task];
    const suspendedAt = segment >= 0 && model.segments.state.data[segment] !== SegmentState.Running ? model.sites.get(model.segments.site.data[segment]) : undefined;
    const site = suspendedAt ?? (info ? model.sites.get(info.defSite) : undefined);
    state.host.post({ type: FromWebviewType.TaskSelected, taskId: task });
    if (site) state.host.post({ type: FromWebviewType.Reveal, file: site.file, line: site.line, column: site.column });
    persist();
    state.requestRender();
  }

  function focusRow(row: number): void {
    if (row < 0 || row >= state.rows.count) return;
    state.focusRow = row;
    state.focusSegment = -1;
    state.view.scrollY = scrollToRow(state.view, state.rows.count, row);
    const model = state.session.model;
    const task = model.tasks[state.rows.task[row]];
    if (task) announce(`${taskLabel(model, task)}, ${task.outcome === 'live' ? 'unfinished' : task.outcome}`);
    else if (isLoopRow(state.rows, row)) {
      const loop = state.rows.loop[row];
      announce(`${loopLabel(model, loop)}, ${state.rows.loopTasks[loop] ?? 0} tasks${state.filter.collapsedLoops.has(loop) ? ', collapsed' : ''}`);
    }
    state.requestRender();
  }

  function announce(text: string): void {
    dom.announce.textContent = text;
  }

  /** Alt+Left/Right: the previous/next slice of the focused lane, panning it into view. */
  function stepSegment(direction: 1 | -1): void {
    if (state.focusRow < 0) return focusRow(0);
    const list = state.index.of(state.rows.task[state.focusRow]);
    if (!list.length) return;
    let at = list.indexOf(state.focusSegment);
    at = at < 0 ? (direction > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + direction));
    const segment = list[at];
    state.focusSegment = segment;
    const model = state.session.model;
    const start = model.segments.start.data[segment];
    const end = model.segmentEnd(segment);
    const [t0, t1] = state.x.domain();
    if (end < t0 || start > t1) state.setWindow(start - (t1 - t0) / 2, start + (t1 - t0) / 2);
    announce(describeSegment(model, segment).join('. '));
    state.requestRender();
  }

  dom.canvas.addEventListener('keydown', (event) => {
    const width = state.view.width - LABEL_WIDTH;
    const centre = [LABEL_WIDTH + width / 2, AXIS_HEIGHT] as [number, number];
    const key = event.key;
    if (key === '+' || key === '=') canvas.call(zoomer.scaleBy, 1.5, centre);
    else if (key === '-' || key === '_') canvas.call(zoomer.scaleBy, 1 / 1.5, centre);
    else if (event.altKey && key === 'ArrowRight') stepSegment(1);
    else if (event.altKey && key === 'ArrowLeft') stepSegment(-1);
    else if (key === 'ArrowLeft') canvas.call(zoomer.translateBy, width / 10 / zoomTransform(dom.canvas).k, 0);
    else if (key === 'ArrowRight') canvas.call(zoomer.translateBy, -width / 10 / zoomTransform(dom.canvas).k, 0);
    else if (key === 'ArrowDown') focusRow(Math.min(state.rows.count - 1, state.focusRow + 1));
    else if (key === 'ArrowUp') focusRow(Math.max(0, state.focusRow - 1));
    else if (key === 'PageDown') focusRow(Math.min(state.rows.count - 1, state.focusRow + 10));
    else if (key === 'PageUp') focusRow(Math.max(0, state.focusRow - 10));
    else if (key === '0') fit();
    else if ((key === ' ' || key === 'Enter') && isLoopRow(state.rows, state.focusRow)) toggleLoop(state.rows.loop[state.focusRow]);
    else if (key === 'Enter' && state.focusRow >= 0) select_(state.rows.task[state.focusRow], state.focusSegment, state.focusRow);
    else if (key === ' ' && state.focusRow >= 0) toggleCollapse(state.rows.task[state.focusRow]);
    else if (key === 'Escape' && !state.brush) state.setCursor(undefined);
    else if (key === 'Escape') {
      state.brush = undefined;
      brushG.call(brusher.move, null);
      dom.stats.hidden = true;
      state.requestRender();
    } else return;
    event.preventDefault();
  });

  function fit(): void {
    state.following = state.session.live;
    const start = traceStart(state.session.model);
    state.setWindow(start, Math.max(state.session.model.timeEnd, start + MIN_SPAN_MS));
  }

  dom.fit.addEventListener('click', fit);
  dom.follow.addEventListener('click', () => {
    state.following = !state.following;
    if (state.following) {
      const [t0, t1] = state.x.domain();
      const end = state.session.model.timeEnd;
      state.setWindow(end - (t1 - t0), end);
    }
    state.requestRender();
  });
  dom.tableToggle.addEventListener('click', () => {
    state.showTable = !state.showTable;
    dom.tableToggle.setAttribute('aria-pressed', String(state.showTable));
    if (state.showTable) renderTable(state);
    state.requestRender();
  });
  dom.search.addEventListener('input', () => {
    state.filter.query = dom.search.value.trim().toLowerCase();
    state.rowsDirty = true;
    state.view.scrollY = 0;
    state.requestRender();
  });
  dom.hideCompleted.addEventListener('change', () => {
    state.filter.hideCompleted = dom.hideCompleted.checked;
    state.rowsDirty = true;
    state.requestRender();
  });

  return {
    resized() {
      const { width, height } = state.view;
      svg.attr('width', width).attr('height', AXIS_HEIGHT);
      brushG.call(brusher.extent([[LABEL_WIDTH, 0], [width, AXIS_HEIGHT]]));
      zoomer.extent([[LABEL_WIDTH, 0], [width, height]]).scaleExtent([0.5, 1e9]);
      const [t0, t1] = state.x.domain();
      state.x0.range([LABEL_WIDTH + 4, width - 12]);
      if (t1 > t0) state.setWindow(t0, t1);
      state.view.scrollY = clampScroll(state.view, state.rows.count, state.view.scrollY);
    },
    focusRow,
  };
}
