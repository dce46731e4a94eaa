/**
 * The recorder behind the probes that instrument.ts places in user code. Hot paths write into
 * preallocated typed arrays; the clock is read once per running slice (at its end), and a
 * resume takes the time of the last clocked event, which is the end of the previous slice in
 * the same microtask checkpoint (see docs/protocol.md "Clock").
 */
import { EventKind, SUMMARY_IN_ARG2, TurnKind, WaitKind, type End, type Hello, type SampleOptions, type Site } from '../protocol/events';
import { SITE_KIND_CODES, type SiteTuple } from './instrument';
import type { Probes } from './probes';
import type { Sink } from './sink';
import { types } from 'node:util';
import { inMicrotask, runningTurnKind } from './turnKind';
import { looksThenable, summarizeError } from './summary';
import { CallSiteSampler, siteSlot } from './callSites';
import { StringTable } from './stringTable';
import { TraceWriter } from './traceWriter';

const { isPromise } = types;

const enum TaskState {
  None = 0,
  Running = 1,
  Suspended = 2,
  Done = 3,
  Failed = 4,
  /** Suspended at a wait that sampling left out (see thin()): resumes without an event. */
  Thinned = 5,
}

export interface RecorderOptions {
  /**
   * Where frames go; a function is called when the first instrumented file runs and may
   * decline (another process owns the trace): nothing is recorded before or after that.
   */
  sink: Sink | (() => Sink | undefined);
  /** Events per batch before a synchronous flush. */
  batchSize: number;
  /** Flush at least this often (ms) while probes run, so a killed program loses little. */
  flushEveryMs: number;
  /** Stop recording (and count drops) once this many bytes were written. */
  maxBytes: number;
  now: () => number;
  /** Record only some instances of each coroutine function, and some waits of each task. */
  sample?: SampleOptions;
  /**
   * Read the clock at every resume too, so that a slice's start is exact even after code without
   * probes ran (for findings that blame a slice; one more clock read per resume).
   */
  clockResumes?: boolean;
  /** The real setImmediate, taken before user code could replace it. */
  setImmediate: (callback: () => void) => unknown;
  /** The real queueMicrotask, likewise. */
  queueMicrotask: (callback: () => void) => void;
  /** Calls back once after `ms`, outside the program's timers and without keeping it alive (quietInterval.ts). */
  later?: (ms: number, callback: () => void) => void;
}

/** Task id of an instance sampling left out; never a real id (those start at 1). */
const UNSAMPLED = 0;
/** Tasks running inside one another at most (deeper ones are not tracked as parents). */
const STACK_DEPTH = 4096;
/** See endTurn(). */
const TURN_FLUSH_MS = 10;

/** Promise tags: >= 0 a task id; < 0 the negated WaitKind of what produced it. */
export const promiseTags = new WeakMap<object, number>();

export class Recorder implements Probes {
  private readonly batch: number;
  private readonly time: Float64Array;
  private readonly task: Int32Array;
  private readonly site: Int32Array;
  private readonly arg: Int32Array;
  private readonly arg2: Int32Array;
  private readonly kind: Uint8Array;
  private n = 0;

  // -0, not 0: these hold clock readings, which are doubles. V8 stores a 0 as a small integer
  // and the first reading would change the recorder's hidden class, throwing away every probe
  // (and user function with probes inlined) optimized by then.
  private lastTime = -0;
  private readonly clockResumes: boolean;
  /** Clock reading at trace time 0. */
  readonly origin: number;
  private lastFlush = -0;
  private readonly writer: TraceWriter;
  readonly strings = new StringTable();

