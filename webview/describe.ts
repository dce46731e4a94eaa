/**
 * Words for what the view shows: tooltip lines, the details panel's history, the screen-reader
 * table and announcements. Durations, state names and what a task waits on are the editor's
 * words too (protocol/format.ts, states.ts, taskWords.ts); durations here in their precise style.
 */
import { Site, TURN_KIND_NAMES, TurnKind } from '../protocol/events';
import { formatMs } from '../protocol/format';
import { isWaiting, SegmentState, TaskInfo, TraceModel, wakerIsTurn, wakerTurnIndex } from '../protocol/model';
import { sliceStateWord, STATE_WORDS } from '../protocol/states';
import { describeWait, taskName } from '../protocol/taskWords';
import { turnParts } from './checkpoints';

export function basename(file: string): string {
  const at = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return at >= 0 ? file.slice(at + 1) : file;
}

export function siteText(site: Site | undefined): string {
  return site ? `${basename(site.file)}:${site.line}` : '';
}

/** The lane label: name and where it is defined. */
export function taskLabel(model: TraceModel, task: TaskInfo): string {
  const where = siteText(model.sites.get(task.defSite));
  return where ? `${task.name}  ${where}` : task.name;
}

export function taskStateNow(task: TaskInfo): string {
  return task.outcome === 'live' ? 'unfinished' : task.outcome;
}

export function wokenBy(model: TraceModel, segment: number): string | undefined {
  const s = model.segments;
  if (s.state.data[segment] !== SegmentState.Ready) return undefined;
  const waker = s.other.data[segment];
  if (waker >= 0) return `completion of ${taskName(model, waker)}`;
  if (wakerIsTurn(waker)) return describeTurnShort(model, wakerTurnIndex(waker));
  return undefined;
}

export function describeTurnShort(model: TraceModel, turn: number): string {
  const kindId = model.turns.kind.data[turn];
  const label = model.string(model.turns.label.data[turn]);
  // The recorder labels a message turn with its sender: "message from worker 2".
  if (kindId === TurnKind.Message) return label ?? 'message from another thread or process';
  const kind = TURN_KIND_NAMES[kindId] ?? 'callback';
  return label ? `${kind} callback (${label})` : `${kind} callback`;
}

/**
 * The label of a loop's lane or row. A trace of one program keeps "event loop (one thread)";
 * with several loops the first is the main thread of the program that was started.
 */
export function loopLabel(model: TraceModel, loop: number): string {
  if (model.loops.length <= 1) return 'event loop (one thread)';
  const name = model.loops[loop]?.name ?? `loop ${loop}`;
  return loop === 0 ? `main thread — ${name}` : name;
}

/** The loop's name in a sentence ("worker 2 (cpu-worker.js)"); "event loop" when there is one. */
export function loopName(model: TraceModel, loop: number): string {
  return model.loops.length <= 1 ? 'event loop' : (model.loops[loop]?.name ?? `loop ${loop}`);
}

/** How a loop ended, in words. */
export function loopEnd(model: TraceModel, loop: number): string {
  const end = model.loops[loop]?.end;
  if (!end) return model.truncated ? 'cut short: the trace stops before its end' : 'no end recorded (still running, or died without a word)';
  if (!model.loopCutShort(loop)) return 'ran to its end';
  const parts: string[] = [end.reason];
  if (end.signal) parts.push(`signal ${end.signal}`);
  if (end.exitCode !== null && end.exitCode !== undefined) parts.push(`exit code ${end.exitCode}`);
  if (end.error) parts.push(end.error);
  return `cut short: ${parts.join(', ')}`;
}

/** Tooltip of a loop's label: which thread or process, who started it, how it ended, its tasks. */
export function describeLoop(model: TraceModel, loop: number, tasks: number): string[] {
  const info = model.loops[loop];
  if (!info) return [loopLabel(model, loop)];
  const lines = [loopLabel(model, loop), `${info.hello?.threadId ? 'worker thread' : 'process'} ${info.key}, started at ${formatMs(info.started, 'precise')}`];
  const parent = model.loops[info.parent];
  if (info.spawnedBy) lines.push(`started by ${taskName(model, info.spawnedBy.task)} on ${loopName(model, info.parent)} at ${formatMs(info.spawnedBy.time, 'precise')}`);
  else if (parent) lines.push(`started from ${loopName(model, info.parent)}`);
  lines.push(`${info.turns.length} turns, ${tasks} tasks; ${loopEnd(model, loop)}`);
  return lines;
}

