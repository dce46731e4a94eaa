/**
 * Who waits on whom when the trace ends: every task still suspended (or, when the checker
 * stopped the program, still running), and the edges between them. An edge is proved when the
 * task awaited another task's promise (Suspend with WaitKind.Task); a task waiting on
 * Promise.all/allSettled/race/any is taken to wait on its own children still waiting that no one
 * else awaits (inferred: the trace does not say which promises the combinator got).
 */
import { WaitKind } from '../events';
import { SegmentState, type TaskInfo, type TraceModel } from '../model';
import type { TraceIndex } from './traceIndex';
import type { EndKind } from './types';

export interface Waiter {
  task: TaskInfo;
  /** Its open segment. */
  segment: number;
  /** WaitKind, or -1 for a task running when the program was stopped. */
  kind: number;
  /** When it started waiting (or running). */
  since: number;
  /** Waiting tasks it waits on (proved for a task's promise, inferred for a combinator). */
  awaits: number[];
  /** The edge is the task's own await of a task's promise. */
  proved: boolean;
}

export interface WaitGraph {
  waiters: Map<number, Waiter>;
  /** Reverse edges: the waiters that wait on a task. */
  awaitedBy: Map<number, number[]>;
  /** How each loop ended, for the waits it left (undefined: its waits say nothing, see endKind). */
  endOf: (loop: number) => EndKind | undefined;
  /** Trace time at which each loop's waits are taken. */
  endTime: (loop: number) => number;
}

const COMBINATORS = new Set<number>([WaitKind.All, WaitKind.AllSettled, WaitKind.Race, WaitKind.Any]);

/**
 * 'exit': the loop ran dry, so nothing could wake what still waited. 'stopped': the checker
 * stopped the program (timeout) or a signal ended it. Anything else (process.exit(), an uncaught
 * error, a crash, a worker terminated) left its waits behind on purpose or as a side effect.
 */
export function endKind(model: TraceModel, loop: number, stoppedAt: number | undefined): EndKind | undefined {
  if (stoppedAt !== undefined) return 'stopped';
  const reason = model.loops[loop]?.end?.reason;
  if (model.truncated || !reason) return undefined;
  return reason === 'exit' ? 'exit' : reason === 'signal' ? 'stopped' : undefined;
}

export function waitGraph(index: TraceIndex, stoppedAt: number | undefined): WaitGraph {
  const { model } = index;
  const s = model.segments;
  const waiters = new Map<number, Waiter>();
  for (const task of index.tasks()) {
    if (task.outcome !== 'live' || task.openSegment < 0) continue;
    const segment = task.openSegment;
    const state = index.state(segment);
    const kind = s.wait.data[segment];
    const since = s.start.data[segment];
    if (state === SegmentState.Suspended && kind !== WaitKind.Yield && kind !== WaitKind.Value) {
      waiters.set(task.id, { task, segment, kind, since, awaits: [], proved: false });
    } else if (state === SegmentState.Running && stoppedAt !== undefined) {
      waiters.set(task.id, { task, segment, kind: -1, since, awaits: [], proved: false });
    }
  }
  const awaitedBy = new Map<number, number[]>();
  const link = (from: Waiter, to: number): void => {
    from.awaits.push(to);
    const list = awaitedBy.get(to);
    if (list) list.push(from.task.id);
    else awaitedBy.set(to, [from.task.id]);
  };
  for (const waiter of waiters.values()) {
    const awaited = s.other.data[waiter.segment];
    if (waiter.kind === WaitKind.Task && waiters.has(awaited)) {
      waiter.proved = true;
      link(waiter, awaited);
    }
  }
  for (const waiter of waiters.values()) {
    if (!COMBINATORS.has(waiter.kind)) continue;
    for (const child of waiter.task.children) if (waiters.has(child) && !awaitedBy.has(child)) link(waiter, child);
  }
  const endTime = (loop: number): number => {
    if (stoppedAt !== undefined) return stoppedAt;
    const ended = model.loops[loop]?.ended;
    return ended === undefined || Number.isNaN(ended) ? model.timeEnd : ended;
  };
  return { waiters, awaitedBy, endOf: (loop) => endKind(model, loop, stoppedAt), endTime };
}

/** The waiters that wait on `task`, nearest first (breadth-first up the reverse edges). */
export function waitingOn(graph: WaitGraph, task: number, exclude: ReadonlySet<number> = new Set()): Waiter[] {
  const seen = new Set<number>([task, ...exclude]);
  const order: Waiter[] = [];
  const queue = [task];
  while (queue.length) {
    for (const id of graph.awaitedBy.get(queue.shift()!) ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      order.push(graph.waiters.get(id)!);
      queue.push(id);
    }
  }
  return order;
}
