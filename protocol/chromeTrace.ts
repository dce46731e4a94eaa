/**
 * Export to the Chrome Trace Event format (opens in Perfetto, chrome://tracing, speedscope):
 * each recorded process under its own pid, each loop (a process's main thread, a worker
 * thread) as a thread of its process, one thread per task beside its loop, running and
 * suspended slices as complete ("X") events, and flow arrows from what woke a task to the task
 * it woke, from a message's sender to the turn that received it, and from the task that
 * started a worker or child process to that loop's first turn.
 */
import { TURN_KIND_NAMES, WAIT_KIND_NAMES } from './events';
import { isWaiting, SEGMENT_STATE_NAMES, SegmentState, TraceModel, wakerIsTurn, wakerTurnIndex } from './model';

export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'M' | 'i' | 's' | 'f';
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  id?: number;
  bp?: 'e';
  s?: 't';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms';
  metadata: Record<string, unknown>;
}

/** A process's main thread. Tasks use their ids as tids (1, 2, …), so worker loops sit far above them. */
const MAIN_THREAD_TID = 0;
const WORKER_TID_BASE = 1_000_000_000;
/** For a loop whose wanted tid is taken (two loops without a Hello); still below 2^31. */
const SPARE_TID_BASE = 2_000_000_000;
const us = (ms: number): number => Math.round(ms * 1000 * 1000) / 1000;
/** Duration from rounded ends, so slices that touch in the model touch (not overlap) in the export. */
const dur = (startMs: number, endMs: number): number => Math.max(0, us(endMs) - us(startMs));
const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), high);

/** Where a loop's own track goes. */
export interface LoopTrack {
  pid: number;
  tid: number;
  name: string;
}

/** One end of a flow arrow: a thread of a process at a time. */
interface FlowEnd {
  pid: number;
  tid: number;
  ms: number;
}

/** Each loop's process and a tid unique within it; named "event loop" when it is the only one. */
export function loopTracks(model: TraceModel): LoopTrack[] {
  const taken = new Set<string>();
  const single = model.loops.length <= 1;
  return model.loops.map((loop) => {
    const hello = loop.hello;
    const pid = hello?.pid ?? model.hello?.pid ?? 1;
    const threadId = hello ? (hello.threadId ?? 0) : loop.index;
    let tid = threadId === 0 ? MAIN_THREAD_TID : WORKER_TID_BASE + threadId;
    if (taken.has(`${pid}/${tid}`)) tid = SPARE_TID_BASE + loop.index;
    taken.add(`${pid}/${tid}`);
    return { pid, tid, name: single ? 'event loop' : threadId === 0 ? 'main thread' : loop.name };
  });
}

/** "node app.ts arg" for the loop that is a process's main thread, else the loop's own name. */
function processNames(model: TraceModel, tracks: LoopTrack[]): Map<number, string> {
  const names = new Map<number, string>();
  model.loops.forEach((loop, i) => {
    const hello = loop.hello;
    const command = hello && !hello.threadId && hello.argv.length > 0 ? `${hello.language === 'python' ? 'python3' : 'node'} ${hello.argv.join(' ')}` : undefined;
    if (command || !names.has(tracks[i].pid)) names.set(tracks[i].pid, command ?? loop.name);
  });
  if (names.size === 0) names.set(model.hello?.pid ?? 1, `node ${model.hello?.argv.join(' ') ?? ''}`.trim());
  return names;
}

/** Names and order of every process and thread: per process, each loop's track, then its tasks. */
function metadataEvents(model: TraceModel, tracks: LoopTrack[]): ChromeTraceEvent[] {
  const events: ChromeTraceEvent[] = [];
  const meta = (name: string, pid: number, tid: number, args: Record<string, unknown>): void => {
    events.push({ name, ph: 'M', ts: 0, pid, tid, args });
  };
  let processOrder = 0;
  for (const [pid, name] of processNames(model, tracks)) {
    meta('process_name', pid, MAIN_THREAD_TID, { name });
    meta('process_sort_index', pid, MAIN_THREAD_TID, { sort_index: processOrder++ });
  }
  const tasksByLoop = tracks.map((): number[] => []);
  for (const task of model.tasks) if (task) tasksByLoop[task.loop]?.push(task.id);
  const sortIndex = new Map<number, number>();
  const nextSortIndex = (pid: number): number => {
    const index = sortIndex.get(pid) ?? -1;
    sortIndex.set(pid, index + 1);
    return index;
  };
  tracks.forEach((track, loop) => {
    meta('thread_name', track.pid, track.tid, { name: track.name });
    meta('thread_sort_index', track.pid, track.tid, { sort_index: nextSortIndex(track.pid) });
    for (const id of tasksByLoop[loop]) {
      const task = model.tasks[id];
      const site = model.sites.get(task.defSite);
      const where = site ? ` (${site.file.split(/[\\/]/).pop()}:${site.line})` : '';
      meta('thread_name', track.pid, id, { name: `${task.name}${where} #${id}` });
      meta('thread_sort_index', track.pid, id, { sort_index: nextSortIndex(track.pid) });
    }
  });
  return events;
}

