/**
 * Replay: the trace as it stood at one instant t, like a debugger paused there. Which tasks
 * were running, ready, suspended (and on what), completed or not yet created, what the loop
 * was doing, and the event boundaries the `,` / `.` keys step between. Pure; tested in Node.
 */
import { SegmentState, TaskInfo, TraceModel } from '../protocol/model';
import { countAtMost, countAtMostVia, countBelow } from './search';
import type { SegmentIndex } from './lanes';
import { checkpointStart } from './checkpoints';
import { loopTurns, turnAt } from './loops';

/**
 * A task's state at t. 'unknown': alive but not known at t: no segment covers t (its events
 * were dropped), or sampled recording left its waits out there.
 */
export type StateAtT = 'future' | 'running' | 'ready' | 'suspended' | 'completed' | 'failed' | 'unknown';

export const STATES_AT_T: readonly StateAtT[] = ['running', 'ready', 'suspended', 'completed', 'failed', 'unknown', 'future'];

export interface TaskAtT {
  task: number;
  state: StateAtT;
  /** The segment covering t (running/ready/suspended), else -1. */
  segment: number;
}

export interface Snapshot {
  time: number;
  /** Tasks per state, in task-id order (creation order). */
  byState: Record<StateAtT, TaskAtT[]>;
  /** The first loop's turn holding its thread at t, or -1 when that loop is idle. */
  turn: number;
  /** True when t lies in that turn's microtask checkpoint. */
  inCheckpoint: boolean;
  /** Every loop at t (index = loop): its turn, or -1 when idle, and whether t is in its checkpoint. */
  loops: { turn: number; inCheckpoint: boolean }[];
}

/**
 * One task at t. The rule the tests restate: a segment covers t when start ≤ t < end (an open
 * segment never ends), so at a boundary the slice that begins there wins; a task that ended at
 * or before t is completed/failed; one created after t does not exist yet.
 */
export function taskStateAt(model: TraceModel, index: SegmentIndex, task: TaskInfo, t: number): TaskAtT {
  if (task.created > t) return { task: task.id, state: 'future', segment: -1 };
  if (task.outcome !== 'live' && task.ended <= t) return { task: task.id, state: task.outcome, segment: -1 };
  const list = index.of(task.id);
  const s = model.segments;
  // Last segment starting at or before t (segments of a task are in time order).
  const lo = countAtMostVia(list, s.start.data, t);
  for (let i = lo - 1; i >= 0 && i >= lo - 2; i--) {
    const seg = list[i];
    const end = s.end.data[seg];
    if (s.start.data[seg] <= t && (Number.isNaN(end) || t < end)) {
      const state = s.state.data[seg];
      const name = state === SegmentState.Running ? 'running' : state === SegmentState.Ready ? 'ready' : state === SegmentState.Sampled ? 'unknown' : 'suspended';
      return { task: task.id, state: name, segment: seg };
    }
  }
  return { task: task.id, state: 'unknown', segment: -1 };
}

/** Every task's state at t, and the loop's. Costs one binary search per task. */
export function snapshotAt(model: TraceModel, index: SegmentIndex, t: number): Snapshot {
  const byState = Object.fromEntries(STATES_AT_T.map((k) => [k, [] as TaskAtT[]])) as Record<StateAtT, TaskAtT[]>;
  for (const task of model.tasks) {
    if (!task) continue;
    const at = taskStateAt(model, index, task, t);
    byState[at.state].push(at);
  }
  const loops = model.loops.map((_, loop) => {
    const turn = turnAt(model, loop, t);
    return { turn, inCheckpoint: turn >= 0 && checkpointStart(model, turn) <= t };
  });
  const first = loops[0] ?? { turn: -1, inCheckpoint: false };
  return { time: t, byState, turn: first.turn, inCheckpoint: first.inCheckpoint, loops };
}

/** True when some loop's turn holds its thread at t. */
export function anyLoopBusy(model: TraceModel, t: number): boolean {
  return model.loops.some((_, loop) => turnAt(model, loop, t) >= 0);
}

/** The earliest turn start after t on any loop; `fallback` when none. */
export function nextTurnStart(model: TraceModel, t: number, fallback: number): number {
  let next = fallback;
  const starts = model.turns.start.data;
  for (let loop = 0; loop < model.loops.length; loop++) {
    const list = loopTurns(model, loop);
    const after = countAtMostVia(list, starts, t);
    if (after < list.length) next = Math.min(next, starts[list[after]]);
  }
  return next;
}

/** The latest end, up to t, of a turn begun by t on any loop; `fallback` when none. */
export function lastTurnEndBefore(model: TraceModel, t: number, fallback: number): number {
  let last = Number.NEGATIVE_INFINITY;
  const starts = model.turns.start.data;
  for (let loop = 0; loop < model.loops.length; loop++) {
    const list = loopTurns(model, loop);
    const started = countAtMostVia(list, starts, t);
    if (started > 0) last = Math.max(last, Math.min(t, model.turnEnd(list[started - 1])));
  }
  return Number.isFinite(last) ? last : fallback;
}

/**
 * Sorted distinct times at which anything changes: segment starts/ends, creations, ends, turn
 * starts/ends/checkpoints. Built once per model state (the caller caches it), so stepping
 * through a million events is a binary search, not a scan.
 */
export function eventBoundaries(model: TraceModel): Float64Array {
  const s = model.segments;
  const t = model.turns;
  const n = model.segmentCount;
  const all = new Float64Array(2 * n + 3 * model.turnCount);
  let k = 0;
  for (let i = 0; i < n; i++) {
    all[k++] = s.start.data[i];
    all[k++] = model.segmentEnd(i);
  }
  for (let i = 0; i < model.turnCount; i++) {
    all[k++] = t.start.data[i];
    all[k++] = model.turnEnd(i);
    const mark = checkpointStart(model, i);
    all[k++] = Number.isNaN(mark) ? t.start.data[i] : mark;
  }
  // Task creations and ends are segment boundaries already (create opens, finish closes one).
  all.sort();
  let out = 0;
  for (let i = 0; i < all.length; i++) if (out === 0 || all[i] !== all[out - 1]) all[out++] = all[i];
  return all.subarray(0, out);
}

/** The next boundary after t (direction 1) or before it (-1); t itself when there is none. */
export function stepBoundary(boundaries: Float64Array, t: number, direction: 1 | -1): number {
  if (direction > 0) {
    const after = countAtMost(boundaries, boundaries.length, t);
    return after < boundaries.length ? boundaries[after] : t;
  }
  const before = countBelow(boundaries, boundaries.length, t);
  return before > 0 ? boundaries[before - 1] : t;
}
