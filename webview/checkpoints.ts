/**
 * Microtask checkpoints of the loop lane. A busy turn is the macrotask callback followed by
 * its process.nextTick callbacks and microtask checkpoint; the recorder marks where the second
 * part begins (turns.microtasks, NaN where it could not tell). Splitting the bar shows whether
 * the time went to the callback itself or to the promise reactions it set off.
 */
import type { TraceModel } from '../protocol/model';
import { firstTurnFrom, loopTurns } from './loops';
import type { LodStats, Span } from './lod';
import type { TimeScale } from './layout';

/** Where turn i's checkpoint begins, clamped into the turn (clock reads can straddle its start); NaN if unknown. */
export function checkpointStart(model: TraceModel, turn: number): number {
  const mark = model.turns.microtasks.data[turn];
  if (Number.isNaN(mark)) return Number.NaN;
  return Math.min(Math.max(mark, model.turns.start.data[turn]), model.turnEnd(turn));
}

/** Turns that carry a checkpoint mark. */
export function markedTurnCount(model: TraceModel): number {
  let n = 0;
  const marks = model.turns.microtasks.data;
  for (let i = 0; i < model.turnCount; i++) if (!Number.isNaN(marks[i])) n++;
  return n;
}

/** Callback and checkpoint durations of one turn (checkpoint NaN when unmarked). */
export function turnParts(model: TraceModel, turn: number): { callbackMs: number; microtasksMs: number } {
  const start = model.turns.start.data[turn];
  const end = model.turnEnd(turn);
  const mark = checkpointStart(model, turn);
  if (Number.isNaN(mark)) return { callbackMs: end - start, microtasksMs: Number.NaN };
  return { callbackMs: mark - start, microtasksMs: end - mark };
}

export interface CheckpointStats extends LodStats {
  /** Marked turns in view (each draws one checkpoint part, possibly merged with neighbours). */
  checkpoints: number;
}

/**
 * Checkpoint parts of one loop's turns in view, [mark, turn end] per marked turn, with the same
 * level of detail as the turns: parts narrower than a pixel that fall in one pixel column merge
 * into one span (state = the turn kind of the first). 25,000 turns stay cheap at any zoom.
 */
export function checkpointSpans(model: TraceModel, loop: number, x: TimeScale, xMin: number, xMax: number, emit: (span: Span) => void, stats: CheckpointStats): void {
  const kinds = model.turns.kind.data;
  const list = loopTurns(model, loop);
  let pending: Span | undefined;
  const flush = (): void => {
    if (!pending) return;
    if (pending.x1 - pending.x0 < 1) pending.x1 = pending.x0 + 1;
    emit(pending);
    stats.drawn++;
    pending = undefined;
  };
  for (let p = firstTurnFrom(model, loop, x.invert(xMin)); p < list.length; p++) {
    const i = list[p];
    const mark = checkpointStart(model, i);
    if (Number.isNaN(mark)) continue;
    const x0 = x(mark);
    if (x0 > xMax) break;
    const x1 = x(model.turnEnd(i));
    if (x1 < xMin) continue;
    stats.visited++;
    stats.checkpoints++;
    const cx0 = Math.max(x0, xMin);
    const cx1 = Math.min(x1, xMax);
    if (pending && cx1 - cx0 < 1 && Math.floor(cx0) <= Math.floor(pending.x1)) {
      pending.x1 = Math.max(pending.x1, cx1);
      pending.merged++;
      pending.item = -1;
      continue;
    }
    flush();
    pending = { x0: cx0, x1: cx1, state: kinds[i], item: i, merged: 1 };
  }
  flush();
}

/** Time in [from, to] spent in checkpoints, and the busy time of marked turns it is a share of (all loops). */
export function checkpointTime(model: TraceModel, from: number, to: number): { checkpointMs: number; markedBusyMs: number } {
  let checkpointMs = 0;
  let markedBusyMs = 0;
  for (let loop = 0; loop < model.loops.length; loop++) {
    const list = loopTurns(model, loop);
    for (let p = firstTurnFrom(model, loop, from); p < list.length; p++) {
      const i = list[p];
      const start = model.turns.start.data[i];
      if (start > to) break;
      const end = model.turnEnd(i);
      const mark = checkpointStart(model, i);
      if (end < from || Number.isNaN(mark)) continue;
      markedBusyMs += Math.max(0, Math.min(end, to) - Math.max(start, from));
      checkpointMs += Math.max(0, Math.min(end, to) - Math.max(mark, from));
    }
  }
  return { checkpointMs, markedBusyMs };
}

/** A repeating diagonal hatch in `colour` (cached: patterns are made once per colour, not per frame). */
const patterns = new Map<string, CanvasPattern | null>();
export function hatch(ctx: CanvasRenderingContext2D, colour: string): CanvasPattern | string {
  let pattern = patterns.get(colour);
  if (pattern === undefined) {
    const tile = document.createElement('canvas');
    tile.width = tile.height = 6;
    const t = tile.getContext('2d') as CanvasRenderingContext2D;
    t.strokeStyle = colour;
    t.lineWidth = 1.6;
    t.beginPath();
    // Three strokes so the diagonal continues seamlessly across tile edges.
    for (const o of [-6, 0, 6]) {
      t.moveTo(o, 6);
      t.lineTo(o + 6, 0);
    }
    t.stroke();
    pattern = ctx.createPattern(tile, 'repeat');
    patterns.set(colour, pattern);
  }
  return pattern ?? colour;
}
