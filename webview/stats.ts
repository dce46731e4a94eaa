/**
 * Statistics of a brushed time range: how busy each loop's thread was, how many tasks ran or
 * waited in it, and the longest slice that blocked a loop. Pure; walks the packed columns.
 */
import { formatMs } from '../protocol/format';
import { SegmentState, TraceModel } from '../protocol/model';
import { checkpointTime } from './checkpoints';
import { describeTurnShort, loopName } from './describe';
import { firstTurnFrom, loopTurns } from './loops';

export interface RangeStats {
  from: number;
  to: number;
  /** Share of the range during which a turn held the first loop's thread, 0..1. */
  busy: number;
  /** The same share for every loop (index = loop). */
  loopBusy: number[];
  tasksRunning: number;
  tasksSuspended: number;
  /** Longest turn of any loop overlapping the range (whole duration), -1 if none. */
  longestTurn: number;
  longestTurnMs: number;
  /** Longest running slice of a task overlapping the range, -1 if none. */
  longestSegment: number;
  longestSegmentMs: number;
  /** Time in microtask checkpoints, and the busy time of the turns that carry a checkpoint mark. */
  checkpointMs: number;
  markedBusyMs: number;
}

export function rangeStats(model: TraceModel, from: number, to: number): RangeStats {
  const out: RangeStats = { from, to, busy: 0, loopBusy: [], tasksRunning: 0, tasksSuspended: 0, longestTurn: -1, longestTurnMs: 0, longestSegment: -1, longestSegmentMs: 0, checkpointMs: 0, markedBusyMs: 0 };
  const span = to - from;
  if (!(span > 0)) return out;
  const ts = model.turns.start.data;
  for (let loop = 0; loop < model.loops.length; loop++) {
    const list = loopTurns(model, loop);
    let busy = 0;
    for (let p = firstTurnFrom(model, loop, from); p < list.length; p++) {
      const i = list[p];
      const start = ts[i];
      if (start > to) break;
      const end = model.turnEnd(i);
      if (end < from) continue;
      busy += Math.min(end, to) - Math.max(start, from);
      if (end - start > out.longestTurnMs) {
        out.longestTurnMs = end - start;
        out.longestTurn = i;
      }
    }
    out.loopBusy[loop] = Math.min(1, busy / span);
  }
  out.busy = out.loopBusy[0] ?? 0;
  Object.assign(out, checkpointTime(model, from, to));
  const s = model.segments;
  const running = new Set<number>();
  const waiting = new Set<number>();
  for (let i = 0; i < model.segmentCount; i++) {
    // Not sorted by start (a ready slice is pushed when its task resumes), so no early exit.
    const start = s.start.data[i];
    if (start > to) continue;
    const end = model.segmentEnd(i);
    if (end < from) continue;
    if (s.state.data[i] === SegmentState.Running) {
      running.add(s.task.data[i]);
      if (end - start > out.longestSegmentMs) {
        out.longestSegmentMs = end - start;
        out.longestSegment = i;
      }
    } else waiting.add(s.task.data[i]);
  }
  out.tasksRunning = running.size;
  out.tasksSuspended = waiting.size;
  return out;
}

/** Loops whose busy share is listed one by one; the rest are summed up. */
const BUSY_LINES = 8;

export function describeStats(model: TraceModel, stats: RangeStats): string[] {
  const busy = (share: number): string => `busy ${(share * 100).toFixed(1)}%, idle ${((1 - share) * 100).toFixed(1)}%`;
  const loops = stats.loopBusy.length > 1 ? stats.loopBusy.slice(0, BUSY_LINES).map((share, loop) => `${loopName(model, loop)}: ${busy(share)}`) : [`loop ${busy(stats.busy)}`];
  if (stats.loopBusy.length > BUSY_LINES) {
    const rest = stats.loopBusy.slice(BUSY_LINES);
    loops.push(`${rest.length} more loops: ${busy(rest.reduce((a, b) => a + b, 0) / rest.length)} on average`);
  }
  const lines = [
    `${formatMs(stats.from, 'precise')} → ${formatMs(stats.to, 'precise')} (${formatMs(stats.to - stats.from, 'precise')})`,
    ...loops,
    `${stats.tasksRunning} tasks running, ${stats.tasksSuspended} suspended or ready`,
    // A share of the marked turns only: unmarked turns cannot be split, so they stay out of both sides.
    stats.markedBusyMs > 0
      ? `microtask checkpoints ${((stats.checkpointMs / stats.markedBusyMs) * 100).toFixed(1)}% of busy time (${formatMs(stats.checkpointMs, 'precise')}), callbacks ${formatMs(stats.markedBusyMs - stats.checkpointMs, 'precise')}`
      : 'microtask checkpoints: not recorded in this range',
  ];
  if (stats.longestTurn >= 0) {
    const on = stats.loopBusy.length > 1 ? ` on ${loopName(model, model.turns.loop.data[stats.longestTurn])}` : '';
    lines.push(`longest blocking slice: ${formatMs(stats.longestTurnMs, 'precise')} (${describeTurnShort(model, stats.longestTurn)}${on})`);
  }
  if (stats.longestSegment >= 0) {
    const task = model.tasks[model.segments.task.data[stats.longestSegment]];
    lines.push(`longest task slice: ${formatMs(stats.longestSegmentMs, 'precise')} in ${task?.name ?? '?'}`);
  }
  return lines;
}
