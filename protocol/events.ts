/**
 * The event model shared by the runtime, the extension and the webview.
 * No imports of vscode, the DOM or Node: every part of the product uses this file.
 * Documented for humans in docs/protocol.md; a unit test ties the two together.
 */

/** Bumped whenever a reader of version N could misread a stream written by version N+1. */
export const PROTOCOL_VERSION = 3;

/** What one recorded event says. Stored as a u8 in the binary stream. */
export const enum EventKind {
  /** A coroutine instance came to life. site = definition, arg = parent task, arg2 = call-site site id. */
  TaskCreate = 0,
  /** The task got the thread back (a running slice starts). */
  Resume = 1,
  /** The task gave the thread up at an await/yield. site = that expression, arg = WaitKind, arg2 = awaited task or -1. */
  Suspend = 2,
  /** The task returned. arg = string id of a short value summary, -1, or SUMMARY_IN_ARG2 (an int32 result in arg2). */
  Complete = 3,
  /** The task threw. arg = string id of a short error summary. */
  Fail = 4,
  /** A macrotask (or the main script) takes the single thread. arg = TurnKind, arg2 = string id of a label or -1. */
  TurnBegin = 5,
  /**
   * The macrotask and the microtask checkpoint after it are over as far as the recorder saw.
   * Optional: a turn ends at its last event anyway; the shim no longer writes it.
   */
  TurnEnd = 6,
  /** A rejection nobody handled. task = the task whose promise it was, or -1; arg = string id of the summary. */
  Unhandled = 7,
  /** The recorder dropped events to bound memory. arg = how many. */
  Dropped = 8,
  /**
   * The turn's macrotask callback has returned: from here to the turn's end the thread runs
   * process.nextTick callbacks and the microtask checkpoint. Added in protocol 1 (optional).
   */
  Microtasks = 9,
  /**
   * Sampled recording stops telling this task's running and waiting apart: from here only one
   * wait in `sample.every` is recorded (Suspend, then Resume); readers show the rest of its life
   * as "sampled". Added in protocol 2 (a version-1 reader would draw that time as running).
   */
  Thinned = 10,
  /**
   * A message posted to another loop (a worker's or child's parent, or a worker). task = the
   * running task or -1; arg = string id of the channel; arg2 = its sequence number on that
   * channel. Added in protocol 3, with Receive: a reader pairs them by (channel, sequence).
   */
  Send = 11,
  /** The current turn delivers the message `arg2` of channel `arg` (a string id) to this loop. */
  Receive = 12,
  /** The running task (or -1) started another loop: arg = string id of its key ("pid/threadId"). */
  Spawn = 13,
}

/** Complete.arg value saying "the result is the int32 in arg2" (saves interning a string per call). */
export const SUMMARY_IN_ARG2 = -2;

export const EVENT_KIND_NAMES = [
  'create',
  'resume',
  'suspend',
  'complete',
  'fail',
  'turn-begin',
  'turn-end',
  'unhandled',
  'dropped',
  'microtasks',
  'thinned',
  'send',
  'receive',
  'spawn',
] as const;

/** What a suspended task waits on. */
export const enum WaitKind {
  /** A plain value (await 42): resumes in the next microtask. */
  Value = 0,
  Promise = 1,
  /** The promise of another recorded task (arg2 names it). */
  Task = 2,
  Timer = 3,
  Io = 4,
  All = 5,
  AllSettled = 6,
  Race = 7,
  Any = 8,
  /** A non-native thenable. */
  Thenable = 9,
  /** A generator handed a value to whoever drives it with next(). */
  Yield = 10,
  /** The next value of a for-await loop's iterator. */
  ForAwait = 11,
}

export const WAIT_KIND_NAMES = [
  'value',
  'promise',
  'task',
  'timer',
  'I/O',
  'Promise.all',
  'Promise.allSettled',
  'Promise.race',
  'Promise.any',
  'thenable',
  'yield to caller',
  'for-await iterator',
] as const;

/** What kind of callback holds the single thread during a turn of the loop. */
export const enum TurnKind {
  /** Evaluating the entry module (and its imports). */
  Script = 0,
  Timer = 1,
  Interval = 2,
  Immediate = 3,
  /** I/O or any callback the recorder could not name (it saw only the promises it resumed). */
  Io = 4,
  /** A message from another thread or process (worker postMessage, process IPC). */
  Message = 5,
}

export const TURN_KIND_NAMES = ['script', 'timer', 'interval', 'immediate', 'I/O / other', 'message'] as const;

export type TaskKind = 'async' | 'generator' | 'async-generator' | 'module';

export type SiteKind = TaskKind | 'await' | 'yield' | 'for-await' | 'call';

/** A place in the user's source, fixed at load time (positions are in the original .ts file). */
export interface Site {
  id: number;
  kind: SiteKind;
  /** Function name, or a readable fallback such as `<anonymous>`; for await/yield the source text, shortened. */
  name: string;
  /** Absolute path of the user's file. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** For await/yield/for-await: the site of the enclosing function. */
  fn?: number;
}