  /**
   * The id the next task will get. Instrumented code reads it just before the call of an
   * `await call()` or a kept call (`__covis.nextTask`), then hands it to ac()/tc(): read, not
   * returned by a method, since that call on every such await showed in a program's first run.
   * Read before the call, not stored, since the call may itself run `await call()`s.
   */
  nextTask = 1;
  private readonly sampleFirst: number;
  private readonly sampleEvery: number;
  private readonly sampleMaxEvery: number;
  private readonly sampleStep: number;
  /** Instances recorded per definition site (same slots as the call-site sampler). */
  private readonly instances = new Uint32Array(1 << 17);
  /** Per definition site, one instance recorded in this many past the first; 0 until then. */
  private readonly instanceEvery = new Uint32Array(1 << 17);
  /**
   * Instances still to leave out before the next recorded one, per definition site. Countdowns
   * rather than `seen % every`: an integer division on every call was a visible share of the
   * sampled cost.
   */
  private readonly instanceSkip = new Uint32Array(1 << 17);
  /**
   * Ids of tasks that finished after the byte budget was spent, handed out again by enter().
   * Past `maxBytes` no event is ever written again, so an id no longer has to name one task in
   * the trace; without reuse the per-task arrays (6 bytes a task, copied on each doubling) grew
   * with every task the program ever created, and a flood already being dropped grew memory
   * without bound. With reuse they stay as large as the most tasks alive at once.
   */
  private readonly freeIds: number[] = [];
  private state = new Uint8Array(1 << 16);
  private parentOf = new Int32Array(1 << 16);
  private waitOf = new Uint8Array(1 << 16);
  /** Waits per task recorded so far (sampled recording only): see thin(). */
  private waits = new Uint32Array(1 << 16);
  /** Per task, one wait recorded in this many; 0 until its first wait is left out. */
  private waitEvery = new Uint32Array(1 << 16);
  /** Per task, waits still to leave out before the next recorded one. */
  private waitSkip = new Uint32Array(1 << 16);
  private readonly stack = new Int32Array(STACK_DEPTH);
  private depth = 0;
  private lastReturnTask = -1;
  private lastReturnValue: unknown;
  private undefinedSummary = -1;

  private readonly newSites: Site[] = [];
  readonly callSites = new CallSiteSampler(16, (site) => this.newSites.push(site), Recorder.prototype.enter);
  private readonly errorTask = new WeakMap<object, number>();

  private turnOpen = false;
  private turnMarker = 0;
  private markedTurn = 0;
  private readonly markMicrotasks = (): void => {
    if (!this.turnOpen || this.markedTurn === this.turnMarker) return;
    this.markedTurn = this.turnMarker;
    this.record(EventKind.Microtasks, -1, -1, 0, -1, this.clock());
  };
  private scriptTurnPending = true;
  private closerPending = false;
  private trailingFlushArmed = false;
  private readonly trailingFlush = (): void => {
    this.trailingFlushArmed = false;
    if (this.n > 0) this.flush();
  };
  /** The open turn is the script's: its end is written (a script may end with no event of its own). */
  private scriptTurn = false;
  private readonly closeTurnCallback = (): void => {
    this.closerPending = false;
    if (!this.turnOpen) return;
    if (this.scriptTurn) this.record(EventKind.TurnEnd, -1, -1, 0, -1, this.clock());
    this.endTurn();
  };

  constructor(private readonly options: RecorderOptions) {
    this.batch = options.batchSize;
    this.time = new Float64Array(this.batch);
    this.task = new Int32Array(this.batch);
    this.site = new Int32Array(this.batch);
    this.arg = new Int32Array(this.batch);
    this.arg2 = new Int32Array(this.batch);
    this.kind = new Uint8Array(this.batch);
    this.origin = options.now();
    this.clockResumes = options.clockResumes === true;
    this.sampleFirst = options.sample?.first ?? 0;
    this.sampleEvery = options.sample?.every ?? 1;
    this.sampleMaxEvery = Math.max(this.sampleEvery, options.sample?.maxEvery ?? 0);
    this.sampleStep = Math.max(1, options.sample?.step ?? this.sampleFirst);
    this.writer = new TraceWriter(options.sink, options.maxBytes);
    this.undefinedSummary = this.strings.intern('undefined');
  }

  start(hello: Omit<Hello, 'protocol' | 'clock'>): void {
    this.writer.start(hello, this.clockResumes ? 'per-event' : 'per-slice');
  }

