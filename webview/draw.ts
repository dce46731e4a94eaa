/**
 * draw(ctx, state): the whole canvas as a pure function of the model, the lane rows, the time
 * scale, the viewport and the theme. No DOM beyond the 2D context, no state kept between calls.
 */
import { SegmentState, TraceModel, wakerIsTurn, wakerTurnIndex } from '../protocol/model';
import { taskLabel } from './describe';
import { Rows, SegmentIndex } from './lanes';
import { AXIS_HEIGHT, LABEL_WIDTH, LANE_HEIGHT, laneY, LOOP_HEIGHT, lanesTop, TimeScale, Viewport, visibleRows } from './layout';
import { LodStats, taskSpans, turnSpans } from './lod';
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
  focusRow: number;
  /** Segment under the pointer or keyboard focus, outlined. */
  highlightSegment: number;
  brush?: [number, number];
  collapsed: ReadonlySet<number>;
  /** Replay cursor (trace ms): what lies after it is dimmed; undefined shows the whole trace. */
  cursor?: number;
}

export interface DrawStats extends LodStats {
  lanes: number;
  arrows: number;
  /** Microtask checkpoint parts of the loop lane: marked turns in view, rectangles drawn. */
  checkpoints: CheckpointStats;
}

const STATE_COLOUR = (theme: Theme, state: number): string =>
  state === SegmentState.Running ? theme.running : state === SegmentState.Ready ? theme.ready : state === SegmentState.Sampled ? theme.sampled : theme.suspended;

export function draw(ctx: CanvasRenderingContext2D, state: DrawState): DrawStats {
  const { rows, view, theme, x } = state;
  const stats: DrawStats = { visited: 0, drawn: 0, lanes: 0, arrows: 0, checkpoints: { visited: 0, drawn: 0, checkpoints: 0 } };
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
  for (let row = first; row <= last; row++) drawLane(ctx, state, row, stats);
  drawArrows(ctx, state, stats);
  ctx.restore();

  if (state.cursor !== undefined) drawCursor(ctx, state);
  if (state.brush) {
    const [b0, b1] = state.brush;
    ctx.fillStyle = theme.selection;
    ctx.fillRect(Math.max(LABEL_WIDTH, x(b0)), AXIS_HEIGHT, Math.max(1, x(b1) - x(b0)), view.height - AXIS_HEIGHT);
  }
  ctx.fillStyle = theme.grid;
  ctx.fillRect(LABEL_WIDTH - 1, AXIS_HEIGHT, 1, view.height - AXIS_HEIGHT);
  return stats;
}

