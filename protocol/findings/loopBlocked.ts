/**
 * covis/loop-blocked: a running slice longer than the threshold held the only thread of its
 * loop. Slices running the same stretch of code (same task function, from the same await to
 * the same await or end) make one finding, told by the longest.
 */
import { WaitKind } from '../events';
import { SegmentState, type TaskInfo } from '../model';
import { describeTask, ms, type TraceIndex } from './traceIndex';
import type { FindingOf, LoopBlockedData, TaskRef } from './types';

interface Slice {
  task: TaskInfo;
  segment: number;
  start: number;
  end: number;
  /** The wait segment it resumed from (-1: the task's start). */
  from: number;
  /** The wait segment that ended it (-1: it returned, threw, or ran until the program was stopped). */
  until: number;
}

export function loopBlocked(index: TraceIndex, blockMs: number, stoppedAt: number | undefined): FindingOf<'covis/loop-blocked'>[] {
  const groups = new Map<string, Slice[]>();
  for (const task of index.tasks()) {
    const segments = index.segmentsOf(task.id);
    segments.forEach((segment, k) => {
      if (index.state(segment) !== SegmentState.Running) return;
      // A module's first slice is the module's own evaluation (imports included), not a task holding the loop.
      if (task.kind === 'module' && k === 0) return;
      const start = index.model.segments.start.data[segment];
      const open = Number.isNaN(index.model.segments.end.data[segment]);
      const end = open && stoppedAt !== undefined ? Math.max(index.model.segmentEnd(segment), stoppedAt) : index.model.segmentEnd(segment);
      if (end - start <= blockMs) return;
      const previous = segments[k - 1] ?? -1;
      const next = segments[k + 1] ?? -1;
      const slice: Slice = { task, segment, start, end, from: previous >= 0 && isWait(index, previous) ? previous : -1, until: next >= 0 && isWait(index, next) ? next : -1 };
      const key = `${task.defSite}:${siteOf(index, slice.from)}:${siteOf(index, slice.until)}`;
      const group = groups.get(key);
      if (group) group.push(slice);
      else groups.set(key, [slice]);
    });
  }
  const findings: FindingOf<'covis/loop-blocked'>[] = [];
  for (const slices of groups.values()) {
    const found = finding(index, slices, blockMs, stoppedAt);
    if (found) findings.push(found);
  }
  return findings;
}

function isWait(index: TraceIndex, segment: number): boolean {
  const state = index.state(segment);
  return state === SegmentState.Suspended || state === SegmentState.Ready;
}

function siteOf(index: TraceIndex, segment: number): number {
  return segment >= 0 ? index.model.segments.site.data[segment] : -1;
}

function finding(index: TraceIndex, slices: Slice[], blockMs: number, stoppedAt: number | undefined): FindingOf<'covis/loop-blocked'> | undefined {
  const longest = slices.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const { task } = longest;
  const keptReady = readyDuring(index, longest);
  const ranNext = ranInNextTurn(index, longest);
  // A worker thread is there to do work: its long slices matter when they kept something of its own waiting.
  const loop = index.model.loops[task.loop];
  if ((loop?.hello?.threadId ?? 0) > 0 && keptReady.length === 0 && ranNext.length === 0) return undefined;
  const from = longest.from >= 0 ? index.place(siteOf(index, longest.from)) : undefined;
  const untilPlace = longest.until >= 0 ? index.place(siteOf(index, longest.until)) : undefined;
  const until: LoopBlockedData['until'] =
    untilPlace && longest.until >= 0
      ? { kind: 'await', at: untilPlace, text: index.siteText(siteOf(index, longest.until)) ?? '' }
      : Number.isNaN(index.model.segments.end.data[longest.segment]) && stoppedAt !== undefined
        ? { kind: 'stopped' }
        : { kind: task.outcome === 'failed' && task.ended === longest.end ? 'throw' : 'return' };
  const place = from ?? index.place(task.defSite);
  if (!place) return undefined;
  const maxMs = longest.end - longest.start;
  const totalMs = slices.reduce((sum, s) => sum + s.end - s.start, 0);
  const exact = longest.from < 0 || loop?.hello?.clock === 'per-event';
  const data: LoopBlockedData = { task: index.taskRef(task), maxMs, totalMs, count: slices.length, ...(from ? { from } : {}), until, keptReady, ranNext, thresholdMs: blockMs, exact };
  const fromText = from ? `from \`${index.siteText(siteOf(index, longest.from))}\` (line ${from.line})` : 'from its start';
  const untilText = until.kind === 'await' ? `to \`${until.text}\` (line ${until.at.line})` : until.kind === 'stopped' ? 'until the program was stopped' : until.kind === 'return' ? 'until it returned' : 'until it threw';
  const parts = [`${task.name} held the thread for ${exact ? '' : 'up to '}${ms(maxMs)}${slices.length > 1 ? ` (${slices.length} times over ${ms(blockMs)}, ${ms(totalMs)} in all)` : ''}, ${fromText} ${untilText}`];
  if (keptReady.length) parts.push(`ready and kept waiting: ${keptReady.map((k) => `${describeTask(k.task)} for ${ms(k.readyMs)}`).join(', ')}`);
  if (ranNext.length) parts.push(`waiting to run next: ${ranNext.map(describeTask).join(', ')}`);
  const endLine = until.kind === 'await' && until.at.file === place.file && until.at.line > place.line ? until.at.line : undefined;
  return {
    ruleId: 'covis/loop-blocked',
    severity: 'warning',
    message: `${parts.join('; ')}.`,
    ...place,
    ...(endLine ? { endLine } : {}),
    tasks: [task.id, ...keptReady.map((k) => k.task.id), ...ranNext.map((t) => t.id)],
    loop: task.loop,
    related: until.kind === 'await' && !endLine ? [{ place: until.at, message: 'the slice ended at this await' }] : [],
    data,
  };
}

