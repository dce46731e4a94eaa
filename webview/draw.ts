/**
 * draw(ctx, state): the whole canvas as a pure function of the model, the lane rows, the time
 * scale, the viewport and the theme. No DOM beyond the 2D context, no state kept between calls.
 */
import { SegmentState, TraceModel } from '../protocol/model';
import { drawCrossLoopArrows, drawTaskArrows, LoopArrow } from './arrows';
import { loopLabel, taskLabel } from './describe';
import { Rows, SegmentIndex } from './lanes';
import { AXIS_HEIGHT, LANE_HEIGHT, laneY, LOOP_HEIGHT, lanesTop, TimeScale, Viewport, visibleRows } from './layout';
import { LodStats, taskSpans, turnSpans } from './lod';
import { loopTurns } from './loops';
import { checkpointSpans, CheckpointStats, hatch } from './checkpoints';
import { StateAtT, taskStateAt } from './replay';
import type { Theme } from './theme';

export interface DrawState {
  model: TraceModel;
  rows: Rows;
  index: SegmentIndex;
  x: TimeScale;
  ticks: number[];
  view: Viewport;
  theme: Theme;
  /** Task whose arrows (parent → it, wakers → it) are drawn: hovered or selected. */
  arrowsFor: number;
  selectedTask: number;
  /** Other tasks of the finding chosen in the list: their lanes are tinted like the selected one. */
  highlightTasks?: ReadonlySet<number>;
  focusRow: number;
  /** Segment under the pointer or keyboard focus, outlined. */
  highlightSegment: number;
  brush?: [number, number];
  collapsed: ReadonlySet<number>;
  collapsedLoops: ReadonlySet<number>;
  /** Loop under the pointer (its label or a turn): the arrows to and from it stand out. -1: none. */
  focusLoop: number;
  /** Replay cursor (trace ms): what lies after it is dimmed; undefined shows the whole trace. */
  cursor?: number;
}

export interface DrawStats extends LodStats {
  /** Rows drawn: task lanes and loop rows. */
  lanes: number;
  /** Arrows into the hovered or selected task. */
  arrows: number;
  /** Arrows between loops (messages, started loops), where they were drawn. */
  crossLoop: LoopArrow[];
  /** Microtask checkpoint parts of the loop lanes: marked turns in view, rectangles drawn. */
  checkpoints: CheckpointStats;
}

const STATE_COLOUR = (theme: Theme, state: number): string =>
  state === SegmentState.Running ? theme.running : state === SegmentState.Ready ? theme.ready : state === SegmentState.Sampled ? theme.sampled : theme.suspended;

export function draw(ctx: CanvasRenderingContext2D, state: DrawState): DrawStats {
  const { rows, view, theme, x } = state;
  const stats: DrawStats = { visited: 0, drawn: 0, lanes: 0, arrows: 0, crossLoop: [], checkpoints: { visited: 0, drawn: 0, checkpoints: 0 } };
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, view.width, view.height);
  ctx.font = theme.font;
  ctx.textBaseline = 'middle';

  // Grid lines at the axis ticks, under everything.
  ctx.fillStyle = theme.grid;
  for (const t of state.ticks) ctx.fillRect(Math.round(x(t)), AXIS_HEIGHT, 1, view.height - AXIS_HEIGHT);

  drawLoopLane(ctx, state, stats);
  const { first, last } = visibleRows(view, rows.count);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, lanesTop, view.width, view.height - lanesTop);
  ctx.clip();
  for (let row = first; row <= last; row++) {
    if (rows.loop[row] >= 0) drawLoopRow(ctx, state, row, stats);
    else drawLane(ctx, state, row, stats);
  }
  drawTaskArrows(ctx, state, stats);
  ctx.restore();
  drawCrossLoopArrows(ctx, state, stats);

  if (state.cursor !== undefined) drawCursor(ctx, state);
  if (state.brush) {
    const [b0, b1] = state.brush;
    ctx.fillStyle = theme.selection;
    ctx.fillRect(Math.max(view.labelWidth, x(b0)), AXIS_HEIGHT, Math.max(1, x(b1) - x(b0)), view.height - AXIS_HEIGHT);
  }
  ctx.fillStyle = theme.grid;
  ctx.fillRect(view.labelWidth - 1, AXIS_HEIGHT, 1, view.height - AXIS_HEIGHT);
  return stats;
}

