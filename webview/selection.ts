/**
 * Actions on lanes: hover, select, keyboard focus, collapse, filters, the brushed range. Plain
 * functions of the view state (viewState.ts); the ones that move keyboard focus return what to
 * announce to screen readers.
 */
import { SegmentState } from '../protocol/model';
import { FromWebviewType } from '../protocol/webviewMessages';
import { describeSegment, loopLabel, taskLabel } from './describe';
import { isLoopRow } from './lanes';
import { Hit, scrollToRow } from './layout';
import { syncModel } from './sync';
import { setWindow } from './timeWindow';
import type { ViewState } from './viewState';

export function hoverAt(state: ViewState, hit: Hit, px: number, py: number): void {
  state.hover = hit;
  state.pointer = [px, py];
  state.dirty.add('tooltip');
}

/** Click or Enter on a slice or a lane: details panel, and inside VS Code reveal the source. */
export function select(state: ViewState, task: number, segment: number, row: number): void {
  const model = state.session.model;
  state.selectedTask = task;
  state.focusRow = row;
  state.focusSegment = segment;
  state.dirty.add('details');
  const info = model.tasks[task];
  const suspendedAt = segment >= 0 && model.segments.state.data[segment] !== SegmentState.Running ? model.sites.get(model.segments.site.data[segment]) : undefined;
  const site = suspendedAt ?? (info ? model.sites.get(info.defSite) : undefined);
  state.host.post({ type: FromWebviewType.TaskSelected, taskId: task });
  if (site) state.host.post({ type: FromWebviewType.Reveal, file: site.file, line: site.line, column: site.column });
}

/** Selected from outside the canvas (the host, a finding, a restored panel): its lane is focused and scrolled into view. */
export function selectTask(state: ViewState, taskId: number): string | undefined {
  state.selectedTask = taskId;
  // Rows are throttled while live: the task may be newer than them.
  state.rowsDirty = true;
  syncModel(state, performance.now());
  state.dirty.add('details');
  const row = state.rows.rowOf[taskId] ?? -1;
  return row >= 0 ? focusRow(state, row) : undefined;
}

/** A task's name clicked in a side panel: selected, and focused where it has a lane (nothing scrolls). */
export function pickTask(state: ViewState, taskId: number): void {
  state.selectedTask = taskId;
  const row = state.rows.rowOf[taskId] ?? -1;
  if (row >= 0) state.focusRow = row;
  state.dirty.add('details');
}

export function focusRow(state: ViewState, row: number): string | undefined {
  const { rows, view } = state;
  if (row < 0 || row >= rows.count) return undefined;
  state.focusRow = row;
  state.focusSegment = -1;
  view.scrollY = scrollToRow(view, rows.count, row);
  const model = state.session.model;
  const task = model.tasks[rows.task[row]];
  if (task) return `${taskLabel(model, task)}, ${task.outcome === 'live' ? 'unfinished' : task.outcome}`;
  if (!isLoopRow(rows, row)) return undefined;
  const loop = rows.loop[row];
  return `${loopLabel(model, loop)}, ${rows.loopTasks[loop] ?? 0} tasks${state.filter.collapsedLoops.has(loop) ? ', collapsed' : ''}`;
}

/** Up/Down, PageUp/PageDown: focus `delta` rows further, within the lanes. */
export function moveFocus(state: ViewState, delta: number): string | undefined {
  const last = state.rows.count - 1;
  return focusRow(state, delta > 0 ? Math.min(last, state.focusRow + delta) : Math.max(0, state.focusRow + delta));
}

/** Alt+Left/Right: the previous/next slice of the focused lane, panning it into view. */
export function stepSegment(state: ViewState, direction: 1 | -1): string | undefined {
  if (state.focusRow < 0) return focusRow(state, 0);
  const list = state.index.of(state.rows.task[state.focusRow]);
  if (!list.length) return undefined;
  let at = list.indexOf(state.focusSegment);
  at = at < 0 ? (direction > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + direction));
  const segment = list[at];
  state.focusSegment = segment;
  const model = state.session.model;
  const start = model.segments.start.data[segment];
  const [t0, t1] = state.x.domain();
  if (model.segmentEnd(segment) < t0 || start > t1) setWindow(state, start - (t1 - t0) / 2, start + (t1 - t0) / 2);
  return describeSegment(model, segment).join('. ');
}

export function toggleCollapse(state: ViewState, task: number): void {
  const { collapsed } = state.filter;
  if (!collapsed.delete(task)) collapsed.add(task);
  state.rowsDirty = true;
}

/** A loop's tasks hidden or shown again (its row stays); kept across live updates like the task tree's. */
export function toggleLoop(state: ViewState, loop: number): string {
  const { collapsedLoops } = state.filter;
  if (!collapsedLoops.delete(loop)) collapsedLoops.add(loop);
  state.rowsDirty = true;
  return `${loopLabel(state.session.model, loop)}: tasks ${collapsedLoops.has(loop) ? 'hidden' : 'shown'}`;
}

/** The filter box: lower-case text matched against names and files; the lanes scroll back to the top. */
export function setQuery(state: ViewState, text: string): void {
  state.filter.query = text.trim().toLowerCase();
  state.rowsDirty = true;
  state.view.scrollY = 0;
}

export function setHideCompleted(state: ViewState, hide: boolean): void {
  state.filter.hideCompleted = hide;
  state.rowsDirty = true;
}

export function toggleTable(state: ViewState): void {
  state.showTable = !state.showTable;
  state.dirty.add('table');
}

/** A range brushed on the axis (its statistics in the side panel), or none. */
export function brush(state: ViewState, range: [number, number] | undefined): void {
  state.brush = range;
  state.dirty.add('stats');
}
