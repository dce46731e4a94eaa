/**
 * Plain-text descriptions of tasks in the seed's vocabulary (created, running, suspended,
 * completed), shared by the hover, decorations and the status bar. No vscode import so the
 * wording is testable on its own. Durations, wait descriptions and state names are the view's
 * own (protocol/format.ts, taskWords.ts, states.ts), durations in the brief style.
 */
import { TurnKind } from '../protocol/events';
import { formatMs } from '../protocol/format';
import type { StateName } from '../protocol/states';
import { countTasks } from '../protocol/taskCounts';
import { describeWait } from '../protocol/taskWords';
import { SegmentState, wakerIsTurn, wakerTurnIndex, type LoopInfo, type TaskInfo, type TraceModel } from '../protocol/model';

/** A task's state now: any but 'created', which no task stays in. */
export type TaskStateKind = Exclude<StateName, 'created'>;

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
  const loops = model.loops.length > 1 ? ` in ${model.loops.length} loops` : '';
  return `${total} task${total === 1 ? '' : 's'}${loops}, ${live} live, ${suspendedNow} suspended`;
}

/** "in worker 2 (cpu-worker.js)" when the trace has several loops; a one-program trace never names its loop. */
export function whereItRan(model: TraceModel, task: TaskInfo): string | undefined {
  return model.loops.length > 1 ? `in ${model.loops[task.loop]?.name ?? `loop ${task.loop}`}` : undefined;
}

/**
 * "woken by message from worker 2" when a turn delivering a message from another loop resumed
 * the task (its resume's waker, see TraceModel.findWaker); every distinct sender, in order.
 */
export function messageWakes(model: TraceModel, task: TaskInfo): string | undefined {
  if (model.links.length === 0 || task.firstSegment < 0) return undefined;
  const s = model.segments;
  const labels = new Set<string>();
  for (let i = task.firstSegment; i < model.segmentCount; i++) {
    if (s.task.data[i] !== task.id || (s.state.data[i] !== SegmentState.Suspended && s.state.data[i] !== SegmentState.Ready)) continue;
    const waker = s.other.data[i];
    if (!wakerIsTurn(waker)) continue;
    const turn = wakerTurnIndex(waker);
    if (model.turns.kind.data[turn] === TurnKind.Message) labels.add(model.string(model.turns.label.data[turn]) ?? 'a message from another loop');
  }
  return labels.size ? `woken by ${[...labels].join(', ')}` : undefined;
}

/** What a one-line listing adds after a task's state in a multi-loop trace: where it ran, what message woke it. */
export function taskNotes(model: TraceModel, task: TaskInfo): string[] {
  return [whereItRan(model, task), messageWakes(model, task)].filter((note): note is string => note !== undefined);
}

/** How many of `tasks` ran in each loop, in loop order (loops with none left out). */
export function instancesPerLoop(model: TraceModel, tasks: TaskInfo[]): { loop: LoopInfo; count: number }[] {
  const counts = new Map<number, number>();
  for (const task of tasks) counts.set(task.loop, (counts.get(task.loop) ?? 0) + 1);
  return model.loops.filter((loop) => counts.has(loop.index)).map((loop) => ({ loop, count: counts.get(loop.index)! }));
}

/** "in 3 loops: main.ts (pid 7) ×1, worker 2 (w.ts) ×2" when the instances ran in more than one loop. */
export function loopSpread(model: TraceModel, tasks: TaskInfo[]): string | undefined {
  const perLoop = instancesPerLoop(model, tasks);
  if (perLoop.length < 2) return undefined;
  return `in ${perLoop.length} loops: ${perLoop.map(({ loop, count }) => `${loop.name} ×${count}`).join(', ')}`;
}

/** The after-text and hover of a line where `tasks` are suspended right now (editor decorations). */
export function suspendedLineText(model: TraceModel, tasks: TaskInfo[]): { text: string; hover: string } {
  const waits = [...new Set(tasks.map((t) => describeWait(model, t.openSegment)))].join(', ');
  const names = [...new Set(tasks.map((t) => t.name))].join(', ');
  const spread = loopSpread(model, tasks) ?? (model.loops.length > 1 && tasks.length ? whereItRan(model, tasks[0]) : undefined);
  return { text: `⏸ ${tasks.length} suspended · ${waits}`, hover: `Suspended here now: ${names}${spread ? ` (${spread})` : ''}` };
}
