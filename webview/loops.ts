/**
 * The loops of a trace (a process's main thread, worker threads, child processes) as the view
 * walks them: in tree order (who started whom), and each loop's own turns by time. The model's
 * turn columns mix loops, so every time search over turns goes through a loop's turn list.
 */
import type { TraceModel } from '../protocol/model';
import { countAtMostVia, countBelowVia } from './search';

export interface LoopPlace {
  loop: number;
  /** Depth in the tree of loops: the first loop 0, the loops it started 1, and so on. */
  depth: number;
}

/** More than one loop: the view groups lanes by loop. A trace of one program (or an old trace) has one. */
export function isMultiLoop(model: TraceModel): boolean {
  return model.loops.length > 1;
}

/**
 * Loops depth-first by `parent`, children in index order; the first loop leads (it is the fixed
 * lane at the top), then loops with no known parent. A bad or circular parent makes a root.
 */
export function loopOrder(model: TraceModel): LoopPlace[] {
  const n = model.loops.length;
  const children: number[][] = Array.from({ length: n }, () => []);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const parent = model.loops[i].parent;
    if (i === 0 || parent < 0 || parent >= n || parent === i) roots.push(i);
    else children[parent].push(i);
  }
  const order: LoopPlace[] = [];
  const seen = new Uint8Array(n);
  const visit = (root: number): void => {
    const stack: LoopPlace[] = [{ loop: root, depth: 0 }];
    while (stack.length) {
      const place = stack.pop() as LoopPlace;
      if (seen[place.loop]) continue;
      seen[place.loop] = 1;
      order.push(place);
      for (let c = children[place.loop].length - 1; c >= 0; c--) stack.push({ loop: children[place.loop][c], depth: place.depth + 1 });
    }
  };
  for (const root of roots) visit(root);
  // Loops only reachable through a cycle of parents.
  for (let i = 0; i < n; i++) if (!seen[i]) visit(i);
  return order;
}

const NO_TURNS = new Int32Array(0);

/** The loop's turns (indexes into model.turns) in time order. */
export function loopTurns(model: TraceModel, loop: number): Int32Array {
  const list = model.loops[loop]?.turns;
  return list ? list.data.subarray(0, list.length) : NO_TURNS;
}

/** Position in the loop's turn list of the first turn that may overlap `time`. */
export function firstTurnFrom(model: TraceModel, loop: number, time: number): number {
  return Math.max(0, countBelowVia(loopTurns(model, loop), model.turns.start.data, time) - 1);
}

/** The loop's turn with start ≤ t < end, or -1 (idle). */
export function turnAt(model: TraceModel, loop: number, t: number): number {
  const list = loopTurns(model, loop);
  const i = countAtMostVia(list, model.turns.start.data, t) - 1;
  return i >= 0 && t < model.turnEnd(list[i]) ? list[i] : -1;
}

