/**
 * Words for what the view shows: tooltip lines, the details panel's history, the screen-reader
 * table and announcements. The seed's vocabulary (Created, Running, Suspended, Resumed, Completed)
 * is used on purpose so the picture and the teaching material say the same thing.
 */
import { Site, TURN_KIND_NAMES, TurnKind, WAIT_KIND_NAMES, WaitKind } from '../protocol/events';
import { isWaiting, SegmentState, TaskInfo, TraceModel, wakerIsTurn, wakerTurnIndex } from '../protocol/model';
import { turnParts } from './checkpoints';

export const STATE_WORDS = ['Running', 'Suspended', 'Resumed (ready)', 'Sampled (running and waiting, not recorded apart)'] as const;

export const LEGEND: readonly { key: 'created' | 'running' | 'suspended' | 'ready' | 'sampled' | 'completed' | 'failed'; word: string; meaning: string }[] = [
  { key: 'created', word: 'Created', meaning: 'the coroutine object exists; in JS it starts running at once, up to its first await' },
  { key: 'running', word: 'Running', meaning: 'holds the single thread' },
  { key: 'suspended', word: 'Suspended', meaning: 'paused at an await/yield, waiting for what it awaits' },
  { key: 'ready', word: 'Resumed/ready', meaning: 'what it awaited has settled; queued for the thread' },
  { key: 'sampled', word: 'Sampled', meaning: 'recorded with --sample: past its first waits only some are kept (one in N, fewer while it stays busy); between them it ran and waited, not told apart' },
  { key: 'completed', word: 'Completed', meaning: 'returned a value' },
  { key: 'failed', word: 'Failed', meaning: 'threw an error' },
];

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs >= 1000) return `${(ms / 1000).toFixed(abs >= 10000 ? 1 : 2)} s`;
  if (abs >= 1) return `${ms.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2)} ms`;
  if (abs >= 0.001) return `${(ms * 1000).toFixed(abs >= 0.1 ? 0 : 1)} µs`;
  return `${Math.round(ms * 1e6)} ns`;
}

/** An instant on the trace clock (the replay cursor): microsecond precision, so steps between close events read apart. */
export function formatInstant(ms: number): string {
  return Math.abs(ms) >= 1000 ? `${(ms / 1000).toFixed(6)} s` : `${ms.toFixed(3)} ms`;
}

/** An axis tick: the unit of the time, with as many decimals as the tick step needs to tell ticks apart. */
export function formatTick(ms: number, stepMs: number): string {
  const [unit, scale] = Math.abs(ms) >= 1000 ? ['s', 1e-3] : Math.abs(ms) >= 1 || ms === 0 ? ['ms', 1] : ['µs', 1e3];
  const step = Math.abs(stepMs * scale);
  const decimals = step > 0 ? Math.min(9, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9))) : 0;
  return `${(ms * scale).toFixed(decimals)} ${unit}`;
}

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

export function taskName(model: TraceModel, id: number): string {
  const task = model.tasks[id];
  return task ? `${task.name} #${id}` : `task #${id}`;
}

export function taskStateNow(task: TaskInfo): string {
  return task.outcome === 'live' ? 'unfinished' : task.outcome;
}

/** What a suspended/ready segment waits on, in words. */
export function waitsOn(model: TraceModel, segment: number): string {
  const s = model.segments;
  const wait = s.wait.data[segment] as WaitKind;
  const other = s.other.data[segment];
  const base = WAIT_KIND_NAMES[wait] ?? 'something';
  if (s.state.data[segment] === SegmentState.Suspended && wait === WaitKind.Task && other >= 0) return `task ${taskName(model, other)}`;
  // A promise a message settled (a worker's result): name the sender, known from the wake.
  const sender = s.state.data[segment] === SegmentState.Suspended ? messageThatWoke(model, segment) : undefined;
  return sender ? `${base}, settled by a ${sender}` : base;
}

