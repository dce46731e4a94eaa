/**
 * TraceModel turns the event stream into what people look at: tasks with their lifetimes,
 * per-task segments (running / suspended / ready) and the loop's turns. It is incremental
 * (live sessions feed it frame by frame) and packed in typed arrays so a million events fit.
 */
import { Column } from './columns';
import {
  End,
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

export const SEGMENT_STATE_NAMES = ['running', 'suspended', 'ready', 'sampled'] as const;

/** Off the thread at a known await/yield: suspended, or ready to resume (not running, not sampled). */
export function isWaiting(state: number): boolean {
  return state === SegmentState.Suspended || state === SegmentState.Ready;
}

export type TaskOutcome = 'live' | 'completed' | 'failed';

export interface TaskInfo {
  id: number;
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

export class TraceModel {
  hello?: Hello;
  end?: End;
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
  };
  eventCount = 0;
  dropped = 0;
  /** Latest time seen. */
  timeEnd = 0;
  truncated = false;

  private openTurn = -1;
  private lastCompletion = { task: -1, time: -1, turn: -1 };

  /** True unless the program ran to its natural end: it threw, exited early, crashed or was killed. */
  get cutShort(): boolean {
    return !this.end || this.truncated || this.end.reason !== 'exit';
  }

  addFrames(frames: Iterable<Frame>): void {
    for (const frame of frames) this.addFrame(frame);
  }

  addFrame(frame: Frame): void {
    switch (frame.type) {
      case FrameType.Hello:
        this.hello = frame.hello;
        break;
      case FrameType.Sites:
        for (const site of frame.sites) this.sites.set(site.id, site);
        break;
      case FrameType.Strings:
        for (let i = 0; i < frame.strings.values.length; i++) this.strings[frame.strings.base + i] = frame.strings.values[i];
        break;
      case FrameType.Events:
        this.addBatch(frame.batch);
        break;
      case FrameType.End:
        this.end = frame.end;
        this.dropped = Math.max(this.dropped, frame.end.dropped);
        this.closeTurn(this.timeEnd);
        break;
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

  /** End time of a segment, using the trace end for segments still open. */
  segmentEnd(index: number): number {
    const end = this.segments.end.data[index];
    return Number.isNaN(end) ? this.timeEnd : end;
  }

  turnEnd(index: number): number {
    const end = this.turns.end.data[index];
    return Number.isNaN(end) ? this.timeEnd : end;
  }

  private addBatch(batch: EventBatch): void {
    for (let i = 0; i < batch.count; i++) {
      this.addEvent(batch.kind[i], batch.task[i], batch.time[i], batch.site[i], batch.arg[i], batch.arg2[i]);
    }
  }

  private addEvent(kind: number, taskId: number, time: number, site: number, arg: number, arg2: number): void {
    this.eventCount++;
    if (time > this.timeEnd) this.timeEnd = time;
    if (kind === EventKind.TurnBegin) {
      // The previous turn ended at its last event (extended as events came), not here.
      this.openTurn = this.pushTurn(time, arg, arg2);
      return;
    }
    if (kind === EventKind.TurnEnd) {
      this.closeTurn(time);
      return;
    }
    if (kind === EventKind.Dropped) {
      this.dropped += arg;
      return;
    }
    if (kind === EventKind.Microtasks) {
      if (this.openTurn >= 0) this.turns.microtasks.data[this.openTurn] = time;
      return;
    }
    // Anything that runs holds the thread: keep the open turn covering it.
    if (this.openTurn < 0) this.openTurn = this.pushTurn(time, TurnKind.Io, -1);
    else if (this.turns.end.data[this.openTurn] < time || Number.isNaN(this.turns.end.data[this.openTurn])) {
      this.turns.end.data[this.openTurn] = time;
    }
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
    return this.turns.label.push(label);
  }

  private closeTurn(time: number): void {
    if (this.openTurn < 0) return;
    const ends = this.turns.end.data;
    if (ends[this.openTurn] < time) ends[this.openTurn] = time;
    this.openTurn = -1;
  }

  private create(id: number, time: number, defSite: number, parent: number, callSite: number): void {
    const site = this.sites.get(defSite);
    const task: TaskInfo = {
      id,
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
    const turn = this.openTurn;
    const last = this.lastCompletion;
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
    this.lastCompletion = { task: id, time, turn: this.openTurn };
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
