/**
 * TraceModel turns the event stream into what people look at: tasks with their lifetimes,
 * per-task segments (running / suspended / ready) and the loop's turns. It is incremental
 * (live sessions feed it frame by frame) and packed in typed arrays so a million events fit.
 */
import { Column } from './columns';
import {
  End,
  loopKey,
  EventBatch,
  EventKind,
  Frame,
  FrameType,
  Hello,
  Site,
  SUMMARY_IN_ARG2,
  TaskKind,
  TurnKind,
  WaitKind,
} from './events';

export const enum SegmentState {
  /** On the thread. */
  Running = 0,
  /** Waiting for what it awaits. */
  Suspended = 1,
  /** What it awaited has settled; waiting for the thread (queued microtask). */
  Ready = 2,
  /**
   * Sampled recording left this stretch's waits out (EventKind.Thinned): the task ran and
   * waited in turns, not told apart. Neither running nor suspended time.
   */
  Sampled = 3,
}

// Named with the rest of the state vocabulary (states.ts); readers of the model (the Chrome export) find them here too.
export { SEGMENT_STATE_NAMES } from './states';

/** Off the thread at a known await/yield: suspended, or ready to resume (not running, not sampled). */
export function isWaiting(state: number): boolean {
  return state === SegmentState.Suspended || state === SegmentState.Ready;
}

export type TaskOutcome = 'live' | 'completed' | 'failed';

export interface TaskInfo {
  id: number;
  /** Index of the loop (thread or process) it ran on; see TraceModel.loops. */
  loop: number;
  name: string;
  kind: TaskKind;
  defSite: number;
  /** Site of the await/call that created it, or -1 when unknown. */
  callSite: number;
  parent: number;
  children: number[];
  created: number;
  /** Time it completed or failed; NaN while live. */
  ended: number;
  outcome: TaskOutcome;
  summary?: string;
  unhandled?: boolean;
  runningMs: number;
  suspendedMs: number;
  /** Sampled recording left most of its waits out from this time on (NaN: recorded in full). */
  sampledFrom: number;
  /** Index in the segment columns of its open segment, or -1. */
  openSegment: number;
  /** First segment of this task (segments of a task are found by walking `segments.task`). */
  firstSegment: number;
}

/** Who woke a task: another task (>= 0), a loop turn (encoded as -2 - turnIndex), or nobody known (-1). */
export function wakerIsTurn(waker: number): boolean {
  return waker <= -2;
}
export function wakerTurnIndex(waker: number): number {
  return -2 - waker;
}

/** One event loop of the recording: a process's main thread or a worker thread. */
export interface LoopInfo {
  index: number;
  hello?: Hello;
  end?: End;
  /** "main", "worker 2 (cpu-worker.js)", "process 4242 (child.js)". */
  name: string;
  /** "pid/threadId" (see loopKey). */
  key: string;
  /** The loop that started this one, or -1. */
  parent: number;
  /** Trace time of its first event (its Hello). */
  started: number;
  /** Time of its last event once its stream has ended (NaN while it runs): where its open slices stop. */
  ended: number;
  /** Added to the loop's own event times to put them on the trace's clock (the first loop's). */
  offset: number;
  /** Its turns, in time order (indexes into TraceModel.turns). */
  turns: Column<Int32Array>;
  /** Task that started it and when, when the parent recorded the start (EventKind.Spawn). */
  spawnedBy?: { task: number; time: number };
}

/** A message that went from one loop to another and was delivered in a turn of the receiver. */
export interface LoopLink {
  channel: string;
  fromLoop: number;
  /** Task that posted it, or -1. */
  fromTask: number;
  sent: number;
  toLoop: number;
  /** The receiving turn, or -1 while only the send is known. */
  toTurn: number;
  received: number;
}

/** Per-loop decoding state: ids in a loop's stream are that loop's own. */
interface LoopState {
  /** Time of the loop's last event: where its open turn ends when its stream does. */
  lastTime: number;
  tasks: number[];
  sites: Map<number, number>;
  strings: number[];
  openTurn: number;
  lastCompletion: { task: number; time: number; turn: number };
}

/** Site ids of loops after the first are renumbered from here (the first keeps its own). */
const FOREIGN_SITE_BASE = 1 << 30;