  // ---- probes called from instrumented code (names kept short: they appear in user code) ----

  /** Registers the sites of one instrumented file (first statement of the file). */
  sites(file: string, tuples: SiteTuple[]): void {
    this.writer.claim();
    if (this.scriptTurnPending) {
      // The first instrumented file to run is part of evaluating the entry script.
      this.scriptTurnPending = false;
      if (!this.turnOpen) {
        this.openTurn(TurnKind.Script, this.strings.intern('main script'));
        this.scriptTurn = true;
      }
    }
    for (const [id, kind, name, line, column, fn] of tuples) {
      const site: Site = { id, kind: SITE_KIND_CODES[kind], name, file, line, column };
      if (fn >= 0) site.fn = fn;
      this.newSites.push(site);
    }
  }

  /**
   * A coroutine body starts: a new task, child of whatever runs now. Returns 0 for an instance
   * left out by sampling: every probe then returns at once (UNSAMPLED).
   */
  enter(site: number): number {
    // The probes handle the common case of sampled recording themselves, in a few operations:
    // an instance or a wait left out, told by a countdown (zero while everything is recorded).
    // Everything else is in methods of its own. V8 inlines the probes into the user's functions,
    // and a small probe keeps those quick to optimize: until they are, a program runs slowly,
    // and one that runs once spends much of its time in that phase.
    if (this.sampleEvery > 1) {
      const slot = siteSlot(site);
      const skip = this.instanceSkip[slot];
      if (skip > 0) {
        this.instanceSkip[slot] = skip - 1;
        return UNSAMPLED;
      }
    }
    return this.createTask(site);
  }

  /** A recorded instance of the coroutine at `site` starts. */
  private createTask(site: number): number {
    if (this.sampleEvery > 1) {
      const slot = siteSlot(site);
      const seen = this.instances[slot];
      if (seen < this.sampleFirst) this.instances[slot] = seen + 1;
      else this.instanceSkip[slot] = this.sampleTaken(this.instances, this.instanceEvery, slot) - 1;
    }
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.nextTask++;
    if (id >= this.state.length) this.growTasks();
    const parent = this.depth > 0 ? this.stack[this.depth - 1] : 0;
    this.parentOf[id] = parent;
    this.state[id] = TaskState.Running;
    this.waits[id] = 0;
    this.waitSkip[id] = 0;
    this.waitEvery[id] = 0;
    this.push(id);
    this.record(EventKind.TaskCreate, id, site, parent, this.callSites.sample(site), this.clock());
    return id;
  }

  /** `await v`: the task suspends on v; v is returned untouched. */
  aw<T>(task: number, site: number, value: T): T {
    if (task === UNSAMPLED) return value;
    const skip = this.waitSkip[task];
    if (skip > 0) this.leaveThinned(task, skip);
    else if (!(this.sampleEvery > 1 && this.thin(task))) this.suspend(task, site, value, -1);
    return value;
  }

  /** `await call()`: like aw, and ties the awaited promise to the task the call created. */
  ac<T>(task: number, site: number, candidate: number, value: T): T {
    if (task === UNSAMPLED) return value;
    const skip = this.waitSkip[task];
    if (skip > 0) this.leaveThinned(task, skip);
    else if (!(this.sampleEvery > 1 && this.thin(task))) this.suspendOnCall(task, site, candidate, value);
    return value;
  }

  private suspendOnCall(task: number, site: number, candidate: number, value: unknown): void {
    let awaited = -1;
    // No promiseTags entry: the promise of `await f()` is held by nobody else, and a WeakMap
    // entry per call was a fifth of the producer-consumer workload's recording cost (GC included).
    if (candidate > 0 && candidate < this.nextTask && this.parentOf[candidate] === task && this.onlyChildSince(task, candidate)) awaited = candidate;
    this.suspend(task, site, value, awaited);
  }