/** The label of the message turn that ended this wait ("message from worker 2"), if one did. */
function messageThatWoke(model: TraceModel, segment: number): string | undefined {
  const s = model.segments;
  const task = s.task.data[segment];
  // A task's segments are appended in order: its next one says how this wait ended.
  for (let i = segment + 1; i < model.segmentCount; i++) {
    if (s.task.data[i] !== task) continue;
    const waker = s.other.data[i];
    if (s.state.data[i] !== SegmentState.Ready || !wakerIsTurn(waker)) return undefined;
    const turn = wakerTurnIndex(waker);
    return model.turns.kind.data[turn] === TurnKind.Message ? model.string(model.turns.label.data[turn]) : undefined;
  }
  return undefined;
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
  const lines = [loopLabel(model, loop), `${info.hello?.threadId ? 'worker thread' : 'process'} ${info.key}, started at ${formatMs(info.started)}`];
  const parent = model.loops[info.parent];
  if (info.spawnedBy) lines.push(`started by ${taskName(model, info.spawnedBy.task)} on ${loopName(model, info.parent)} at ${formatMs(info.spawnedBy.time)}`);
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
    `${STATE_WORDS[state]} for ${formatMs(end - start)} (${formatMs(start)} → ${Number.isNaN(s.end.data[segment]) ? 'still open' : formatMs(end)})`,
  ];
  if (state === SegmentState.Sampled) {
    lines.push('waits left out by sampled recording; the recorded ones show as Suspended');
  } else if (isWaiting(state)) {
    const site = model.sites.get(s.site.data[segment]);
    if (site) lines.push(`at ${site.kind} \`${site.name}\`  ${siteText(site)}`);
    lines.push(`waits on: ${waitsOn(model, segment)}`);
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
    `busy for ${formatMs(end - start)} (${formatMs(start)} → ${formatMs(end)})`,
    Number.isNaN(microtasksMs)
      ? 'callback and microtask checkpoint not told apart (no mark recorded)'
      : `callback ${formatMs(callbackMs)}, microtasks ${formatMs(microtasksMs)} (hatched: nextTick + promise reactions)`,
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
  if (task) lines.push(`${formatMs(task.created)}  Created${task.parent >= 0 ? ` by ${taskName(model, task.parent)}` : ''}`);
  for (const segment of segments.slice(0, limit)) {
    const [, what, where, on, by] = describeSegment(model, segment);
    lines.push([`${formatMs(model.segments.start.data[segment])}  ${what}`, where, on, by].filter(Boolean).join(' · '));
  }
  if (segments.length > limit) lines.push(`… ${segments.length - limit} more`);
  if (task && task.outcome !== 'live') {
    lines.push(`${formatMs(task.ended)}  ${task.outcome === 'failed' ? 'Failed' : 'Completed'}${task.summary ? `: ${task.summary}` : ''}`);
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
    if (loop.spawnedBy?.task === task.id) lines.push(`started ${loop.name} at ${formatMs(loop.spawnedBy.time)}`);
  }
  const s = model.segments;
  let woken = 0;
  for (const segment of segments) {
    const waker = s.other.data[segment];
    if (s.state.data[segment] !== SegmentState.Ready || !wakerIsTurn(waker)) continue;
    const turn = wakerTurnIndex(waker);
    if (model.turns.kind.data[turn] !== TurnKind.Message) continue;
    if (woken++ < MESSAGE_FACTS) lines.push(`woken by ${describeTurnShort(model, turn)} at ${formatMs(s.start.data[segment])}`);
  }
  if (woken > MESSAGE_FACTS) lines.push(`… woken by ${woken - MESSAGE_FACTS} more messages`);
  let posted = 0;
  for (const link of model.links) if (link.fromTask === task.id) posted++;
  if (posted) lines.push(`posted ${posted} message${posted === 1 ? '' : 's'} to another loop`);
  return lines;
}