export class TraceModel {
  /** The first loop's Hello and End (the program that was started). */
  get hello(): Hello | undefined {
    return this.loops[0]?.hello;
  }
  get end(): End | undefined {
    return this.loops[0]?.end;
  }
  readonly loops: LoopInfo[] = [];
  readonly links: LoopLink[] = [];
  readonly sites = new Map<number, Site>();
  readonly strings: string[] = [];
  /** Indexed by task id (ids are dense); holes are tasks whose creation was dropped. */
  readonly tasks: TaskInfo[] = [];
  readonly segments = {
    task: new Column(Int32Array),
    start: new Column(Float64Array),
    end: new Column(Float64Array),
    state: new Column(Uint8Array),
    /** Await/yield site for suspended/ready segments, -1 otherwise. */
    site: new Column(Int32Array),
    wait: new Column(Uint8Array),
    /** Awaited task (Suspended) or waker (Ready); see wakerIsTurn. */
    other: new Column(Int32Array),
  };
  readonly turns = {
    start: new Column(Float64Array),
    end: new Column(Float64Array),
    kind: new Column(Uint8Array),
    label: new Column(Int32Array),
    /** When the turn's ticks and microtask checkpoint began; NaN where the recorder could not tell. */
    microtasks: new Column(Float64Array),
    loop: new Column(Int32Array),
  };
  eventCount = 0;
  dropped = 0;
  /** Latest time seen. */
  timeEnd = 0;
  truncated = false;

  private readonly states: LoopState[] = [];
  private nextSite = FOREIGN_SITE_BASE;
  private nextTask = 1;
  /** Sends and receives waiting for their other half, by "channel#sequence". */
  private readonly pendingLinks = new Map<string, LoopLink>();
  /** Spawn events whose loop has not appeared yet, by loop key. */
  private readonly pendingSpawns = new Map<string, { loop: number; task: number; time: number }>();
  /** Events each loop's recorder dropped (its End frame's count, or the Dropped events seen). */
  private readonly dropByLoop: number[] = [];
  /** Loop the event being added belongs to (and its state): set per frame. */
  private loop!: LoopInfo;
  private state!: LoopState;

  /** True unless the program ran to its natural end: it threw, exited early, crashed or was killed. */
  get cutShort(): boolean {
    return !this.end || this.truncated || this.end.reason !== 'exit';
  }

  /** A loop that ended other than by running dry (crashed, killed, exited early), or never said. */
  loopCutShort(loop: number): boolean {
    const end = this.loops[loop]?.end;
    return !end || this.truncated || end.reason !== 'exit';
  }

  addFrames(frames: Iterable<Frame>): void {
    for (const frame of frames) this.addFrame(frame);
  }

  addFrame(frame: Frame): void {
    this.enterLoop(frame.loop ?? 0);
    const loop = this.loop;
    const state = this.state;
    switch (frame.type) {
      case FrameType.Hello:
        this.startLoop(frame.hello);
        break;
      case FrameType.Sites:
        for (const site of frame.sites) {
          const id = loop.index === 0 ? site.id : this.nextSite++;
          state.sites.set(site.id, id);
          this.sites.set(id, { ...site, id, ...(site.fn !== undefined ? { fn: state.sites.get(site.fn) ?? site.fn } : {}) });
        }
        break;
      case FrameType.Strings:
        for (let i = 0; i < frame.strings.values.length; i++) state.strings[frame.strings.base + i] = this.strings.push(frame.strings.values[i]) - 1;
        break;
      case FrameType.Events:
        this.addBatch(frame.batch);
        break;
      case FrameType.End:
        loop.end = frame.end;
        this.dropByLoop[loop.index] = Math.max(this.dropByLoop[loop.index] ?? 0, frame.end.dropped);
        this.dropped = this.dropByLoop.reduce((sum, n) => sum + (n ?? 0), 0);
        this.closeTurn(state.lastTime);
        loop.ended = state.lastTime;
        break;
    }
  }

  private enterLoop(index: number): void {
    if (this.loop?.index === index) return;
    while (this.loops.length <= index) {
      const i = this.loops.length;
      this.loops.push({ index: i, name: i === 0 ? 'main' : `loop ${i}`, key: '', parent: -1, started: 0, ended: Number.NaN, offset: 0, turns: new Column(Int32Array, 64) });
      this.states.push({ lastTime: 0, tasks: [], sites: new Map(), strings: [], openTurn: -1, lastCompletion: { task: -1, time: -1, turn: -1 } });
    }
    this.loop = this.loops[index];
    this.state = this.states[index];
  }