  /**
   * `const t = f()` (and `x = f()`, `[f(), g()]`): if the call created a task, the value kept is
   * that task's promise; a later `await t` then knows which task it waits on.
   */
  tc<T>(candidate: number, value: T): T {
    if (candidate < this.nextTask && typeof value === 'object' && value !== null) this.tagKept(candidate, value);
    return value;
  }

  private tagKept(candidate: number, value: object): void {
    const running = this.depth > 0 ? this.stack[this.depth - 1] : 0;
    if (this.parentOf[candidate] === running && this.onlyChildSince(running, candidate)) promiseTags.set(value, candidate);
  }

  /** After an await/yield: the task runs again. */
  rs<T>(task: number, value?: T): T {
    this.wake(task);
    return value as T;
  }

  /** `yield v` in a generator: suspends until the driver calls next(). */
  yd<T>(task: number, site: number, value: T): T {
    if (task === UNSAMPLED) return value;
    const skip = this.waitSkip[task];
    if (skip > 0) this.leaveThinned(task, skip);
    else if (!(this.sampleEvery > 1 && this.thin(task))) this.suspendAt(task, site, WaitKind.Yield);
    return value;
  }

  /** Suspended at a yield or for-await (waits on nothing the recorder can name). */
  private suspendAt(task: number, site: number, wait: WaitKind): void {
    this.leaveRunning(task);
    this.state[task] = TaskState.Suspended;
    this.record(EventKind.Suspend, task, site, wait, -1, this.clock());
  }

  /** for-await: suspends on the iterator's next value; returns the iterable untouched. */
  fa<T>(task: number, site: number, iterable?: T): T {
    if (task === UNSAMPLED) return iterable as T;
    this.wake(task);
    const skip = this.waitSkip[task];
    if (skip > 0) this.leaveThinned(task, skip);
    else if (!(this.sampleEvery > 1 && this.thin(task))) this.suspendAt(task, site, WaitKind.ForAwait);
    return iterable as T;
  }

  /** `return v`: remembers a summary of v for the completion event. */
  rv<T>(task: number, value: T): T {
    this.lastReturnTask = task;
    this.lastReturnValue = value;
    return value;
  }

  /**
   * `return v` of an async function with no code of its own left to run after it (no `finally`
   * wrapper, see wrapBody in instrument.ts): the task completes with v; v is returned untouched.
   */
  rd<T>(task: number, value?: T): T {
    if (task !== UNSAMPLED) this.complete(task, value);
    return value as T;
  }

  /** An exception leaves the body; returns it so the probe can rethrow the very same value. */
  fail(task: number, error: unknown): unknown {
    if (task === UNSAMPLED) return error;
    this.wake(task);
    this.leaveRunning(task);
    this.state[task] = TaskState.Failed;
    if (typeof error === 'object' && error !== null) this.errorTask.set(error, task);
    this.record(EventKind.Fail, task, -1, this.strings.intern(summarizeError(error)), -1, this.clock());
    // Here, not in done(): an async function that completes at its return has no finally.
    this.release(task);
    return error;
  }

  /**
   * The body finished: from the `finally` around it, or after it for a function that completes
   * at its return (rd). Completed, unless fail() already said otherwise.
   */
  done(task: number): void {
    if (task === UNSAMPLED) return;
    let value: unknown;
    // The value `return __covis.rv(t, v)` kept for this task, if its return ran.
    if (this.lastReturnTask === task) {
      value = this.lastReturnValue;
      this.lastReturnValue = undefined;
    }
    this.complete(task, value);
  }

  /** The task completed with `value` (a no-op if it already failed or completed). */
  private complete(task: number, value: unknown): void {
    const state = this.state[task];
    if (state === TaskState.Failed || state === TaskState.Done) return;
    this.wake(task);
    this.leaveRunning(task);
    this.state[task] = TaskState.Done;
    let summary = this.undefinedSummary;
    let int = -1;
    if (typeof value === 'number' && (value | 0) === value) {
      summary = SUMMARY_IN_ARG2;
      int = value;
    } else if (value !== undefined) summary = this.strings.summary(value);
    this.record(EventKind.Complete, task, -1, summary, int, this.clock());
    this.release(task);
  }

