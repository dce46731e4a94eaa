/**
 * Arrows: what caused what. Into one task (hovered or selected): from its parent at its
 * creation and from whatever woke it at each resume. Between loops (threads, processes),
 * always while few enough are in view to read: each message from the task (or loop) that
 * posted it to the turn of the receiving loop that delivered it, and each worker or process
 * from the task that started it to its row.
 */
import { SegmentState, wakerIsTurn, wakerTurnIndex } from '../protocol/model';
import type { DrawState, DrawStats } from './draw';
import { AXIS_HEIGHT, LANE_HEIGHT, laneY, lanesTop, loopLaneY } from './layout';

/** A cross-loop arrow as drawn (CSS pixels): for the tests and the benchmark. */
export interface LoopArrow {
  kind: 'message' | 'spawn';
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Tied to the hovered or selected task, or the hovered loop: drawn in full. */
  related: boolean;
}

/** Past this many cross-loop arrows in view only those of the hovered/selected task or loop are drawn. */
export const MAX_CROSS_LOOP_ARROWS = 200;
/** Waker arrows drawn into one task at most. */
const MAX_WAKER_ARROWS = 300;

/** Middle of a task's lane, or undefined when the task has no row (filtered, collapsed, unknown). */
function taskY(state: DrawState, task: number): number | undefined {
  const row = task >= 0 ? (state.rows.rowOf[task] ?? -1) : -1;
  return row >= 0 ? laneY(row, state.view.scrollY) + LANE_HEIGHT / 2 : undefined;
}

/** Arrows into one task: from its parent at creation, and from whatever woke it at each resume. */
export function drawTaskArrows(ctx: CanvasRenderingContext2D, state: DrawState, stats: DrawStats): void {
  const { model, rows, view, theme, x, index } = state;
  const id = state.arrowsFor;
  const task = model.tasks[id];
  if (!task || rows.rowOf[id] < 0) return;
  const to = taskY(state, id) as number;
  const parentY = taskY(state, task.parent);
  if (parentY !== undefined) {
    arrow(ctx, x(task.created), parentY, x(task.created), to, theme.arrowParent);
    stats.arrows++;
  }
  const s = model.segments;
  let drawn = 0;
  for (const segment of index.of(id)) {
    if (s.state.data[segment] !== SegmentState.Ready || drawn > MAX_WAKER_ARROWS) continue;
    const waker = s.other.data[segment];
    const tx = x(s.start.data[segment]);
    if (tx < view.labelWidth || tx > view.width) continue;
    let fromY: number | undefined;
    if (waker >= 0) fromY = taskY(state, waker);
    else if (wakerIsTurn(waker) && wakerTurnIndex(waker) < model.turnCount) {
      // The turn that woke it, on its own loop's lane or row.
      fromY = loopLaneY(rows, model.turns.loop.data[wakerTurnIndex(waker)], view.scrollY);
    }
    if (fromY === undefined) continue;
    arrow(ctx, tx, fromY, tx + 4, to, theme.arrowWaker);
    stats.arrows++;
    drawn++;
  }
}

/**
 * Messages between loops and the loops' starts, clipped to the chart below the axis (the
 * fixed lane included: messages to the first loop land there). A row scrolled out of view
 * pins its end to the edge of the lanes, so the arrow still says where it comes from.
 */
export function drawCrossLoopArrows(ctx: CanvasRenderingContext2D, state: DrawState, stats: DrawStats): void {
  const { model, rows, view, theme, x } = state;
  if (model.loops.length <= 1) return;
  const fixedY = loopLaneY(rows, 0, view.scrollY);
  const pin = (y: number): number => (y === fixedY ? y : Math.min(Math.max(y, lanesTop), view.height));
  const sender = (loop: number, task: number): number | undefined => taskY(state, task) ?? loopLaneY(rows, loop, view.scrollY);
  const wokeTask = wakerTurnsOf(state);
  const found: LoopArrow[] = [];
  const add = (kind: LoopArrow['kind'], t0: number, y0: number | undefined, t1: number, y1: number | undefined, related: boolean): void => {
    if (y0 === undefined || y1 === undefined) return;
    const x0 = x(t0);
    const x1 = x(t1);
    if (Math.max(x0, x1) < view.labelWidth || Math.min(x0, x1) > view.width) return;
    const p0 = pin(y0);
    const p1 = pin(y1);
    // Both ends beyond the same edge: nothing of it is in view.
    if (p0 === p1 && p0 !== y0 && p1 !== y1) return;
    found.push({ kind, x0, y0: p0, x1, y1: p1, related });
  };
  const focusTask = state.arrowsFor;
  for (const link of model.links) {
    if (link.toTurn < 0) continue;
    const related = (focusTask >= 0 && (link.fromTask === focusTask || wokeTask.has(link.toTurn))) || link.fromLoop === state.focusLoop || link.toLoop === state.focusLoop;
    add('message', link.sent, sender(link.fromLoop, link.fromTask), model.turns.start.data[link.toTurn], loopLaneY(rows, link.toLoop, view.scrollY), related);
  }
  for (const loop of model.loops) {
    if (!loop.spawnedBy) continue;
    const related = (focusTask >= 0 && loop.spawnedBy.task === focusTask) || loop.index === state.focusLoop || loop.parent === state.focusLoop;
    add('spawn', loop.spawnedBy.time, sender(loop.parent, loop.spawnedBy.task), loop.started, loopLaneY(rows, loop.index, view.scrollY), related);
  }
  const focused = focusTask >= 0 || state.focusLoop >= 0;
  const shown = found.length > MAX_CROSS_LOOP_ARROWS ? found.filter((a) => a.related) : found;
  ctx.save();
  ctx.beginPath();
  ctx.rect(view.labelWidth, AXIS_HEIGHT, view.width - view.labelWidth, view.height - AXIS_HEIGHT);
  ctx.clip();
  for (const a of shown.slice(0, MAX_CROSS_LOOP_ARROWS)) {
    // Unrelated arrows step back while a task or loop is in focus.
    ctx.globalAlpha = focused && !a.related ? 0.3 : 1;
    ctx.setLineDash(a.kind === 'spawn' ? [4, 3] : []);
    arrow(ctx, a.x0, a.y0, a.x1, a.y1, a.kind === 'spawn' ? theme.arrowParent : theme.arrowMessage);
    stats.crossLoop.push(a);
  }
  ctx.restore();
}

/** Turns that woke the hovered or selected task: a message they delivered leads to it. */
function wakerTurnsOf(state: DrawState): Set<number> {
  const turns = new Set<number>();
  const { model, index } = state;
  if (!model.tasks[state.arrowsFor]) return turns;
  const s = model.segments;
  for (const segment of index.of(state.arrowsFor)) {
    const waker = s.other.data[segment];
    if (s.state.data[segment] === SegmentState.Ready && wakerIsTurn(waker)) turns.add(wakerTurnIndex(waker));
  }
  return turns;
}

function arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, colour: string): void {
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  const bend = Math.min(40, Math.abs(y1 - y0) / 2);
  ctx.bezierCurveTo(x0 - bend, y0 + (y1 - y0) / 3, x1 - bend, y1 - (y1 - y0) / 3, x1, y1);
  ctx.stroke();
  ctx.setLineDash([]);
  const dir = y1 >= y0 ? -1 : 1;
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 4, y1 + dir * 7);
  ctx.lineTo(x1 + 4, y1 + dir * 7);
  ctx.fill();
}
