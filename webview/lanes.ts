/**
 * Which lanes are shown and in what order: tasks as a parent/child tree (depth-first, children
 * in creation order), with collapsed subtrees, a name/file filter and "hide completed".
 * Plus the per-task segment index the drawing walks. Pure functions over the model.
 */
import type { TaskInfo, TraceModel } from '../protocol/model';
import { countBelow, countBelowVia } from './search';

export interface LaneFilter {
  /** Lower-case text matched against the task name and its file path. */
  query: string;
  hideCompleted: boolean;
  collapsed: ReadonlySet<number>;
}

export interface Rows {
  /** Task id per row (row 0 is the first task lane; the loop lane is drawn apart). */
  task: Int32Array;
  depth: Uint16Array;
  count: number;
  /** Row of each task id, -1 when hidden. */
  rowOf: Int32Array;
  /** How many tasks the filter hid (for the status line). */
  hidden: number;
}

export function taskFile(model: TraceModel, task: TaskInfo): string {
  return model.sites.get(task.defSite)?.file ?? '';
}

export function matchesFilter(model: TraceModel, task: TaskInfo, filter: LaneFilter): boolean {
  if (filter.hideCompleted && task.outcome === 'completed') return false;
  if (!filter.query) return true;
  return task.name.toLowerCase().includes(filter.query) || taskFile(model, task).toLowerCase().includes(filter.query);
}

/** Depth-first order with an explicit stack (a 100,000-deep chain must not overflow the JS stack). */
export function computeRows(model: TraceModel, filter: LaneFilter): Rows {
  const tasks = model.tasks;
  const n = tasks.length;
  const task = new Int32Array(n);
  const depth = new Uint16Array(n);
  const rowOf = new Int32Array(n).fill(-1);
  let count = 0;
  let hidden = 0;
  const stackTask: number[] = [];
  const stackDepth: number[] = [];
  for (let root = n - 1; root >= 0; root--) {
    const t = tasks[root];
    if (t && !(t.parent >= 0 && tasks[t.parent])) {
      stackTask.push(root);
      stackDepth.push(0);
    }
  }
  while (stackTask.length) {
    const id = stackTask.pop() as number;
    const d = stackDepth.pop() as number;
    const t = tasks[id];
    if (!t) continue;
    let childDepth = d;
    if (matchesFilter(model, t, filter)) {
      task[count] = id;
      depth[count] = Math.min(d, 65535);
      rowOf[id] = count++;
      childDepth = d + 1;
    } else hidden++;
    if (filter.collapsed.has(id)) {
      hidden += countDescendants(model, id);
      continue;
    }
    for (let c = t.children.length - 1; c >= 0; c--) {
      stackTask.push(t.children[c]);
      stackDepth.push(childDepth);
    }
  }
  return { task, depth, count, rowOf, hidden };
}

function countDescendants(model: TraceModel, id: number): number {
  let total = 0;
  const stack = [...(model.tasks[id]?.children ?? [])];
  while (stack.length) {
    const child = model.tasks[stack.pop() as number];
    if (!child) continue;
    total++;
    for (const c of child.children) stack.push(c);
  }
  return total;
}

/** Segments of each task in time order, extended incrementally as the model grows (live mode). */
export class SegmentIndex {
  private byTask: number[][] = [];
  private indexed = 0;

  constructor(readonly model: TraceModel) {}

  update(): void {
    const seg = this.model.segments.task.data;
    const count = this.model.segmentCount;
    for (let i = this.indexed; i < count; i++) {
      const list = this.byTask[seg[i]];
      if (list) list.push(i);
      else this.byTask[seg[i]] = [i];
    }
    this.indexed = count;
  }

  of(taskId: number): readonly number[] {
    return this.byTask[taskId] ?? EMPTY;
  }

  /** First position in the task's list whose segment may end at or after `time` (binary search on start). */
  firstFrom(taskId: number, time: number): number {
    return Math.max(0, countBelowVia(this.of(taskId), this.model.segments.start.data, time) - 1);
  }
}

const EMPTY: readonly number[] = [];

/** First loop turn that may overlap `time` (turns are pushed in time order). */
export function firstTurnFrom(model: TraceModel, time: number): number {
  return Math.max(0, countBelow(model.turns.start.data, model.turnCount, time) - 1);
}