  /** A finished task's id becomes reusable once nothing more will be written (see freeIds). */
  private release(task: number): void {
    if (this.writer.overBudget && task > 0) this.freeIds.push(task);
  }

  // ---- the loop ----

  /**
   * A macrotask whose kind we know (a timer or immediate callback) takes the thread. With
   * `callerMarksEnd` the caller reports the callback's return itself (callbackReturned).
   */
  beginTurn(kind: TurnKind, label: number, callerMarksEnd = false): void {
    if (this.turnOpen) this.endTurn();
    this.openTurn(kind, label, false, callerMarksEnd);
  }

  /** The macrotask callback returned: its ticks and microtask checkpoint start now. */
  callbackReturned(): void {
    if (this.turnOpen) this.record(EventKind.Microtasks, -1, -1, 0, -1, this.lastTime);
  }


  /** `seenLate`: opened by the first probe of a turn we did not see begin. */
  private openTurn(kind: TurnKind, label: number, seenLate = false, callerMarksEnd = false): void {
    this.turnOpen = true;
    this.scriptTurn = false;
    this.record(EventKind.TurnBegin, -1, -1, kind, label, this.clock());
    if (seenLate) {
      // Seen first from a microtask (no async resource running): the checkpoint is under way.
      if (inMicrotask()) this.record(EventKind.Microtasks, -1, -1, 0, -1, this.lastTime);
    } else if (!callerMarksEnd) {
      // Queued before anything the callback queues, this microtask runs first in the
      // checkpoint that follows the callback: it marks where the callback ended.
      this.turnMarker++;
      this.options.queueMicrotask(this.markMicrotasks);
    }
    if (!this.closerPending) {
      // A ref'd immediate: it runs after this turn's microtasks and keeps poll from blocking,
      // so an idle wait never counts as busy time.
      this.closerPending = true;
      this.options.setImmediate(this.closeTurnCallback);
    }
  }


  /** No TurnEnd event: a turn ends at its last event, which readers derive (docs/protocol.md). */
  private endTurn(): void {
    this.turnOpen = false;
    // A program killed by a signal (SIGKILL, or SIGTERM/SIGINT without a handler) runs no exit
    // hook, so what sits in the batch is lost. The end of a turn is where it would leave off:
    // write the finished turns out if the last write is more than TURN_FLUSH_MS old, so a kill
    // loses at most that much plus the turn it interrupts, not the whole 100 ms flush interval
    // (the SIGTERM/SIGINT tests lost every task of a short program this way). At most 100
    // writes a second. Turns that end sooner are written TURN_FLUSH_MS later, even if no turn
    // follows: a process its parent kills once it goes quiet (a test runner's worker) loses none.
    if (this.lastTime - this.lastFlush > TURN_FLUSH_MS) this.flush();
    else if (!this.trailingFlushArmed && this.n > 0 && this.options.later) {
      this.trailingFlushArmed = true;
      this.options.later(TURN_FLUSH_MS, this.trailingFlush);
    }
  }

  // ---- internals ----

  private clock(): number {
    const t = this.options.now() - this.origin;
    this.lastTime = t;
    return t;
  }

  /**
   * Sampled recording, for tasks that live long: after a task's first `sampleFirst` waits, one
   * in `sampleEvery` (growing, see sampleTaken) is recorded and the others cost no clock read
   * and no event. The first wait left out writes a Thinned event: from there readers show the
   * task as "sampled" (its running and waiting not told apart) except at the waits that were
   * recorded. Without this a producer and a consumer recorded in full cost two clock reads per
   * item, 1.4x on their own.
   */
  private thin(task: number): boolean {
    const n = this.waits[task];
    if (n < this.sampleFirst) {
      this.waits[task] = n + 1;
      return false;
    }
    if (this.waitEvery[task] === 0) {
      // The first wait left out: detail stops here.
      this.waitEvery[task] = this.sampleEvery;
      this.waitSkip[task] = this.sampleEvery - 2;
      this.record(EventKind.Thinned, task, -1, 0, -1, this.clock());
    } else {
      this.waitSkip[task] = this.sampleTaken(this.waits, this.waitEvery, task) - 1;
      return false;
    }
    this.leaveRunning(task);
    this.state[task] = TaskState.Thinned;
    return true;
  }

