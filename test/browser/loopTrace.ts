/**
 * Hand-built traces of several loops (threads, processes) for the view's tests, encoded as the
 * collector writes them: the first loop's frames as they are, every further loop's wrapped in
 * Loop frames. Each loop has its own ids (tasks, sites, strings) and its own clock.
 */
import { EventKind, FrameType, TurnKind, WaitKind, type Hello, type Site } from '../../protocol/events';
import { createBatch, pushEvent } from '../../protocol/eventBatch';
import { encodeEventsFrame, encodeHeader, encodeJsonFrame, encodeLoopFrame } from '../../protocol/frames';
import { TraceSession } from '../../webview/session';

/** kind, time on the loop's own clock, task (local id, -1 none), site, arg, arg2. */
export type LoopEvent = [kind: EventKind, time: number, task: number, site?: number, arg?: number, arg2?: number];

/** main (1) creates children 2 and 3; both sleep; main awaits 2; 3 fails (task id 0 means "none" in a stream). */
export const MAIN_TWO_CHILDREN: LoopEvent[] = [
  [EventKind.TurnBegin, 0, -1, -1, TurnKind.Script],
  [EventKind.TaskCreate, 1, 1, 0, -1],
  [EventKind.TaskCreate, 2, 2, 1, 1],
  [EventKind.Suspend, 3, 2, 2, WaitKind.Timer],
  [EventKind.TaskCreate, 4, 3, 1, 1],
  [EventKind.Suspend, 5, 3, 2, WaitKind.Timer],
  [EventKind.Suspend, 6, 1, 2, WaitKind.Task, 2],
  [EventKind.TurnEnd, 7, -1],
  [EventKind.TurnBegin, 20, -1, -1, TurnKind.Timer],
  [EventKind.Resume, 21, 2],
  [EventKind.Complete, 22, 2],
  [EventKind.Resume, 23, 1],
  [EventKind.Complete, 24, 1],
  [EventKind.TurnEnd, 25, -1],
  [EventKind.TurnBegin, 30, -1, -1, TurnKind.Timer],
  [EventKind.Resume, 31, 3],
  [EventKind.Fail, 32, 3],
  [EventKind.TurnEnd, 33, -1],
];

export interface LoopStream {
  pid: number;
  threadId: number;
  /** Wall-clock ms at its time 0: its trace-clock offset is this minus the first loop's. */
  startEpochMs: number;
  name: string;
  parentThreadId?: number;
  ppid?: number;
  sites: Site[];
  strings?: string[];
  events: LoopEvent[];
  /** Written with an End frame of this reason; undefined: the stream stops without one. */
  end?: 'exit' | 'terminated' | 'crash';
}

export function loopTraceBytes(loops: LoopStream[]): Uint8Array {
  const parts: Uint8Array[] = [encodeHeader()];
  loops.forEach((stream, loop) => {
    const hello: Hello = {
      protocol: 3, pid: stream.pid, threadId: stream.threadId, node: 'v20', argv: [], cwd: '/p', startEpochMs: stream.startEpochMs, clock: 'per-slice', name: stream.name,
      ...(stream.parentThreadId !== undefined ? { parentThreadId: stream.parentThreadId } : {}),
      ...(stream.ppid !== undefined ? { ppid: stream.ppid } : {}),
    };
    const batch = createBatch(Math.max(1, stream.events.length));
    for (const [kind, time, task, site = -1, arg = -1, arg2 = -1] of stream.events) pushEvent(batch, kind, time, task, site, arg, arg2);
    const frames = [
      encodeJsonFrame(FrameType.Hello, hello),
      encodeJsonFrame(FrameType.Sites, stream.sites),
      encodeJsonFrame(FrameType.Strings, { base: 0, values: stream.strings ?? [] }),
      encodeEventsFrame(batch),
    ];
    if (stream.end) frames.push(encodeJsonFrame(FrameType.End, { reason: stream.end, exitCode: stream.end === 'exit' ? 0 : null, dropped: 0, events: stream.events.length }));
    for (const frame of frames) parts.push(loop === 0 ? frame : encodeLoopFrame(loop, frame));
  });
  return Buffer.concat(parts);
}

/** The view's session (and its model) for a finished trace of these loops. */
export function loopSession(loops: LoopStream[]): TraceSession {
  const session = new TraceSession();
  session.reset(loopTraceBytes(loops), false);
  return session;
}
