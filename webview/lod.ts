/**
 * Level of detail: a lane can hold thousands of slices narrower than a pixel. Drawing each
 * would cost time and show noise, so runs of sub-pixel slices that fall in the same pixel
 * column are merged into one span whose colour is the state that held most of that time.
 */
import type { TraceModel } from '../protocol/model';
import { firstTurnFrom, SegmentIndex } from './lanes';
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

/**
 * Walks items in time order from `from`, clipped to [xMin, xMax], merging sub-pixel ones.
 * `weights` accumulates durations per state inside a merged pixel (8 slots cover both enums).
 */
function walk(count: number, from: number, start: (i: number) => number, end: (i: number) => number, state: (i: number) => number, x: TimeScale, xMin: number, xMax: number, emit: Emit, stats: LodStats): void {
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
  for (let i = from; i < count; i++) {
    const x0 = x(start(i));
    if (x0 > xMax) break;
    const x1 = x(end(i));
    if (x1 < xMin) continue;
    stats.visited++;
    const cx0 = Math.max(x0, xMin);
    const cx1 = Math.min(x1, xMax);
    const s = state(i);
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

/** Spans of one task lane between pixel columns xMin and xMax; `item` is a segment index. */
export function taskSpans(model: TraceModel, index: SegmentIndex, task: number, x: TimeScale, xMin: number, xMax: number, emit: Emit, stats: LodStats): void {
  const list = index.of(task);
  const seg = model.segments;
  walk(
    list.length,
    index.firstFrom(task, x.invert(xMin)),
    (i) => seg.start.data[list[i]],
    (i) => model.segmentEnd(list[i]),
    (i) => seg.state.data[list[i]],
    x,
    xMin,
    xMax,
    (span) => emit(span.item >= 0 ? { ...span, item: list[span.item] } : span),
    stats,
  );
}

/** Spans of the loop lane (busy turns by kind); gaps between them are the idle loop. */
export function turnSpans(model: TraceModel, x: TimeScale, xMin: number, xMax: number, emit: Emit, stats: LodStats): void {
  const t = model.turns;
  walk(model.turnCount, firstTurnFrom(model, x.invert(xMin)), (i) => t.start.data[i], (i) => model.turnEnd(i), (i) => t.kind.data[i], x, xMin, xMax, emit, stats);
}