  /** A wait left out by the countdown of thin(): no event, off the running stack. */
  private leaveThinned(task: number, skip: number): void {
    this.waitSkip[task] = skip - 1;
    this.leaveRunning(task);
    this.state[task] = TaskState.Thinned;
  }

  /**
   * One more sample recorded past the first `sampleFirst` (of a site's instances or a task's
   * waits): counts it and returns the interval to the next one, which doubles after every
   * `sampleStep` samples up to sampleMaxEvery. Without the doubling a function called 200,000
   * times still recorded 3,000 instances at 1 in 64, and their events were most of what sampled
   * recording cost (producer-consumer: 1.36x at 1 in 64, 1.20x at 1 in 1,024, compiled runs).
   */
  private sampleTaken(counts: Uint32Array, intervals: Uint32Array, slot: number): number {
    const taken = counts[slot] + 1;
    counts[slot] = taken;
    let every = intervals[slot] || this.sampleEvery;
    if (every < this.sampleMaxEvery && (taken - this.sampleFirst) % this.sampleStep === 0) every = Math.min(every * 2, this.sampleMaxEvery);
    intervals[slot] = every;
    return every;
  }

  /** The task runs again after a wait sampling left out: no event, it is back on the stack. */
  private resumeThinned(task: number): void {
    this.state[task] = TaskState.Running;
    this.push(task);
  }

  /** Marks a task running again if it was waiting (code of it runs: a catch, a finally, a return). */
  private wake(task: number): void {
    const state = this.state[task];
    // Thinned first: the common case in sampled recording.
    if (state === TaskState.Thinned) this.resumeThinned(task);
    else if (state === TaskState.Suspended) this.resume(task);
  }