/** The first loop's fixed lane under the axis. */
function drawLoopLane(ctx: CanvasRenderingContext2D, state: DrawState, stats: DrawStats): void {
  const { view, theme } = state;
  const y = AXIS_HEIGHT;
  ctx.fillStyle = theme.laneAlt;
  ctx.fillRect(0, y, view.width, LOOP_HEIGHT);
  drawTurns(ctx, state, 0, y + 4, LOOP_HEIGHT - 8, stats);
  drawLoopLabel(ctx, state, 0, y, LOOP_HEIGHT, 8);
  ctx.fillStyle = theme.grid;
  ctx.fillRect(0, y + LOOP_HEIGHT - 1, view.width, 1);
}

/** A further loop (worker thread, child process) heading its tasks: drawn like the loop lane, one lane high. */
function drawLoopRow(ctx: CanvasRenderingContext2D, state: DrawState, row: number, stats: DrawStats): void {
  const { model, rows, view, theme, x } = state;
  const loop = rows.loop[row];
  stats.lanes++;
  const y = laneY(row, view.scrollY);
  ctx.fillStyle = theme.laneAlt;
  ctx.fillRect(0, y, view.width, LANE_HEIGHT);
  // A rule above each loop's group of lanes.
  ctx.fillStyle = theme.grid;
  ctx.fillRect(0, y, view.width, 1);
  ctx.save();
  ctx.beginPath();
  ctx.rect(view.labelWidth, y, view.width - view.labelWidth, LANE_HEIGHT);
  ctx.clip();
  // Its life, as a task lane shows its task's: from its start to its last turn (or the trace end).
  const info = model.loops[loop];
  const turns = loopTurns(model, loop);
  const end = info?.end && turns.length ? model.turnEnd(turns[turns.length - 1]) : model.timeEnd;
  const started = info?.started ?? 0;
  ctx.fillStyle = theme.muted;
  ctx.fillRect(x(started), y + LANE_HEIGHT / 2 - 0.5, Math.max(1, x(end) - x(started)), 1);
  ctx.fillRect(x(started), y + 4, 1, LANE_HEIGHT - 8);
  ctx.restore();
  drawTurns(ctx, state, loop, y + 3, LANE_HEIGHT - 6, stats);
  drawLoopLabel(ctx, state, loop, y + 1, LANE_HEIGHT - 1, 8 + Math.min(rows.depth[row], 12) * 10);
  if (row === state.focusRow) {
    ctx.strokeStyle = theme.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect(1, y + 1, view.width - 2, LANE_HEIGHT - 2);
  }
}

/** A loop's busy turns between `top` and `top + height`, coloured by kind, checkpoints hatched. */
function drawTurns(ctx: CanvasRenderingContext2D, state: DrawState, loop: number, top: number, height: number, stats: DrawStats): void {
  const { model, view, theme, x } = state;
  turnSpans(model, loop, x, view.labelWidth, view.width, (span) => {
    ctx.fillStyle = theme.turn[span.state] ?? theme.muted;
    ctx.fillRect(span.x0, top, span.x1 - span.x0, height);
  }, stats);
  // The checkpoint part of each marked turn: the turn's colour, paled and hatched, so the
  // callback (solid) and the microtasks it set off (hatched) read apart in any theme.
  checkpointSpans(model, loop, x, view.labelWidth, view.width, (span) => {
    const colour = theme.turn[span.state] ?? theme.muted;
    ctx.globalAlpha = 0.55;
    ctx.fillStyle = theme.background;
    ctx.fillRect(span.x0, top, span.x1 - span.x0, height);
    ctx.globalAlpha = 1;
    ctx.fillStyle = hatch(ctx, colour);
    ctx.fillRect(span.x0, top, span.x1 - span.x0, height);
  }, stats.checkpoints);
}