/** Tasks of the same loop that were ready (woken, queued for the thread) while the slice ran. */
function readyDuring(index: TraceIndex, slice: Slice): { task: TaskRef; readyMs: number }[] {
  const { model } = index;
  const s = model.segments;
  const ready = new Map<number, number>();
  for (let i = 0; i < model.segmentCount; i++) {
    if (s.state.data[i] !== SegmentState.Ready || s.task.data[i] === slice.task.id) continue;
    const overlap = Math.min(model.segmentEnd(i), slice.end) - Math.max(s.start.data[i], slice.start);
    const task = model.tasks[s.task.data[i]];
    if (overlap > 0.01 && task && task.loop === slice.task.loop) ready.set(task.id, (ready.get(task.id) ?? 0) + overlap);
  }
  return [...ready].map(([id, readyMs]) => ({ task: index.taskRef(model.tasks[id]), readyMs })).sort((a, b) => b.readyMs - a.readyMs);
}

/**
 * Tasks that waited across the whole slice (on a timer, I/O, a message) and resumed in the turn
 * right after its own: what they waited on may have been due while the thread was held. Tasks
 * that awaited the blocking task itself are left out: they waited for it, not behind it.
 */
function ranInNextTurn(index: TraceIndex, slice: Slice): TaskRef[] {
  const { model } = index;
  const turns = model.loops[slice.task.loop]?.turns;
  if (!turns) return [];
  let own = -1;
  for (let k = 0; k < turns.length; k++) {
    if (model.turns.start.data[turns.data[k]] <= slice.start) own = k;
    else break;
  }
  const next = own + 1 < turns.length ? turns.data[own + 1] : -1;
  if (next < 0) return [];
  const from = model.turns.start.data[next];
  const to = model.turnEnd(next);
  const s = model.segments;
  const found: TaskRef[] = [];
  for (const task of index.tasks()) {
    if (task.id === slice.task.id || task.loop !== slice.task.loop) continue;
    const segments = index.segmentsOf(task.id);
    for (let k = 1; k < segments.length; k++) {
      const segment = segments[k];
      const wait = segments[k - 1];
      if (s.state.data[segment] !== SegmentState.Running || s.start.data[segment] < from || s.start.data[segment] > to) continue;
      const waitStart = s.start.data[index.state(wait) === SegmentState.Ready && k >= 2 ? segments[k - 2] : wait];
      const waitedOnIt = s.wait.data[wait] === WaitKind.Task && (s.other.data[wait] === slice.task.id || (k >= 2 && s.other.data[segments[k - 2]] === slice.task.id));
      if (isWait(index, wait) && waitStart <= slice.start && !waitedOnIt) {
        found.push(index.taskRef(task));
        break;
      }
    }
  }
  return found;
}