  private startLoop(hello: Hello): void {
    const loop = this.loop;
    loop.hello = hello;
    const first = this.loops[0].hello;
    // One machine's monotonic clock is shared by its processes; wall clocks are read to the ms.
    const monotonic = hello.monotonicMs !== undefined && first?.monotonicMs !== undefined;
    loop.offset = loop.index === 0 || !first ? 0 : monotonic ? hello.monotonicMs! - first.monotonicMs! : hello.startEpochMs - first.startEpochMs;
    loop.started = loop.offset;
    const threadId = hello.threadId ?? 0;
    loop.key = loopKey(hello.pid, threadId);
    loop.name = hello.name ?? (loop.index === 0 ? 'main' : threadId ? `worker ${threadId}` : `process ${hello.pid}`);
    const parentKey = threadId ? loopKey(hello.pid, hello.parentThreadId ?? 0) : hello.ppid !== undefined ? loopKey(hello.ppid, 0) : '';
    loop.parent = this.loops.findIndex((other) => other !== loop && other.key === parentKey);
    const spawn = this.pendingSpawns.get(loop.key);
    if (spawn) {
      this.pendingSpawns.delete(loop.key);
      loop.parent = spawn.loop;
      loop.spawnedBy = { task: spawn.task, time: spawn.time };
    }
  }


  string(id: number): string | undefined {
    return id >= 0 ? this.strings[id] : undefined;
  }

  get segmentCount(): number {
    return this.segments.task.length;
  }

  get turnCount(): number {
    return this.turns.start.length;
  }

  /**
   * End time of a segment. One still open ends where its loop's stream ended (a killed child's
   * task does not run on after it), or at the trace's end while its loop runs.
   */
  segmentEnd(index: number): number {
    const end = this.segments.end.data[index];
    if (!Number.isNaN(end)) return end;
    const ended = this.loops[this.tasks[this.segments.task.data[index]]?.loop ?? 0]?.ended;
    return ended === undefined || Number.isNaN(ended) ? this.timeEnd : Math.max(ended, this.segments.start.data[index]);
  }

  turnEnd(index: number): number {
    const end = this.turns.end.data[index];
    return Number.isNaN(end) ? this.timeEnd : end;
  }

  private addBatch(batch: EventBatch): void {
    const offset = this.loop.offset;
    for (let i = 0; i < batch.count; i++) {
      this.addEvent(batch.kind[i], batch.task[i], batch.time[i] + offset, batch.site[i], batch.arg[i], batch.arg2[i]);
    }
  }

  /** The trace-wide id of a task id of the current loop's stream (-1 stays -1). */
  private taskId(local: number): number {
    if (local < 0) return local;
    // 0 is "no task" in a recorder's stream (its ids start at 1), unless a stream created one.
    return this.state.tasks[local] ?? (local === 0 ? 0 : -1);
  }

  private siteId(local: number): number {
    if (local < 0 || this.loop.index === 0) return local;
    return this.state.sites.get(local) ?? -1;
  }

  private stringId(local: number): number {
    return local >= 0 ? (this.state.strings[local] ?? -1) : local;
  }