/**
 * A loop's label: its name (the single loop keeps "event loop (one thread)"), with several
 * loops a ▾/▸ when it has tasks to collapse, and "cut short" when it crashed, was killed or stopped.
 */
function drawLoopLabel(ctx: CanvasRenderingContext2D, state: DrawState, loop: number, y: number, height: number, indent: number): void {
  const { model, rows, theme, view } = state;
  const mid = y + height / 2;
  ctx.fillStyle = theme.laneAlt;
  ctx.fillRect(0, y, view.labelWidth - 1, height);
  const grouped = model.loops.length > 1;
  let right = view.labelWidth - 6;
  if (grouped && model.loopCutShort(loop)) {
    const mark = 'cut short';
    right -= ctx.measureText(mark).width;
    ctx.fillStyle = theme.failed;
    ctx.fillText(mark, right, mid);
    right -= 8;
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, y, right, height);
  ctx.clip();
  if (grouped && (rows.loopTasks[loop] ?? 0) > 0) {
    ctx.fillStyle = theme.muted;
    ctx.fillText(state.collapsedLoops.has(loop) ? '▸' : '▾', indent, mid);
  }
  ctx.fillStyle = theme.foreground;
  if (grouped) ctx.font = `bold ${theme.font}`;
  const left = grouped ? indent + 12 : indent;
  ctx.fillText(ellipsize(ctx, loopLabel(model, loop), right - left - 2), left, mid);
  ctx.restore();
}

