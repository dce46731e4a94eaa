/**
 * covis/floating-task: an async call whose promise was dropped (the source says so at the call
 * the trace recorded) and whose task ran on after the function that made it had finished, or
 * failed with nobody to catch it; and any task whose rejection Node reported as unhandled.
 */
import { WaitKind } from '../events';
import { SegmentState, type TaskInfo } from '../model';
import { callAt, type CallFact, type SourceFacts } from './sourceFacts';
import { describeTask, ms, type TraceIndex } from './traceIndex';
import type { FindingOf, FloatingTaskData, SourcePlace } from './types';

type Dropped = FloatingTaskData['dropped'];

interface Group {
  place: SourcePlace;
  text?: string;
  dropped: Dropped;
  tasks: TaskInfo[];
  creator?: TaskInfo;
  outlivedMs?: number;
  outlived: boolean;
}

export function floatingTasks(index: TraceIndex, factsOf: (file: string) => SourceFacts | undefined): FindingOf<'covis/floating-task'>[] {
  const { model } = index;
  const awaited = awaitedTasks(index);
  const groups = new Map<string, Group>();
  for (const task of index.tasks()) {
    if (task.kind !== 'async' || awaited.has(task.id)) continue;
    const call = task.callSite >= 0 ? model.sites.get(task.callSite) : undefined;
    const facts = call ? factsOf(call.file) : undefined;
    const fact = call && facts ? callAt(facts, call.line, call.column) : undefined;
    const dropped = fact ? droppedHow(fact, task, index.place(task.defSite)) : undefined;
    const failedAlone = task.outcome === 'failed' && (task.unhandled || dropped !== undefined);
    const outlived = dropped !== undefined && outlivesCreator(index, task, fact!, dropped);
    if (!outlived && !failedAlone) continue;
    const place = call ?? index.place(task.defSite);
    if (!place) continue;
    const key = `${place.file}:${place.line}:${place.column}`;
    let group = groups.get(key);
    if (!group) {
      group = { place: { file: place.file, line: place.line, column: place.column }, text: fact?.text, dropped: dropped ?? 'unknown', tasks: [], outlived: false };
      groups.set(key, group);
    }
    group.tasks.push(task);
    if (!outlived) continue;
    group.outlived = true;
    const creator = fact!.creator === 'async' ? model.tasks[task.parent] : undefined;
    if (creator && (!group.creator || group.creator === creator)) {
      group.creator = creator;
      if (!Number.isNaN(task.ended)) group.outlivedMs = Math.max(group.outlivedMs ?? 0, task.ended - creator.ended);
    }
  }
  return [...groups.values()].map((group) => finding(index, group));
}

/** Tasks some other task awaited by their promise (Suspend with WaitKind.Task). */
function awaitedTasks(index: TraceIndex): Set<number> {
  const { segments } = index.model;
  const awaited = new Set<number>();
  for (let i = 0; i < index.model.segmentCount; i++) {
    if (segments.wait.data[i] === WaitKind.Task && segments.state.data[i] !== SegmentState.Running && segments.other.data[i] >= 0) awaited.add(segments.other.data[i]);
  }
  return awaited;
}

/** How the promise of the task created at `fact` was dropped, or undefined when it was not (or not provably). */
function droppedHow(fact: CallFact, task: TaskInfo, definedAt: SourcePlace | undefined): Dropped | undefined {
  const isCallback = definedAt !== undefined && fact.callbacks.some((at) => at.line === definedAt.line && (at.column === definedAt.column || fact.callbacks.length === 1));
  if (isCallback) return fact.callbackFate === 'dropped' ? 'callback' : undefined;
  // The statement's call must be the task's own function: `this.emit('done')` calling an async
  // listener drops a boolean, and which code dropped the listener's promise is not in the source here.
  const callsTask = fact.callee !== undefined && (task.name === fact.callee || task.name.endsWith(`.${fact.callee}`));
  return fact.fate === 'dropped' && callsTask ? 'statement' : undefined;
}

/**
 * The task was still pending when the function that made it had finished: that function is
 * async and its task ended first (or the task never ended); or it is a plain function (or the
 * top level, for a dropped callback), which returned as soon as the task first suspended. A
 * dropped call at the top level itself (`main();`) is the usual way to start a program.
 */
function outlivesCreator(index: TraceIndex, task: TaskInfo, fact: CallFact, dropped: Dropped): boolean {
  const suspended = index.segmentsOf(task.id).some((segment) => index.state(segment) !== SegmentState.Running);
  if (!suspended) return false;
  if (fact.creator === 'top') return dropped === 'callback';
  if (fact.creator === 'sync') return true;
  const creator = index.model.tasks[task.parent];
  if (!creator || creator.outcome === 'live') return false;
  return Number.isNaN(task.ended) || task.ended > creator.ended;
}

function finding(index: TraceIndex, group: Group): FindingOf<'covis/floating-task'> {
  const [first] = group.tasks;
  const failed = group.tasks.filter((task) => task.outcome === 'failed');
  const unfinished = group.tasks.filter((task) => task.outcome === 'live').length;
  const unhandled = failed.some((task) => task.unhandled);
  const what = group.text ? `\`${group.text}\`` : describeTask(index.taskRef(first));
  const count = group.tasks.length;
  const tasksWord = count === 1 ? `its task ${first.name}` : `${count} tasks of ${first.name}`;
  const parts: string[] = [];
  if (group.dropped === 'callback') parts.push(`${what} drops the promises its callback returns`);
  else if (group.dropped === 'statement') parts.push(`the promise of ${what} is dropped`);
  else parts.push(`nobody awaited or caught ${describeTask(index.taskRef(first))}`);
  if (group.outlived) {
    const creator = group.creator ? `${group.creator.name} had finished` : 'the function that made it had returned';
    const never = unfinished ? (count === 1 ? 'it never finished' : `${unfinished} never finished`) : '';
    const by = [group.outlivedMs !== undefined && group.outlivedMs > 0 ? `by up to ${ms(group.outlivedMs)}` : '', never].filter(Boolean).join(', ');
    parts.push(`${tasksWord} ran on after ${creator}${by ? ` (${by})` : ''}, and nobody awaited ${count === 1 ? 'it' : 'them'}`);
  }
  if (failed.length) parts.push(`${failed.length === count ? (count === 1 ? 'it' : 'all of them') : `${failed.length} of them`} failed with nobody to catch it${unhandled ? ' (Node reported an unhandled rejection)' : ''}: ${failed[0].summary ?? 'error'}`);
  const data: FloatingTaskData = {
    task: index.taskRef(first),
    dropped: group.dropped,
    count,
    failed: failed.length,
    unfinished,
    ...(group.creator ? { creator: index.taskRef(group.creator) } : {}),
    ...(group.outlivedMs !== undefined ? { outlivedMs: group.outlivedMs } : {}),
    unhandled,
    ...(failed[0]?.summary ? { error: failed[0].summary } : {}),
  };
  const defined = index.place(first.defSite);
  return {
    ruleId: 'covis/floating-task',
    severity: failed.length ? 'error' : 'warning',
    message: `${parts.join('; ')}.`,
    ...group.place,
    tasks: group.tasks.map((task) => task.id),
    loop: first.loop,
    related: defined && (defined.line !== group.place.line || defined.file !== group.place.file) ? [{ place: defined, message: `${first.name} is defined here` }] : [],
    data,
  };
}
