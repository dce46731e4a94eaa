/**
 * Plain-text descriptions of tasks in the seed's vocabulary (created, running, suspended,
 * completed), shared by the hover, decorations and the status bar. No vscode import so the
 * wording is testable on its own.
 */
import { WAIT_KIND_NAMES, WaitKind } from '../protocol/events';
import { countTasks } from '../protocol/taskCounts';
import { SegmentState, type TaskInfo, type TraceModel } from '../protocol/model';

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** What a suspended segment waits on, e.g. "timer" or "task sayAfter #4". */
export function describeWait(model: TraceModel, segment: number): string {
  const wait = model.segments.wait.data[segment] as WaitKind;
  const other = model.segments.other.data[segment];
  if (wait === WaitKind.Task && other >= 0) {
    const awaited = model.tasks[other];
    return awaited ? `task ${awaited.name} #${awaited.id}` : `task #${other}`;
  }
  return WAIT_KIND_NAMES[wait] ?? 'something';
}

export type TaskStateKind = 'running' | 'suspended' | 'ready' | 'sampled' | 'completed' | 'failed';

export interface TaskState {
  kind: TaskStateKind;
  /** One line for people: "suspended at line 12 on timer for 200 ms". */
  text: string;
  /** Line (1-based) of the await/yield it is suspended at, when suspended or ready. */
  line?: number;
}

export function taskState(model: TraceModel, task: TaskInfo): TaskState {
  if (task.outcome === 'completed') {
    const value = task.summary && task.summary !== 'undefined' ? ` → ${task.summary}` : '';
    return { kind: 'completed', text: `completed in ${formatMs(task.ended - task.created)}${value}` };
  }
  if (task.outcome === 'failed') {
    return { kind: 'failed', text: `failed after ${formatMs(task.ended - task.created)} with ${task.summary ?? 'an error'}` };
  }
  const open = task.openSegment;
  const state = open >= 0 ? (model.segments.state.data[open] as SegmentState) : SegmentState.Running;
  if (state === SegmentState.Running) return { kind: 'running', text: 'running' };
  if (state === SegmentState.Sampled) return { kind: 'sampled', text: 'running and waiting (sampled recording left its waits out)' };
  const site = model.sites.get(model.segments.site.data[open]);
  const since = formatMs(model.timeEnd - model.segments.start.data[open]);
  const where = site ? ` at line ${site.line}` : '';
  if (state === SegmentState.Ready) {
    return { kind: 'ready', text: `ready to resume${where} (what it awaited has settled; waiting for the thread)`, line: site?.line };
  }
  const prefix = model.end ? 'was suspended' : 'suspended';
  return { kind: 'suspended', text: `${prefix}${where} on ${describeWait(model, open)} for ${since}`, line: site?.line };
}

/** "3 instances: 2 completed, 1 suspended". */
export function countStates(model: TraceModel, tasks: TaskInfo[]): string {
  const counts = new Map<TaskStateKind, number>();
  for (const task of tasks) {
    const kind = taskState(model, task).kind;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const parts = [...counts].map(([kind, n]) => `${n} ${kind}`);
  return `${tasks.length} instance${tasks.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** Running vs suspended time summed over tasks. */
export function timeSplit(tasks: TaskInfo[]): string {
  let running = 0;
  let suspended = 0;
  for (const task of tasks) {
    running += task.runningMs;
    suspended += task.suspendedMs;
  }
  return `running ${formatMs(running)}, suspended ${formatMs(suspended)}`;
}

/** A short status for the whole trace (status bar, panel status). */
export function traceStatus(model: TraceModel): string {
  const { total, live, suspendedNow } = countTasks(model);
  return `${total} task${total === 1 ? '' : 's'}, ${live} live, ${suspendedNow} suspended`;
}
