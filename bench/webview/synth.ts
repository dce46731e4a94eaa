/**
 * A synthetic trace the size of the benchmark target (1,000,000 events, 100,000 tasks),
 * made with the protocol's own encoders so the page decodes it exactly like a recorded one.
 * Shape: 25,000 loop turns; each creates 4 tasks (one parent, three children) and advances
 * 15 suspended tasks by one step (resume, run 2 µs, suspend again or complete).
 */
import { EventKind, FrameType, PROTOCOL_VERSION, Site, TurnKind, WaitKind } from '../../protocol/events';
import { createBatch, pushEvent } from '../../protocol/eventBatch';
import { encodeEventsFrame, encodeHeader, encodeJsonFrame, encodeLoopFrame } from '../../protocol/frames';

export interface SynthOptions {
  turns: number;
  createPerTurn: number;
  stepsPerTurn: number;
  /** Steps a task takes before it completes. */
  stepsPerTask: number;
  /** Events per Events frame (the recorder flushes small batches; live chunks follow frames). */
  batch: number;
}

export const BENCH_SHAPE: SynthOptions = { turns: 25_000, createPerTurn: 4, stepsPerTurn: 15, stepsPerTask: 4, batch: 4096 };

/**
 * The same shape spread over `loops` loops (a main thread and loops-1 worker threads), each with
 * `o.turns / loops` turns: the cost of drawing many loops at the same total size.
 */
export function synthTrace(o: SynthOptions = BENCH_SHAPE, loops = 1): { bytes: Uint8Array; events: number; tasks: number } {
  const chunks: Uint8Array[] = [encodeHeader(PROTOCOL_VERSION)];
  let events = 0;
  let tasks = 0;
  for (let loop = 0; loop < loops; loop++) {
    const part = loopFrames({ ...o, turns: Math.round(o.turns / loops) }, loop);
    for (const frame of part.frames) chunks.push(loop === 0 ? frame : encodeLoopFrame(loop, frame));
    events += part.events;
    tasks += part.tasks;
  }
  let length = 0;
  for (const c of chunks) length += c.length;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, events, tasks };
}

function loopFrames(o: SynthOptions, loop: number): { frames: Uint8Array[]; events: number; tasks: number } {
  const sites: Site[] = [];
  for (let i = 0; i < 10; i++) sites.push({ id: i, kind: 'async', name: `worker${i}`, file: `/app/src/service${i % 3}.ts`, line: 10 + i, column: 1 });
  for (let i = 0; i < 10; i++) sites.push({ id: 10 + i, kind: 'await', name: `await step${i}()`, file: `/app/src/service${i % 3}.ts`, line: 20 + i, column: 5, fn: i });
  const name = loop === 0 ? 'synthetic (pid 1)' : `worker ${loop} (synthetic-worker.js)`;
  const chunks: Uint8Array[] = [
    encodeJsonFrame(FrameType.Hello, { protocol: PROTOCOL_VERSION, pid: 1, node: 'v20', argv: ['synthetic'], cwd: '/app', startEpochMs: 0, clock: 'per-slice', threadId: loop, ppid: 0, parentThreadId: 0, name }),
    encodeJsonFrame(FrameType.Sites, sites),
  ];
  const n = o.batch;
  const batch = createBatch(n);
  let events = 0;
  const flush = (): void => {
    if (batch.count) chunks.push(encodeEventsFrame(batch));
    batch.count = 0;
  };
  const push = (kind: EventKind, time: number, task: number, site: number, arg: number, arg2: number): void => {
    pushEvent(batch, kind, time, task, site, arg, arg2);
    events++;
    if (batch.count === n) flush();
  };
  // Suspended tasks waiting for their next step, in FIFO order (a ring over an Int32Array).
  const queue = new Int32Array(o.turns * o.createPerTurn + 1);
  const steps = new Uint8Array(queue.length);
  let head = 0;
  let tail = 0;
  let nextId = 0;
  let time = 0;
  for (let turn = 0; turn < o.turns; turn++) {
    time += 0.05;
    push(EventKind.TurnBegin, time, -1, -1, turn % 7 === 0 ? TurnKind.Io : TurnKind.Timer, -1);
    for (let s = 0; s < o.stepsPerTurn && head < tail; s++) {
      const id = queue[head++];
      time += 0.001;
      push(EventKind.Resume, time, id, -1, -1, -1);
      time += 0.002;
      if (++steps[id] >= o.stepsPerTask) push(EventKind.Complete, time, id, -1, -1, -1);
      else {
        push(EventKind.Suspend, time, id, 10 + (id % 10), WaitKind.Timer, -1);
        queue[tail++] = id;
      }
    }
    let parent = -1;
    for (let c = 0; c < o.createPerTurn; c++) {
      const id = nextId++;
      time += 0.001;
      push(EventKind.TaskCreate, time, id, id % 10, parent, -1);
      time += 0.002;
      push(EventKind.Suspend, time, id, 10 + (id % 10), c === 0 ? WaitKind.All : WaitKind.Timer, -1);
      queue[tail++] = id;
      if (c === 0) parent = id;
    }
    time += 0.001;
    push(EventKind.TurnEnd, time, -1, -1, -1, -1);
  }
  flush();
  chunks.push(encodeJsonFrame(FrameType.End, { reason: 'exit', exitCode: 0, dropped: 0, events }));
  return { frames: chunks, events, tasks: nextId };
}
