/**
 * Geometry of the view and hit-testing, as pure functions (tested without a DOM): where the
 * axis, the loop lane, each loop row and each task lane sit, and which segment or turn lies
 * under a point.
 */
import type { TraceModel } from '../protocol/model';
import { Rows, SegmentIndex } from './lanes';
import { firstTurnFrom, isMultiLoop, loopTurns } from './loops';

export const AXIS_HEIGHT = 30;
export const LOOP_HEIGHT = 28;
export const LANE_HEIGHT = 20;
/** The lane-label column in a panel wide enough for it (840 px and more). */
export const LABEL_WIDTH_MAX = 280;
const LABEL_WIDTH_MIN = 140;

/**
 * Width of the lane-label column (the viewport's labelWidth): narrow panels (VS Code's
 * side-by-side editor) give it at most a third of the width, so the time axis keeps room.
 */
export function fitLabelWidth(viewWidth: number): number {
  return Math.round(Math.min(LABEL_WIDTH_MAX, Math.max(LABEL_WIDTH_MIN, viewWidth / 3)));
}
/** Pixels either side of the pointer that still hit a segment: slices of 1 µs must be hoverable. */
export const HIT_SLOP = 3;

export interface Viewport {
  width: number;
  height: number;
  /** Vertical scroll of the task lanes, in pixels. */
  scrollY: number;
  /** Width of the lane-label column left of the time axis (fitLabelWidth). */
  labelWidth: number;
}

/** Maps trace time (ms) to x and back; a d3 scale fits, so does a plain linear pair in tests. */
export interface TimeScale {
  (time: number): number;
  invert(x: number): number;
  domain(): number[];
}

export const lanesTop = AXIS_HEIGHT + LOOP_HEIGHT;

export function laneY(row: number, scrollY: number): number {
  return lanesTop + row * LANE_HEIGHT - scrollY;
}

/** Row under y: -1 for the loop lane, -2 above it (axis), -3 below the last lane. */
export function rowAtY(y: number, scrollY: number, rowCount: number): number {
  if (y < AXIS_HEIGHT) return -2;
  if (y < lanesTop) return -1;
  const row = Math.floor((y - lanesTop + scrollY) / LANE_HEIGHT);
  return row < rowCount ? row : -3;
}

export function visibleRows(view: Viewport, rowCount: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(view.scrollY / LANE_HEIGHT));
  const last = Math.min(rowCount - 1, Math.floor((view.scrollY + view.height - lanesTop) / LANE_HEIGHT));
  return { first, last };
}

export function maxScrollY(view: Viewport, rowCount: number): number {
  return Math.max(0, rowCount * LANE_HEIGHT - (view.height - lanesTop) + LANE_HEIGHT);
}

export function clampScroll(view: Viewport, rowCount: number, scrollY: number): number {
  return Math.min(Math.max(0, scrollY), maxScrollY(view, rowCount));
}

/** The scroll that brings `row` into view, or the current one if it already is. */
export function scrollToRow(view: Viewport, rowCount: number, row: number): number {
  const top = row * LANE_HEIGHT;
  const room = view.height - lanesTop - LANE_HEIGHT;
  if (top < view.scrollY) return clampScroll(view, rowCount, top);
  if (top > view.scrollY + room) return clampScroll(view, rowCount, top - room);
  return view.scrollY;
}

/** Middle of a loop's lane: the fixed lane for the first loop, else its row; undefined when filtered out. */
export function loopLaneY(rows: Rows, loop: number, scrollY: number): number | undefined {
  if (loop === 0) return AXIS_HEIGHT + LOOP_HEIGHT / 2;
  const row = rows.loopRowOf[loop] ?? -1;
  return row >= 0 ? laneY(row, scrollY) + LANE_HEIGHT / 2 : undefined;
}

/** Row -1 in a turn or loop hit: the fixed loop lane at the top. */
export type Hit =
  | { kind: 'segment'; segment: number; task: number; row: number }
  | { kind: 'turn'; turn: number; loop: number; row: number }
  | { kind: 'label'; task: number; row: number }
  | { kind: 'loop'; loop: number; row: number }
  | { kind: 'none' };

/**
 * What lies under (x, y): a segment of a task lane, a turn of a loop (its fixed lane or its
 * row), a lane label, a loop's label (only with several loops: it collapses that loop), or nothing.
 */
export function hitTest(model: TraceModel, rows: Rows, index: SegmentIndex, x: TimeScale, view: Viewport, px: number, py: number): Hit {
  const row = rowAtY(py, view.scrollY, rows.count);
  const loop = row === -1 ? 0 : row >= 0 ? rows.loop[row] : -1;
  if (loop >= 0) {
    if (px < view.labelWidth) return isMultiLoop(model) ? { kind: 'loop', loop, row } : { kind: 'none' };
    const list = loopTurns(model, loop);
    const at = nearest(x, px, firstTurnFrom(model, loop, x.invert(px - HIT_SLOP)), list.length, (i) => model.turns.start.data[list[i]], (i) => model.turnEnd(list[i]));
    return at >= 0 ? { kind: 'turn', turn: list[at], loop, row } : { kind: 'none' };
  }
  if (row < 0) return { kind: 'none' };
  const task = rows.task[row];
  if (px < view.labelWidth) return { kind: 'label', task, row };
  const list = index.of(task);
  const from = index.firstFrom(task, x.invert(px - HIT_SLOP));
  const at = nearest(x, px, from, list.length, (i) => model.segments.start.data[list[i]], (i) => model.segmentEnd(list[i]));
  return at >= 0 ? { kind: 'segment', segment: list[at], task, row } : { kind: 'none' };
}

/** Among items from `from` on (sorted by start), the one containing px, else the closest within HIT_SLOP. */
function nearest(x: TimeScale, px: number, from: number, count: number, start: (i: number) => number, end: (i: number) => number): number {
  let best = -1;
  let bestDistance = HIT_SLOP + 0.001;
  for (let i = from; i < count; i++) {
    const x0 = x(start(i));
    if (x0 > px + HIT_SLOP) break;
    const x1 = x(end(i));
    const distance = px < x0 ? x0 - px : px > x1 ? px - x1 : 0;
    // Later items win ties: at a boundary the slice that starts there is the one being pointed at.
    if (distance <= bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

/** Where the view starts when fitted: the first turn or slice (the loader's start-up before it is not the program's). */
export function traceStart(model: TraceModel): number {
  let start = Number.POSITIVE_INFINITY;
  for (const loop of model.loops) if (loop.turns.length) start = Math.min(start, model.turns.start.data[loop.turns.data[0]]);
  if (model.segmentCount) start = Math.min(start, model.segments.start.data[0]);
  return Number.isFinite(start) ? start : 0;
}