/** First message of every stream. */
export interface Hello {
  protocol: number;
  pid: number;
  /** Node's version (process.version); '' in a Python program's stream. */
  node: string;
  /**
   * The language of the recorded program: absent for Node (every stream before the Python
   * recorder), 'python' for a stream of python/covis_recorder (docs/python.md). Added in protocol 3.
   */
  language?: 'python';
  /** The Python version (platform.python_version()) of a Python program's stream. */
  python?: string;
  argv: string[];
  cwd: string;
  /** Wall clock (ms since epoch) at trace time 0. */
  startEpochMs: number;
  /**
   * The machine's monotonic clock (process.hrtime, in ms) at trace time 0: the same clock in
   * every process, which puts the loops of one recording on one time line. Added in protocol 3.
   */
  monotonicMs?: number;
  /** How times were taken; see docs/protocol.md "Clock". 'per-event' (covis check): resumes read the clock too. */
  clock: 'per-slice' | 'per-event';
  /** Present when only some instances were recorded (see SampleOptions). */
  sample?: SampleOptions;
  /** worker_threads threadId of this loop: 0 for a process's main thread. Added in protocol 3. */
  threadId?: number;
  /** Parent process id. */
  ppid?: number;
  /** For a worker: the threadId of the thread that started it. */
  parentThreadId?: number;
  /** What the view calls this loop: "main", "worker 2 (cpu-worker.js)", "process 4242 (child.js)". */
  name?: string;
}

/** Identifies one loop of a recording across processes: "pid/threadId". */
export function loopKey(pid: number, threadId: number): string {
  return `${pid}/${threadId}`;
}

/**
 * Sampled recording (docs/runtime.md): of each coroutine function's instances, and of each
 * recorded task's waits, the first `first` are recorded, then one in `every`. With `maxEvery`,
 * the interval doubles after every `step` samples taken at it (default `first`), up to
 * `maxEvery`: a function called a million times costs a few hundred recorded instances rather
 * than 1/every of them.
 */
export interface SampleOptions {
  first: number;
  every: number;
  maxEvery?: number;
  step?: number;
}

/** How much sparser than 1 in N `--sample N` may grow for functions that stay hot. */
export const SAMPLE_SPREAD = 64;

/**
 * Samples `--sample N` takes at each interval before the interval doubles (N, if fewer). Each
 * recorded instance of a hot function runs the recorder's rarely taken paths, which V8 has not
 * optimized yet early in a run: with N samples per step (64 at `--sample 64`) they were a
 * sixth (Node 24) to a third (Node 20) of the queue workload's first-run overhead.
 */
export const SAMPLE_STEP = 16;

/** What `covis record --sample N` and the extension's `sample` setting mean. */
export function sampleOptions(n: number): SampleOptions {
  return { first: n, every: n, maxEvery: n * SAMPLE_SPREAD, step: Math.min(n, SAMPLE_STEP) };
}

/**
 * exit: the loop ran dry; process-exit: process.exit() while work may be pending;
 * uncaught-exception: the program died of an error; signal / crash: written by the launcher
 * when the program died without a word (killed, aborted); terminated: a worker thread stopped
 * from outside (worker.terminate(), or its process ended), which runs none of its exit hooks.
 */
export type EndReason = 'exit' | 'uncaught-exception' | 'signal' | 'process-exit' | 'crash' | 'terminated';

/** Last message of a stream that ended cleanly. A stream without one was cut short. */
export interface End {
  reason: EndReason;
  exitCode: number | null;
  signal?: string;
  /** Events the recorder dropped to bound memory. */
  dropped: number;
  events: number;
  error?: string;
}

export interface StringTable {
  /** Id of values[0]; string ids are dense and grow monotonically. */
  base: number;
  values: string[];
}

/** One batch of events in columns (one entry per event in each array). */
export interface EventBatch {
  count: number;
  time: Float64Array;
  task: Int32Array;
  site: Int32Array;
  arg: Int32Array;
  arg2: Int32Array;
  kind: Uint8Array;
}

export const enum FrameType {
  Hello = 1,
  Sites = 2,
  Strings = 3,
  Events = 4,
  End = 5,
  /**
   * A frame of another loop than the first (a worker thread, a child process): u32 loop index,
   * then the inner frame as it stands (length, type, body). Added in protocol 3.
   */
  Loop = 6,
}

/** `loop`: which loop of the recording it belongs to (absent: loop 0, the first). */
export type Frame = (
  | { type: FrameType.Hello; hello: Hello }
  | { type: FrameType.Sites; sites: Site[] }
  | { type: FrameType.Strings; strings: StringTable }
  | { type: FrameType.Events; batch: EventBatch }
  | { type: FrameType.End; end: End }
) & { loop?: number };
