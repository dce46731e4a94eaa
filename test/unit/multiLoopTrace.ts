// A hand-built trace of three loops, encoded as the collector writes one (Loop frames after the
// first loop's): the main thread of process 100, its worker thread 2, and a child process 200
// whose stream stops mid-run. All three run `work` from /src/shared.ts (each loop with site ids
// of its own); the worker's result wakes `main` through a message turn.
import { EventKind, FrameType, TurnKind, WaitKind, type Hello, type Site } from '../../protocol/events';
import { decodeTrace, encodeHeader, encodeJsonFrame, encodeLoopFrame } from '../../protocol/frames';
import { buildModel, type TraceModel } from '../../protocol/model';
import { concat, encodeRows, type Row } from './syntheticTrace';

export const MAIN_PID = 100;
export const CHILD_PID = 200;
const WORKER_THREAD = 2;
/** Trace-clock offsets of the loops after the first (their startEpochMs minus the first's). */
export const WORKER_OFFSET = 5;
export const CHILD_OFFSET = 2;

const work = (id: number): Site => ({ id, kind: 'async', name: 'work', file: '/src/shared.ts', line: 3, column: 1 });
const sleepAwait = (id: number, fn: number): Site => ({ id, kind: 'await', name: 'await sleep(5)', file: '/src/shared.ts', line: 4, column: 3, fn });

function hello(pid: number, threadId: number, startEpochMs: number, extra: Partial<Hello>): Hello {
  return { protocol: 3, pid, threadId, node: 'v20', argv: [], cwd: '/src', startEpochMs, clock: 'per-slice', ...extra };
}

interface LoopStream {
  hello: Hello;
  sites: Site[];
  strings: string[];
  rows: Row[];
  ended: boolean;
}

// Loop 0, strings: 0 undefined, 1 message label, 2 worker's channel, 3 worker key, 4 child key.
const main: LoopStream = {
  hello: hello(MAIN_PID, 0, 1000, { argv: ['/src/app.ts'], name: 'app.ts (pid 100)' }),
  sites: [{ id: 1, kind: 'async', name: 'main', file: '/src/app.ts', line: 1, column: 1 }, work(2), sleepAwait(3, 2), { id: 4, kind: 'await', name: 'await fromWorker', file: '/src/app.ts', line: 3, column: 3, fn: 1 }],
  strings: ['undefined', 'message from worker 2', '100/2>up', '100/2', '200/0'],
  rows: [
    [EventKind.TurnBegin, -1, 0, -1, TurnKind.Script],
    [EventKind.TaskCreate, 1, 0.1, 1, 0],
    [EventKind.Spawn, 1, 0.2, -1, 3],
    [EventKind.Spawn, 1, 0.3, -1, 4],
    [EventKind.TaskCreate, 2, 0.4, 2, 1],
    [EventKind.Suspend, 2, 0.5, 3, WaitKind.Timer],
    [EventKind.Suspend, 1, 0.6, 4, WaitKind.Promise],
    [EventKind.TurnBegin, -1, 10, -1, TurnKind.Timer],
    [EventKind.Resume, 2, 10],
    [EventKind.Complete, 2, 10.5, -1, 0],
    [EventKind.TurnBegin, -1, 20, -1, TurnKind.Message, 1],
    [EventKind.Receive, -1, 20, -1, 2, 1],
    [EventKind.Resume, 1, 20.2],
    [EventKind.Complete, 1, 21, -1, 0],
  ],
  ended: true,
};

// Loop 1 (worker thread 2 of process 100), on its own clock (trace time = own + WORKER_OFFSET).
const worker: LoopStream = {
  hello: hello(MAIN_PID, WORKER_THREAD, 1000 + WORKER_OFFSET, { ppid: 1, parentThreadId: 0, name: 'worker 2 (w.ts)' }),
  sites: [work(1), sleepAwait(2, 1)],
  strings: ['undefined', '100/2>up'],
  rows: [
    [EventKind.TurnBegin, -1, 0, -1, TurnKind.Script],
    [EventKind.TaskCreate, 1, 0.1, 1, 0],
    [EventKind.Suspend, 1, 0.2, 2, WaitKind.Timer],
    [EventKind.TurnBegin, -1, 8, -1, TurnKind.Timer],
    [EventKind.Resume, 1, 8.2],
    [EventKind.Send, 1, 8.5, -1, 1, 1],
    [EventKind.Complete, 1, 9, -1, 0],
  ],
  ended: true,
};

// Loop 2 (child process 200): suspended in `work` when its stream stops (no End frame).
const child: LoopStream = {
  hello: hello(CHILD_PID, 0, 1000 + CHILD_OFFSET, { ppid: MAIN_PID, argv: ['/src/child.ts'], name: 'child.ts (pid 200)' }),
  sites: [work(1), sleepAwait(2, 1)],
  strings: ['undefined'],
  rows: [
    [EventKind.TurnBegin, -1, 1, -1, TurnKind.Script],
    [EventKind.TaskCreate, 1, 1.1, 1, 0],
    [EventKind.Suspend, 1, 1.5, 2, WaitKind.Timer],
  ],
  ended: false,
};

function loopFrames(loop: number, stream: LoopStream): Uint8Array[] {
  const frames = [
    encodeJsonFrame(FrameType.Hello, stream.hello),
    encodeJsonFrame(FrameType.Sites, stream.sites),
    encodeJsonFrame(FrameType.Strings, { base: 0, values: stream.strings }),
    encodeRows(stream.rows),
  ];
  if (stream.ended) frames.push(encodeJsonFrame(FrameType.End, { reason: 'exit', exitCode: 0, dropped: 0, events: stream.rows.length }));
  return loop === 0 ? frames : frames.map((frame) => encodeLoopFrame(loop, frame));
}

export function multiLoopTraceBytes(): Uint8Array {
  return concat([encodeHeader(), ...loopFrames(0, main), ...loopFrames(1, worker), ...loopFrames(2, child)]);
}

export function multiLoopModel(): TraceModel {
  return buildModel(decodeTrace(multiLoopTraceBytes()).frames);
}