/** `text`, cut with an ellipsis to fit `width` pixels in the context's font (a loop's full name is in its tooltip). */
function ellipsize(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

function drawLane(ctx: CanvasRenderingContext2D, state: DrawState, row: number, stats: DrawStats): void {
  const { model, rows, view, theme, x, index } = state;
  const id = rows.task[row];
  const task = model.tasks[id];
  if (!task) return;
  stats.lanes++;
  const y = laneY(row, view.scrollY);
  if (row % 2 === 1) {
    ctx.fillStyle = theme.laneAlt;
    ctx.fillRect(0, y, view.width, LANE_HEIGHT);
  }
  // The selected task, and the other tasks of the finding chosen in the list (the selected one also has the focus outline).
  if (id === state.selectedTask || state.highlightTasks?.has(id)) {
    ctx.fillStyle = theme.selection;
    ctx.fillRect(0, y, view.width, LANE_HEIGHT);
  }
  const mid = y + LANE_HEIGHT / 2;
  ctx.save();
  ctx.beginPath();
  ctx.rect(view.labelWidth, y, view.width - view.labelWidth, LANE_HEIGHT);
  ctx.clip();
  // Lifetime line: created → completed (or the trace end while unfinished).
  const end = task.outcome === 'live' ? model.timeEnd : task.ended;
  ctx.fillStyle = theme.muted;
  ctx.fillRect(x(task.created), mid - 0.5, Math.max(1, x(end) - x(task.created)), 1);
  taskSpans(model, index, id, x, view.labelWidth, view.width, (span) => {
    const tall = span.state === SegmentState.Suspended ? 8 : span.state === SegmentState.Sampled ? 4 : 14;
    ctx.fillStyle = STATE_COLOUR(theme, span.state);
    ctx.fillRect(span.x0, mid - tall / 2, span.x1 - span.x0, tall);
    if (span.item >= 0 && span.item === state.highlightSegment) {
      ctx.strokeStyle = theme.focus;
      ctx.lineWidth = 2;
      ctx.strokeRect(span.x0 - 1, mid - tall / 2 - 1, span.x1 - span.x0 + 2, tall + 2);
    }
  }, stats);
  // Created marker (a small triangle) and the end marker (completed or failed).
  const cx = x(task.created);
  ctx.fillStyle = theme.created;
  ctx.beginPath();
  ctx.moveTo(cx, mid - 6);
  ctx.lineTo(cx + 5, mid);
  ctx.lineTo(cx, mid + 6);
  ctx.fill();
  if (task.outcome !== 'live') {
    ctx.fillStyle = task.outcome === 'failed' ? theme.failed : theme.completed;
    ctx.fillRect(x(task.ended) - 1, mid - 7, 3, 14);
  }
  ctx.restore();
  drawLabel(ctx, state, row, id, y);
  if (row === state.focusRow) {
    ctx.strokeStyle = theme.focus;
    ctx.lineWidth = 2;
    ctx.strokeRect(1, y + 1, view.width - 2, LANE_HEIGHT - 2);
  } else if (state.highlightTasks?.has(id)) {
    // A tint alone is faint in dark themes: a dashed outline says "involved" in every theme.
    ctx.strokeStyle = theme.focus;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.strokeRect(0.5, y + 0.5, view.width - 1, LANE_HEIGHT - 1);
    ctx.setLineDash([]);
  }
}

function drawLabel(ctx: CanvasRenderingContext2D, state: DrawState, row: number, id: number, y: number): void {
  const { model, rows, theme, view } = state;
  const task = model.tasks[id];
  if (!task) return;
  ctx.fillStyle = row % 2 === 1 ? theme.laneAlt : theme.background;
  ctx.fillRect(0, y, view.labelWidth - 1, LANE_HEIGHT);
  const indent = 8 + Math.min(rows.depth[row], 12) * 10;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, y, view.labelWidth - 4, LANE_HEIGHT);
  ctx.clip();
  ctx.fillStyle = theme.muted;
  if (task.children.length) ctx.fillText(state.collapsed.has(id) ? '▸' : '▾', indent, y + LANE_HEIGHT / 2);
  ctx.fillStyle = task.outcome === 'failed' ? theme.failed : theme.foreground;
  ctx.fillText(taskLabel(model, task), indent + 12, y + LANE_HEIGHT / 2);
  ctx.restore();
  if (state.cursor !== undefined) {
    // The task's state at the cursor, as a dot at the label's end (like a debugger's thread list).
    const colour = stateColour(theme, taskStateAt(model, state.index, task, state.cursor).state);
    if (colour) {
      ctx.fillStyle = row % 2 === 1 ? theme.laneAlt : theme.background;
      ctx.fillRect(view.labelWidth - 20, y, 18, LANE_HEIGHT);
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.arc(view.labelWidth - 11, y + LANE_HEIGHT / 2, 4.5, 0, Math.PI * 2);
      ctx.fill();
    }
  }
}

export function stateColour(theme: Theme, state: StateAtT): string | undefined {
  switch (state) {
    case 'running': return theme.running;
    case 'ready': return theme.ready;
    case 'suspended': return theme.suspended;
    case 'completed': return theme.completed;
    case 'failed': return theme.failed;
    case 'unknown': return theme.muted;
    default: return undefined;
  }
}

/** Replay: dim everything after the cursor (the future at that instant) and draw the playhead line. */
function drawCursor(ctx: CanvasRenderingContext2D, state: DrawState): void {
  const { view, theme, x } = state;
  const cx = Math.max(view.labelWidth, Math.round(x(state.cursor as number)));
  if (cx < view.width) {
    ctx.globalAlpha = 0.72;
    ctx.fillStyle = theme.background;
    ctx.fillRect(cx, AXIS_HEIGHT, view.width - cx, view.height - AXIS_HEIGHT);
    ctx.globalAlpha = 1;
  }
  if (x(state.cursor as number) >= view.labelWidth) {
    ctx.fillStyle = theme.focus;
    ctx.fillRect(cx - 1, AXIS_HEIGHT, 2, view.height - AXIS_HEIGHT);
  }
}