/** Tooltip lines for one segment. */
export function describeSegment(model: TraceModel, segment: number): string[] {
  const s = model.segments;
  const task = model.tasks[s.task.data[segment]];
  const state = s.state.data[segment] as SegmentState;
  const start = s.start.data[segment];
  const end = model.segmentEnd(segment);
  const lines = [
    task ? taskLabel(model, task) : `task #${s.task.data[segment]}`,
    `${sliceStateWord(state)} for ${formatMs(end - start, 'precise')} (${formatMs(start, 'precise')} → ${Number.isNaN(s.end.data[segment]) ? 'still open' : formatMs(end, 'precise')})`,
  ];
  if (state === SegmentState.Sampled) {
    lines.push('waits left out by sampled recording; the recorded ones show as Suspended');
  } else if (isWaiting(state)) {
    const site = model.sites.get(s.site.data[segment]);
    // A site's name is its source text (`await fetchUser(1)`); the kind is said only when the text does not say it.
    if (site) lines.push(`at ${site.name.startsWith(site.kind) ? '' : `${site.kind} `}\`${site.name}\`  ${siteText(site)}`);
    lines.push(`waits on: ${describeWait(model, segment)}`);
    const waker = wokenBy(model, segment);
    if (waker) lines.push(`woken by: ${waker}`);
  }
  return lines;
}

export function describeTurn(model: TraceModel, turn: number): string[] {
  const start = model.turns.start.data[turn];
  const end = model.turnEnd(turn);
  const { callbackMs, microtasksMs } = turnParts(model, turn);
  const loop = model.turns.loop.data[turn];
  return [
    `${model.loops.length > 1 ? loopName(model, loop) : 'Event loop'}: ${describeTurnShort(model, turn)}`,
    `busy for ${formatMs(end - start, 'precise')} (${formatMs(start, 'precise')} → ${formatMs(end, 'precise')})`,
    Number.isNaN(microtasksMs)
      ? 'callback and microtask checkpoint not told apart (no mark recorded)'
      : `callback ${formatMs(callbackMs, 'precise')}, microtasks ${formatMs(microtasksMs, 'precise')} (hatched: nextTick + promise reactions)`,
  ];
}

/** Where the task was created: "created at file:line (in caller)", or undefined when not sampled. */
export function callSiteText(model: TraceModel, task: TaskInfo): string | undefined {
  const call = task.callSite >= 0 ? model.sites.get(task.callSite) : undefined;
  if (!call) return undefined;
  // The recorder names a call site "call in <caller>".
  const caller = call.name.replace(/^call in /, '');
  return `created at ${siteText(call)}${caller ? ` (in ${caller})` : ''}`;
}

/** Tooltip of a slice: describeSegment plus where its task was created (kept apart: taskHistory reads describeSegment by position). */
export function segmentTooltip(model: TraceModel, segment: number): string[] {
  const lines = describeSegment(model, segment);
  const task = model.tasks[model.segments.task.data[segment]];
  const created = task ? callSiteText(model, task) : undefined;
  if (created) lines.splice(1, 0, created);
  return lines;
}

/** One line per segment of the task: the details panel's history. */
export function taskHistory(model: TraceModel, taskId: number, segments: readonly number[], limit = 500): string[] {
  const task = model.tasks[taskId];
  const lines: string[] = [];
  if (task) lines.push(`${formatMs(task.created, 'precise')}  ${STATE_WORDS.created.word}${task.parent >= 0 ? ` by ${taskName(model, task.parent)}` : ''}`);
  for (const segment of segments.slice(0, limit)) {
    const [, what, where, on, by] = describeSegment(model, segment);
    lines.push([`${formatMs(model.segments.start.data[segment], 'precise')}  ${what}`, where, on, by].filter(Boolean).join(' · '));
  }
  if (segments.length > limit) lines.push(`… ${segments.length - limit} more`);
  if (task && task.outcome !== 'live') {
    lines.push(`${formatMs(task.ended, 'precise')}  ${STATE_WORDS[task.outcome === 'failed' ? 'failed' : 'completed'].word}${task.summary ? `: ${task.summary}` : ''}`);
  }
  return lines;
}

/** Wake-ups by message listed one by one in a task's details; the rest are counted. */
const MESSAGE_FACTS = 5;

/**
 * What ties a task to other loops, for its details panel: the loop it ran on (when there are
 * several), the loops it started, the messages that woke it and the messages it posted.
 */
export function loopFacts(model: TraceModel, task: TaskInfo, segments: readonly number[]): string[] {
  if (model.loops.length <= 1) return [];
  const lines = [`runs on ${loopLabel(model, task.loop)}`];
  for (const loop of model.loops) {
    if (loop.spawnedBy?.task === task.id) lines.push(`started ${loop.name} at ${formatMs(loop.spawnedBy.time, 'precise')}`);
  }
  const s = model.segments;
  let woken = 0;
  for (const segment of segments) {
    const waker = s.other.data[segment];
    if (s.state.data[segment] !== SegmentState.Ready || !wakerIsTurn(waker)) continue;
    const turn = wakerTurnIndex(waker);
    if (model.turns.kind.data[turn] !== TurnKind.Message) continue;
    if (woken++ < MESSAGE_FACTS) lines.push(`woken by ${describeTurnShort(model, turn)} at ${formatMs(s.start.data[segment], 'precise')}`);
  }
  if (woken > MESSAGE_FACTS) lines.push(`… woken by ${woken - MESSAGE_FACTS} more messages`);
  let posted = 0;
  for (const link of model.links) if (link.fromTask === task.id) posted++;
  if (posted) lines.push(`posted ${posted} message${posted === 1 ? '' : 's'} to another loop`);
  return lines;
}
