/**
 * Which lanes are shown and in what order: tasks as a parent/child tree (depth-first, children
 * in creation order), with collapsed subtrees, a name/file filter and "hide completed". With
 * several loops (threads, processes) the tasks are grouped by loop: the first loop's tasks
 * under the fixed loop lane, then each further loop's row followed by its tasks. Plus the
 * per-task segment index the drawing walks. Pure functions over the model.
 */
import type { TaskInfo, TraceModel } from '../protocol/model';
import { loopLabel } from './describe';
import { loopOrder } from './loops';
import { countBelowVia } from './search';

export interface LaneFilter {
  /** Lower-case text matched against the task name and its file path (and a loop row's name). */
  query: string;
  hideCompleted: boolean;
  collapsed: ReadonlySet<number>;
  /** Loops whose tasks are hidden (their row stays). */
  collapsedLoops?: ReadonlySet<number>;
}

export interface Rows {
  /** Task id per row, -1 on a loop row (the first loop's lane is drawn apart, above row 0). */
  task: Int32Array;
  /** Loop index per loop row, -1 on a task row. */
  loop: Int32Array;
  depth: Uint16Array;
  count: number;
  /** Row of each task id, -1 when hidden. */
  rowOf: Int32Array;
  /** Row of each loop, -1 for the first loop (the fixed lane), a single loop, or one the filter hid. */
  loopRowOf: Int32Array;
  /** How many rows are loop rows (count - loopRows rows are task lanes). */
  loopRows: number;
  /** Tasks of each loop, shown or not. */
  loopTasks: Int32Array;
  /** How many tasks the filter hid (for the status line). */
  hidden: number;
}

export function isLoopRow(rows: Rows, row: number): boolean {
  return row >= 0 && row < rows.count && rows.loop[row] >= 0;
}

export function taskFile(model: TraceModel, task: TaskInfo): string {
  return model.sites.get(task.defSite)?.file ?? '';
}

export function matchesFilter(model: TraceModel, task: TaskInfo, filter: LaneFilter): boolean {
  if (filter.hideCompleted && task.outcome === 'completed') return false;
  if (!filter.query) return true;
  return task.name.toLowerCase().includes(filter.query) || taskFile(model, task).toLowerCase().includes(filter.query);
}

const NO_LOOPS: ReadonlySet<number> = new Set();

/**
 * Depth-first order with an explicit stack (a 100,000-deep chain must not overflow the JS stack).
 * A task's tree stays within its loop: a parent on another loop makes it a root of its own.
 * A loop row stays when the query is empty, matches its name (then all its tasks pass the
 * query) or matches one of its tasks; a collapsed loop keeps its row and hides its tasks.
 */
export function computeRows(model: TraceModel, filter: LaneFilter): Rows {
  const tasks = model.tasks;
  const n = tasks.length;
  const loopCount = Math.max(1, model.loops.length);
  const grouped = model.loops.length > 1;
  const size = n + loopCount;
  const task = new Int32Array(size).fill(-1);
  const loop = new Int32Array(size).fill(-1);
  const depth = new Uint16Array(size);
  const rowOf = new Int32Array(n).fill(-1);
  const loopRowOf = new Int32Array(loopCount).fill(-1);
  const loopTasks = new Int32Array(loopCount);
  const collapsedLoops = filter.collapsedLoops ?? NO_LOOPS;
  let count = 0;
  let hidden = 0;
  let loopRows = 0;

  // Roots per loop, in id (creation) order.
  const roots: number[][] = Array.from({ length: loopCount }, () => []);
  for (let id = 0; id < n; id++) {
    const t = tasks[id];
    if (!t) continue;
    const l = t.loop < loopCount ? t.loop : 0;
    loopTasks[l]++;
    const parent = t.parent >= 0 ? tasks[t.parent] : undefined;
    if (!parent || parent.loop !== t.loop) roots[l].push(id);
  }

  /** Appends the trees under `from` (depth-first); returns how many rows it added. */
  const appendTrees = (from: readonly number[], baseDepth: number, taskFilter: LaneFilter): number => {
    const before = count;
    const stackTask: number[] = [];
    const stackDepth: number[] = [];
    for (let r = from.length - 1; r >= 0; r--) {
      stackTask.push(from[r]);
      stackDepth.push(baseDepth);
    }
    while (stackTask.length) {
      const id = stackTask.pop() as number;
      const d = stackDepth.pop() as number;
      const t = tasks[id];
      if (!t) continue;
      let childDepth = d;
      if (matchesFilter(model, t, taskFilter)) {
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
        if (tasks[t.children[c]]?.loop !== t.loop) continue;
        stackTask.push(t.children[c]);
        stackDepth.push(childDepth);
      }
    }
    return count - before;
  };

  const places = grouped ? loopOrder(model) : [{ loop: 0, depth: 0 }];
  for (const { loop: l, depth: loopDepth } of places) {
    const hasRow = grouped && l !== 0;
    const rowAt = count;
    const rowDepth = Math.max(0, loopDepth - 1);
    if (hasRow) {
      task[count] = -1;
      loop[count] = l;
      depth[count] = rowDepth;
      loopRowOf[l] = count++;
    }
    const nameMatches = hasRow && !!filter.query && loopLabel(model, l).toLowerCase().includes(filter.query);
    const taskFilter = nameMatches ? { ...filter, query: '' } : filter;
    let kept: boolean;
    if (collapsedLoops.has(l)) {
      hidden += loopTasks[l];
      kept = !filter.query || nameMatches || anyTaskMatches(model, l, taskFilter);
    } else {
      const added = appendTrees(roots[l], hasRow ? rowDepth + 1 : 0, taskFilter);
      kept = added > 0 || !filter.query || nameMatches;
    }
    if (!hasRow) continue;
    if (kept) loopRows++;
    else {
      count = rowAt;
      loop[rowAt] = -1;
      loopRowOf[l] = -1;
    }
  }
  return { task, loop, depth, count, rowOf, loopRowOf, loopRows, loopTasks, hidden };
}

function anyTaskMatches(model: TraceModel, loop: number, filter: LaneFilter): boolean {
  return model.tasks.some((t) => t?.loop === loop && matchesFilter(model, t, filter));
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