function drawLoopLane(ctx: CanvasRenderingContext2D, state: DrawState, stats: DrawStats): void {
  const { model, view, theme, x } = state;
  const y = AXIS_HEIGHT;
  ctx.fillStyle = theme.laneAlt;
  ctx.fillRect(0, y, view.width, LOOP_HEIGHT);
  turnSpans(model, x, LABEL_WIDTH, view.width, (span) => {
    ctx.fillStyle = theme.turn[span.state] ?? theme.muted;
    ctx.fillRect(span.x0, y + 4, span.x1 - span.x0, LOOP_HEIGHT - 8);
  }, stats);
  // The checkpoint part of each marked turn: the turn's colour, paled and hatched, so the
  // callback (solid) and the microtasks it set off (hatched) read apart in any theme.
  checkpointSpans(model, x, LABEL_WIDTH, view.width, (span) => {
    const colour = theme.turn[span.state] ?? theme.muted;
    ctx.globalAlpha = 0.55;
    ctx.fillStyle = theme.background;
    ctx.fillRect(span.x0, y + 4, span.x1 - span.x0, LOOP_HEIGHT - 8);
    ctx.globalAlpha = 1;
    ctx.fillStyle = hatch(ctx, colour);
    ctx.fillRect(span.x0, y + 4, span.x1 - span.x0, LOOP_HEIGHT - 8);
  }, stats.checkpoints);
  ctx.fillStyle = theme.foreground;
  ctx.fillText('event loop (one thread)', 8, y + LOOP_HEIGHT / 2);
  ctx.fillStyle = theme.grid;
  ctx.fillRect(0, y + LOOP_HEIGHT - 1, view.width, 1);
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
  if (id === state.selectedTask) {
    ctx.fillStyle = theme.selection;
    ctx.fillRect(0, y, view.width, LANE_HEIGHT);
  }
  const mid = y + LANE_HEIGHT / 2;
  ctx.save();
  ctx.beginPath();
  ctx.rect(LABEL_WIDTH, y, view.width - LABEL_WIDTH, LANE_HEIGHT);
  ctx.clip();
  // Lifetime line: created → completed (or the trace end while unfinished).
  const end = task.outcome === 'live' ? model.timeEnd : task.ended;
  ctx.fillStyle = theme.muted;
  ctx.fillRect(x(task.created), mid - 0.5, Math.max(1, x(end) - x(task.created)), 1);
  taskSpans(model, index, id, x, LABEL_WIDTH, view.width, (span) => {
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
  }
}

function drawLabel(ctx: CanvasRenderingContext2D, state: DrawState, row: number, id: number, y: number): void {
  const { model, rows, theme } = state;
  const task = model.tasks[id];
  if (!task) return;
  ctx.fillStyle = row % 2 === 1 ? theme.laneAlt : theme.background;
  ctx.fillRect(0, y, LABEL_WIDTH - 1, LANE_HEIGHT);
  const indent = 8 + Math.min(rows.depth[row], 12) * 10;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, y, LABEL_WIDTH - 4, LANE_HEIGHT);
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
      ctx.fillRect(LABEL_WIDTH - 20, y, 18, LANE_HEIGHT);
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.arc(LABEL_WIDTH - 11, y + LANE_HEIGHT / 2, 4.5, 0, Math.PI * 2);
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
  const cx = Math.max(LABEL_WIDTH, Math.round(x(state.cursor as number)));
  if (cx < view.width) {
    ctx.globalAlpha = 0.72;
    ctx.fillStyle = theme.background;
    ctx.fillRect(cx, AXIS_HEIGHT, view.width - cx, view.height - AXIS_HEIGHT);
    ctx.globalAlpha = 1;
  }
  if (x(state.cursor as number) >= LABEL_WIDTH) {
    ctx.fillStyle = theme.focus;
    ctx.fillRect(cx - 1, AXIS_HEIGHT, 2, view.height - AXIS_HEIGHT);
  }
}

/** Arrows into one task: from its parent at creation, and from whatever woke it at each resume. */
function drawArrows(ctx: CanvasRenderingContext2D, state: DrawState, stats: DrawStats): void {
  const { model, rows, view, theme, x, index } = state;
  const id = state.arrowsFor;
  const task = model.tasks[id];
  if (!task || rows.rowOf[id] < 0) return;
  const yOf = (taskId: number): number | undefined => {
    const row = rows.rowOf[taskId];
    return row >= 0 ? laneY(row, view.scrollY) + LANE_HEIGHT / 2 : undefined;
  };
  const to = yOf(id) as number;
  const parentY = task.parent >= 0 ? yOf(task.parent) : undefined;
  if (parentY !== undefined) arrow(ctx, x(task.created), parentY, x(task.created), to, theme.arrowParent, stats);
  const s = model.segments;
  let drawn = 0;
  for (const segment of index.of(id)) {
    if (s.state.data[segment] !== SegmentState.Ready || drawn > 300) continue;
    const waker = s.other.data[segment];
    const tx = x(s.start.data[segment]);
    if (tx < LABEL_WIDTH || tx > view.width) continue;
    let fromY: number | undefined;
    if (waker >= 0) fromY = yOf(waker);
    else if (wakerIsTurn(waker) && wakerTurnIndex(waker) < model.turnCount) fromY = AXIS_HEIGHT + LOOP_HEIGHT / 2;
    if (fromY === undefined) continue;
    arrow(ctx, tx, fromY, tx + 4, to, theme.arrowWaker, stats);
    drawn++;
  }
}

function arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, colour: string, stats: DrawStats): void {
  stats.arrows++;
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  const bend = Math.min(40, Math.abs(y1 - y0) / 2);
  ctx.bezierCurveTo(x0 - bend, y0 + (y1 - y0) / 3, x1 - bend, y1 - (y1 - y0) / 3, x1, y1);
  ctx.stroke();
  const dir = y1 >= y0 ? -1 : 1;
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 4, y1 + dir * 7);
  ctx.lineTo(x1 + 4, y1 + dir * 7);
  ctx.fill();
}
