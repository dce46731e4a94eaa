/**
 * Level of detail: a lane can hold thousands of slices narrower than a pixel. Drawing each
 * would cost time and show noise, so runs of sub-pixel slices that fall in the same pixel
 * column are merged into one span whose colour is the state that held most of that time.
 */
import type { TraceModel } from '../protocol/model';
import type { SegmentIndex } from './lanes';
import { firstTurnFrom, loopTurns } from './loops';
import type { TimeScale } from './layout';

/** One rectangle to draw: [x0, x1) in pixels, a state (or turn kind), how many items it stands for. */
export interface Span {
  x0: number;
  x1: number;
  /** SegmentState for task lanes, TurnKind for the loop lane. */
  state: number;
  /** The single item drawn, or -1 when the span merges several. */
  item: number;
  merged: number;
}

export interface LodStats {
  /** Items looked at. */
  visited: number;
  /** Rectangles emitted. */
  drawn: number;
}

type Emit = (span: Span) => void;

/** Packed columns of the items a lane shows (segments or turns), and which of them, in time order. */
interface Items {
  list: ArrayLike<number>;
  start: Float64Array;
  /** NaN while open: drawn to `openEnd` (the trace end). */
  end: Float64Array;
  state: Uint8Array;
  openEnd: number;
}

/**
 * Walks items in time order from list position `from`, clipped to [xMin, xMax], merging
 * sub-pixel ones; `item` of an emitted span is the column index. `weights` accumulates
 * durations per state inside a merged pixel (8 slots cover both enums). Plain array reads and
 * one multiply-add per time: a fitted frame of many loops visits ~100,000 items.
 */
function walk(items: Items, from: number, scale: TimeScale, xMin: number, xMax: number, emit: Emit, stats: LodStats): void {
  const { list, start, end, state, openEnd } = items;
  const x = linear(scale);
  const weights = new Float64Array(8);
  let pending: Span | undefined;
  const flush = (): void => {
    if (!pending) return;
    if (pending.merged > 1) {
      let best = 0;
      for (let s = 1; s < weights.length; s++) if (weights[s] > weights[best]) best = s;
      pending.state = best;
      pending.item = -1;
    }
    if (pending.x1 - pending.x0 < 1) pending.x1 = pending.x0 + 1;
    emit(pending);
    stats.drawn++;
    pending = undefined;
    weights.fill(0);
  };
  for (let p = from; p < list.length; p++) {
    const i = list[p];
    const x0 = x(start[i]);
    if (x0 > xMax) break;
    const e = end[i];
    const x1 = x(Number.isNaN(e) ? openEnd : e);
    if (x1 < xMin) continue;
    stats.visited++;
    const cx0 = Math.max(x0, xMin);
    const cx1 = Math.min(x1, xMax);
    const s = state[i];
    const wide = cx1 - cx0 >= 1;
    if (pending && !wide && Math.floor(cx0) <= Math.floor(pending.x1)) {
      pending.x1 = Math.max(pending.x1, cx1);
      pending.merged++;
      weights[s] += Math.max(cx1 - cx0, 0.001);
      continue;
    }
    flush();
    pending = { x0: cx0, x1: cx1, state: s, item: i, merged: 1 };
    weights[s] += Math.max(cx1 - cx0, 0.001);
    if (wide) flush();
  }
  flush();
}

/**
 * The scale as one multiply-add: it is linear, and a d3 scale's call (clamping, interpolator)
 * costs several times more.
 */
function linear(x: TimeScale): (t: number) => number {
  const [d0, d1] = x.domain();
  const x0 = x(d0);
  const k = d1 !== d0 ? (x(d1) - x0) / (d1 - d0) : 0;
  if (!Number.isFinite(k) || k === 0) return x;
  return (t: number) => x0 + (t - d0) * k;
}

/** Spans of one task lane between pixel columns xMin and xMax; `item` is a segment index. */
export function taskSpans(model: TraceModel, index: SegmentIndex, task: number, x: TimeScale, xMin: number, xMax: number, emit: Emit, stats: LodStats): void {
  const seg = model.segments;
  const items = { list: index.of(task), start: seg.start.data, end: seg.end.data, state: seg.state.data, openEnd: model.timeEnd };
  walk(items, index.firstFrom(task, x.invert(xMin)), x, xMin, xMax, emit, stats);
}

/** Spans of one loop's lane or row (busy turns by kind); gaps between them are the idle loop. `item` is a turn index. */
export function turnSpans(model: TraceModel, loop: number, x: TimeScale, xMin: number, xMax: number, emit: Emit, stats: LodStats): void {
  const t = model.turns;
  const items = { list: loopTurns(model, loop), start: t.start.data, end: t.end.data, state: t.kind.data, openEnd: model.timeEnd };
  walk(items, firstTurnFrom(model, loop, x.invert(xMin)), x, xMin, xMax, emit, stats);
}