  private addEvent(kind: number, localTask: number, time: number, localSite: number, arg: number, arg2: number): void {
    this.eventCount++;
    if (time > this.timeEnd) this.timeEnd = time;
    const state = this.state;
    if (time > state.lastTime) state.lastTime = time;
    if (kind === EventKind.TurnBegin) {
      // The previous turn ended at its last event (extended as events came), not here.
      state.openTurn = this.pushTurn(time, arg, this.stringId(arg2));
      return;
    }
    if (kind === EventKind.Send || kind === EventKind.Receive || kind === EventKind.Spawn) {
      this.addLink(kind, this.taskId(localTask), time, this.string(this.stringId(arg)) ?? '', arg2);
      if (kind === EventKind.Spawn) return;
    }
    const site = this.siteId(localSite);
    let taskId: number;
    if (kind === EventKind.TaskCreate) {
      taskId = this.nextTask++;
      state.tasks[localTask] = taskId;
      arg = this.taskId(arg);
      arg2 = this.siteId(arg2);
    } else {
      taskId = this.taskId(localTask);
      if (kind === EventKind.Suspend && arg === WaitKind.Task) arg2 = this.taskId(arg2);
      else if (kind === EventKind.Complete && arg !== SUMMARY_IN_ARG2) arg = this.stringId(arg);
      else if (kind === EventKind.Fail) arg = this.stringId(arg);
    }
    if (kind === EventKind.TurnEnd) {
      this.closeTurn(time);
      return;
    }
    if (kind === EventKind.Dropped) {
      this.dropByLoop[this.loop.index] = (this.dropByLoop[this.loop.index] ?? 0) + arg;
      this.dropped += arg;
      return;
    }
    if (kind === EventKind.Microtasks) {
      if (state.openTurn >= 0) this.turns.microtasks.data[state.openTurn] = time;
      return;
    }
    // Anything that runs holds the thread: keep the open turn covering it.
    if (state.openTurn < 0) state.openTurn = this.pushTurn(time, TurnKind.Io, -1);
    else if (this.turns.end.data[state.openTurn] < time || Number.isNaN(this.turns.end.data[state.openTurn])) {
      this.turns.end.data[state.openTurn] = time;
    }
    if (kind === EventKind.Receive) this.linkReceived(state.openTurn);
    switch (kind) {
      case EventKind.TaskCreate:
        this.create(taskId, time, site, arg, arg2);
        break;
      case EventKind.Resume:
        this.resume(taskId, time);
        break;
      case EventKind.Suspend:
        this.suspend(taskId, time, site, arg, arg2);
        break;
      case EventKind.Complete:
      case EventKind.Fail:
        this.finish(taskId, time, kind === EventKind.Fail, arg === SUMMARY_IN_ARG2 ? String(arg2) : this.string(arg));
        break;
      case EventKind.Thinned:
        this.thin(taskId, time);
        break;
      case EventKind.Unhandled: {
        const task = this.tasks[taskId];
        if (task) task.unhandled = true;
        break;
      }
    }
  }

  private pushTurn(time: number, kind: number, label: number): number {
    this.turns.start.push(time);
    this.turns.end.push(time);
    this.turns.kind.push(kind);
    this.turns.microtasks.push(Number.NaN);
    this.turns.loop.push(this.loop.index);
    const index = this.turns.label.push(label);
    this.loop.turns.push(index);
    return index;
  }

  private closeTurn(time: number): void {
    const state = this.state;
    if (state.openTurn < 0) return;
    const ends = this.turns.end.data;
    if (ends[state.openTurn] < time) ends[state.openTurn] = time;
    state.openTurn = -1;
  }

  /** The last receive seen, to be tied to its turn once the turn is known (addEvent). */
  private receiving: LoopLink | undefined;

  private addLink(kind: number, task: number, time: number, channel: string, sequence: number): void {
    const loop = this.loop.index;
    if (kind === EventKind.Spawn) {
      const child = this.loops.find((other) => other.key === channel && !other.spawnedBy);
      if (child) {
        child.parent = loop;
        child.spawnedBy = { task, time };
      } else this.pendingSpawns.set(channel, { loop, task, time });
      return;
    }
    const key = `${channel}#${sequence}`;
    let link = this.pendingLinks.get(key);
    if (!link) {
      link = { channel, fromLoop: -1, fromTask: -1, sent: Number.NaN, toLoop: -1, toTurn: -1, received: Number.NaN };
      this.pendingLinks.set(key, link);
    }
    if (kind === EventKind.Send) {
      link.fromLoop = loop;
      link.fromTask = task;
      link.sent = time;
    } else {
      link.toLoop = loop;
      link.received = time;
      this.receiving = link;
    }
    if (link.fromLoop >= 0 && link.toLoop >= 0) {
      this.pendingLinks.delete(key);
      this.links.push(link);
    }
  }

  private linkReceived(turn: number): void {
    if (this.receiving) this.receiving.toTurn = turn;
    this.receiving = undefined;
  }

  private create(id: number, time: number, defSite: number, parent: number, callSite: number): void {
    const site = this.sites.get(defSite);
    const task: TaskInfo = {
      id,
      loop: this.loop.index,
      name: site?.name ?? `task ${id}`,
      kind: (site?.kind as TaskKind) ?? 'async',
      defSite,
      callSite,
      parent,
      children: [],
      created: time,
      ended: Number.NaN,
      outcome: 'live',
      runningMs: 0,
      suspendedMs: 0,
      sampledFrom: Number.NaN,
      openSegment: -1,
      firstSegment: -1,
    };
    this.tasks[id] = task;
    this.tasks[parent]?.children.push(id);
    this.openSegment(task, SegmentState.Running, time, -1, 0, -1);
  }