/** One complete event per turn, on its loop's track. */
function turnEvents(model: TraceModel, tracks: LoopTrack[]): ChromeTraceEvent[] {
  const events: ChromeTraceEvent[] = [];
  for (let i = 0; i < model.turnCount; i++) {
    const start = model.turns.start.data[i];
    const track = tracks[model.turns.loop.data[i]];
    events.push({
      name: TURN_KIND_NAMES[model.turns.kind.data[i]] ?? 'turn',
      cat: 'loop',
      ph: 'X',
      ts: us(start),
      dur: dur(start, model.turnEnd(i)),
      pid: track.pid,
      tid: track.tid,
      args: { label: model.string(model.turns.label.data[i]) },
    });
  }
  return events;
}

/** Flow arrows with ids unique in the trace. */
class Arrows {
  private count = 0;
  constructor(private readonly events: ChromeTraceEvent[]) {}

  /** From the slice enclosing `from` to the slice enclosing `to` (perhaps in another process). */
  add(name: string, cat: string, from: FlowEnd, to: FlowEnd): void {
    const id = ++this.count;
    this.events.push({ name, cat, ph: 's', id, ts: us(from.ms), pid: from.pid, tid: from.tid });
    this.events.push({ name, cat, ph: 'f', bp: 'e', id, ts: us(to.ms), pid: to.pid, tid: to.tid });
  }
}

/** Each task's running, suspended, ready and sampled segments, and an arrow from whatever woke it. */
function segmentEvents(model: TraceModel, tracks: LoopTrack[], events: ChromeTraceEvent[], arrows: Arrows): void {
  const s = model.segments;
  for (let i = 0; i < model.segmentCount; i++) {
    const task = s.task.data[i];
    const pid = tracks[model.tasks[task]?.loop ?? 0].pid;
    const start = s.start.data[i];
    const state = s.state.data[i] as SegmentState;
    const site = model.sites.get(s.site.data[i]);
    const name =
      state === SegmentState.Running ? (model.tasks[task]?.name ?? 'task') : state === SegmentState.Ready ? 'ready' : state === SegmentState.Sampled ? 'sampled' : `await ${site?.name ?? ''}`.trim();
    const args: Record<string, unknown> = { state: SEGMENT_STATE_NAMES[state] };
    if (isWaiting(state)) args.waitsOn = WAIT_KIND_NAMES[s.wait.data[i]];
    if (site) args.at = `${site.file}:${site.line}:${site.column}`;
    events.push({ name, cat: args.state as string, ph: 'X', ts: us(start), dur: dur(start, model.segmentEnd(i)), pid, tid: task, args });
    const waker = s.other.data[i];
    if (state === SegmentState.Ready && (waker >= 0 || wakerIsTurn(waker))) {
      const fromTid = waker >= 0 ? waker : tracks[model.turns.loop.data[wakerTurnIndex(waker)]].tid;
      arrows.add('wakes', 'wake', { pid, tid: fromTid, ms: start }, { pid, tid: task, ms: start });
    }
  }
}

/** Arrows between loops: a message's sender to the turn that received it, a starter to the loop it started. */
function loopArrows(model: TraceModel, tracks: LoopTrack[], arrows: Arrows): void {
  const senderTid = (task: number, loop: number): number => (task > 0 && model.tasks[task] ? task : tracks[loop].tid);
  for (const link of model.links) {
    if (link.fromLoop < 0 || link.toTurn < 0 || Number.isNaN(link.sent)) continue;
    const from = tracks[link.fromLoop];
    const to = tracks[link.toLoop];
    // Two processes' clocks can disagree by a millisecond or so, and Perfetto drops an arrow
    // that ends before it starts: it ends no earlier than the send, yet inside the turn.
    const at = clamp(Math.max(link.received, link.sent), model.turns.start.data[link.toTurn], model.turnEnd(link.toTurn));
    arrows.add('message', 'message', { pid: from.pid, tid: senderTid(link.fromTask, link.fromLoop), ms: link.sent }, { pid: to.pid, tid: to.tid, ms: at });
  }
  for (const loop of model.loops) {
    if (!loop.spawnedBy || loop.parent < 0 || loop.turns.length === 0) continue;
    const [parent, child] = [tracks[loop.parent], tracks[loop.index]];
    const first = loop.turns.data[0];
    const started = clamp(loop.spawnedBy.time, model.turns.start.data[first], model.turnEnd(first));
    arrows.add('spawns', 'spawn', { pid: parent.pid, tid: senderTid(loop.spawnedBy.task, loop.parent), ms: loop.spawnedBy.time }, { pid: child.pid, tid: child.tid, ms: started });
  }
}

export function toChromeTrace(model: TraceModel): ChromeTrace {
  const tracks = loopTracks(model);
  const events = [...metadataEvents(model, tracks), ...turnEvents(model, tracks)];
  const arrows = new Arrows(events);
  segmentEvents(model, tracks, events, arrows);
  loopArrows(model, tracks, arrows);
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    metadata: {
      source: 'coroutine-visualizer',
      cutShort: model.cutShort,
      dropped: model.dropped,
      end: model.end,
      loops: model.loops.map((loop, i) => ({ name: loop.name, pid: tracks[i].pid, tid: tracks[i].tid, cutShort: model.loopCutShort(i), end: loop.end })),
    },
  };
}