  private suspend(task: number, site: number, value: unknown, awaited: number): void {
    this.wake(task);
    this.leaveRunning(task);
    this.state[task] = TaskState.Suspended;
    let wait: number = WaitKind.Value;
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      if (awaited >= 0) wait = WaitKind.Task;
      else {
        const tag = promiseTags.get(value as object);
        // Neither `instanceof` nor reading `.then`: both are observable (Proxy traps, getters).
        if (tag === undefined) wait = isPromise(value) ? WaitKind.Promise : looksThenable(value as object) ? WaitKind.Thenable : WaitKind.Value;
        else if (tag >= 0) {
          wait = WaitKind.Task;
          awaited = tag;
        } else wait = -tag;
      }
    }
    this.waitOf[task] = wait;
    this.record(EventKind.Suspend, task, site, wait, awaited, this.clock());
  }

  private resume(task: number): void {
    // Timers of timers/promises and fs/promises callbacks are invisible to us; the first
    // resume of a new turn tells what kind of macrotask it was from what the task awaited.
    if (!this.turnOpen) this.openTurn(runningTurnKind(this.waitOf[task] === WaitKind.Timer ? TurnKind.Timer : TurnKind.Io), -1, true);
    this.state[task] = TaskState.Running;
    this.push(task);
    this.record(EventKind.Resume, task, -1, 0, -1, this.clockResumes ? this.clock() : this.lastTime);
  }

  private push(task: number): void {
    // A constant, not `this.stack.length`: reading a typed array's length is a getter call
    // until V8 has optimized the caller.
    if (this.depth < STACK_DEPTH) this.stack[this.depth++] = task;
  }

  /** Pops `task` off the running stack (normally the top; deeper only if a frame was skipped). */
  private leaveRunning(task: number): void {
    for (let i = this.depth - 1; i >= 0; i--) {
      if (this.stack[i] === task) {
        this.depth = i;
        return;
      }
    }
  }

  private onlyChildSince(parent: number, child: number): boolean {
    const limit = Math.min(this.nextTask, child + 64);
    for (let id = child + 1; id < limit; id++) if (this.parentOf[id] === parent) return false;
    return limit === this.nextTask;
  }

  private growTasks(): void {
    const size = this.state.length * 2;
    this.state = grown(this.state, new Uint8Array(size));
    this.parentOf = grown(this.parentOf, new Int32Array(size));
    this.waitOf = grown(this.waitOf, new Uint8Array(size));
    this.waits = grown(this.waits, new Uint32Array(size));
    this.waitSkip = grown(this.waitSkip, new Uint32Array(size));
    this.waitEvery = grown(this.waitEvery, new Uint32Array(size));
  }

  private record(kind: EventKind, task: number, site: number, arg: number, arg2: number, time: number): void {
    if (!this.turnOpen && kind !== EventKind.TurnBegin && kind !== EventKind.TurnEnd) {
      // First sign of life after the loop was idle: some callback we did not see started a turn.
      this.openTurn(runningTurnKind(TurnKind.Io), -1, true);
      if (time < this.lastTime) time = this.lastTime;
    }
    if (!this.writer.open) return;
    let i = this.n;
    if (i === this.batch) {
      this.flush();
      i = this.n;
    }
    this.kind[i] = kind;
    this.task[i] = task;
    this.site[i] = site;
    this.arg[i] = arg;
    this.arg2[i] = arg2;
    this.time[i] = time;
    this.n = i + 1;
    if (time - this.lastFlush > this.options.flushEveryMs) this.flush();
  }

  // ---- other loops: worker threads and child processes (runtime/loops.ts) ----

  private get runningTask(): number {
    return this.depth > 0 ? this.stack[this.depth - 1] : -1;
  }

  /** A message leaves for another loop: the `sequence`-th on `channel`. */
  sent(channel: string, sequence: number): void {
    this.record(EventKind.Send, this.runningTask, -1, this.strings.intern(channel), sequence, this.clock());
    // Written now: the other side may act on the message at once (terminate this worker, kill
    // this process), and what led up to it should not be lost with it.
    this.flush();
  }

  /** A message from another loop is being delivered: the turn that delivers it starts now. */
  received(channel: string, sequence: number, label: string): void {
    this.beginTurn(TurnKind.Message, this.strings.intern(label));
    this.record(EventKind.Receive, -1, -1, this.strings.intern(channel), sequence, this.lastTime);
  }

  /** The running task started another loop, known by its key ("pid/threadId"). */
  spawned(key: string): void {
    this.record(EventKind.Spawn, this.runningTask, -1, this.strings.intern(key), -1, this.clock());
  }

  /** Writes pending sites, strings and events. Safe to call at any time, including at exit. */
  flush(): void {
    this.lastFlush = this.lastTime;
    const count = this.n;
    this.n = 0;
    this.writer.write(this.newSites.splice(0), this.strings.takeFresh(), {
      count,
      time: this.time,
      task: this.task,
      site: this.site,
      arg: this.arg,
      arg2: this.arg2,
      kind: this.kind,
    });
  }

  /** Marks the task whose failure went unhandled (known from the error object), then ends. */
  markUnhandled(error: unknown): void {
    const task = typeof error === 'object' && error !== null ? (this.errorTask.get(error) ?? -1) : -1;
    this.record(EventKind.Unhandled, task, -1, this.strings.intern(summarizeError(error)), -1, this.clock());
  }

  finish(end: Omit<End, 'dropped' | 'events'>): void {
    if (!this.writer.open) return;
    if (this.turnOpen) this.endTurn();
    if (this.writer.dropped > 0) this.record(EventKind.Dropped, -1, -1, this.writer.dropped, -1, this.lastTime);
    this.flush();
    this.writer.finish(end);
  }
}

/** `bigger` holding `old`'s values at the start (the per-task arrays double as tasks are created). */
function grown<T extends Uint8Array | Int32Array | Uint32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