  private resume(id: number, time: number): void {
    const task = this.tasks[id];
    if (!task) return;
    const open = task.openSegment;
    const openState = open >= 0 ? this.segments.state.data[open] : -1;
    if (openState === SegmentState.Running || openState === SegmentState.Sampled) return;
    if (open >= 0) {
      const suspendedAt = this.segments.start.data[open];
      const awaited = this.segments.other.data[open];
      const { waker, readyFrom } = this.findWaker(suspendedAt, time, awaited);
      if (readyFrom > suspendedAt && readyFrom < time) {
        this.closeSegment(task, readyFrom);
        this.openSegment(task, SegmentState.Ready, readyFrom, this.segments.site.data[open], this.segments.wait.data[open], waker);
      } else {
        this.segments.other.data[open] = waker >= 0 || wakerIsTurn(waker) ? waker : awaited;
      }
      this.closeSegment(task, time);
    }
    // A sampled task's slice runs on into waits that were not recorded.
    this.openSegment(task, Number.isNaN(task.sampledFrom) ? SegmentState.Running : SegmentState.Sampled, time, -1, 0, -1);
  }

  private thin(id: number, time: number): void {
    const task = this.tasks[id];
    if (!task || !Number.isNaN(task.sampledFrom)) return;
    task.sampledFrom = time;
    this.closeSegment(task, time);
    this.openSegment(task, SegmentState.Sampled, time, -1, 0, -1);
  }

  /**
   * Who woke a task that suspended at `suspendedAt` and resumed at `now`: the task it awaited if
   * that one ended in between; else the last task that ended in this turn after the suspension
   * (the chain of completions inside one microtask checkpoint); else the macrotask of this turn
   * if the turn began after the suspension; else nobody (a plain microtask hop).
   */
  private findWaker(suspendedAt: number, now: number, awaited: number): { waker: number; readyFrom: number } {
    const awaitedTask = awaited >= 0 ? this.tasks[awaited] : undefined;
    if (awaitedTask && awaitedTask.ended >= suspendedAt && awaitedTask.ended <= now) {
      return { waker: awaited, readyFrom: awaitedTask.ended };
    }
    const turn = this.state.openTurn;
    const last = this.state.lastCompletion;
    if (last.turn === turn && last.time >= suspendedAt) return { waker: last.task, readyFrom: last.time };
    if (turn >= 0 && this.turns.start.data[turn] > suspendedAt) {
      return { waker: -2 - turn, readyFrom: this.turns.start.data[turn] };
    }
    return { waker: -1, readyFrom: suspendedAt };
  }

  private suspend(id: number, time: number, site: number, wait: number, awaited: number): void {
    const task = this.tasks[id];
    if (!task) return;
    this.closeSegment(task, time);
    this.openSegment(task, SegmentState.Suspended, time, site, wait, wait === WaitKind.Task ? awaited : -1);
  }

  private finish(id: number, time: number, failed: boolean, summary: string | undefined): void {
    const task = this.tasks[id];
    if (!task) return;
    this.closeSegment(task, time);
    task.ended = time;
    task.outcome = failed ? 'failed' : 'completed';
    task.summary = summary;
    this.state.lastCompletion = { task: id, time, turn: this.state.openTurn };
  }

  private openSegment(task: TaskInfo, state: SegmentState, time: number, site: number, wait: number, other: number): void {
    const s = this.segments;
    s.task.push(task.id);
    s.start.push(time);
    s.end.push(Number.NaN);
    s.state.push(state);
    s.site.push(site);
    s.wait.push(wait);
    task.openSegment = s.other.push(other);
    if (task.firstSegment < 0) task.firstSegment = task.openSegment;
  }

  private closeSegment(task: TaskInfo, time: number): void {
    const index = task.openSegment;
    if (index < 0) return;
    const s = this.segments;
    s.end.data[index] = time;
    const duration = time - s.start.data[index];
    const state = s.state.data[index];
    if (state === SegmentState.Running) task.runningMs += duration;
    else if (state !== SegmentState.Sampled) task.suspendedMs += duration;
    task.openSegment = -1;
  }
}

/** Builds a model from decoded frames in one go. */
export function buildModel(frames: Iterable<Frame>, truncated = false): TraceModel {
  const model = new TraceModel();
  model.addFrames(frames);
  model.truncated = truncated;
  return model;
}
