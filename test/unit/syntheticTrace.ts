// Builds small traces by hand for protocol tests: events in order, encoded as a real stream.
import { EventKind, FrameType, type End, type Site } from '../../protocol/events';
import { encodeEventsFrame, encodeHeader, encodeJsonFrame } from '../../protocol/frames';

export type Row = [kind: EventKind, task: number, time: number, site?: number, arg?: number, arg2?: number];

export function encodeRows(rows: Row[]): Uint8Array {
  const n = rows.length;
  const batch = {
    count: n,
    time: new Float64Array(n),
    task: new Int32Array(n),
    site: new Int32Array(n),
    arg: new Int32Array(n),
    arg2: new Int32Array(n),
    kind: new Uint8Array(n),
  };
  rows.forEach(([kind, task, time, site = -1, arg = 0, arg2 = -1], i) => {
    batch.kind[i] = kind;
    batch.task[i] = task;
    batch.time[i] = time;
    batch.site[i] = site;
    batch.arg[i] = arg;
    batch.arg2[i] = arg2;
  });
  return encodeEventsFrame(batch);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function syntheticTrace(sites: Site[], rows: Row[], end?: Partial<End>): Uint8Array {
  const parts = [
    encodeHeader(),
    encodeJsonFrame(FrameType.Hello, { protocol: 1, pid: 1, node: 'v20', argv: ['x.ts'], cwd: '/', startEpochMs: 0, clock: 'per-slice' }),
    encodeJsonFrame(FrameType.Sites, sites),
    encodeJsonFrame(FrameType.Strings, { base: 0, values: ['undefined', 'Error: boom'] }),
    encodeRows(rows),
  ];
  if (end) parts.push(encodeJsonFrame(FrameType.End, { reason: 'exit', exitCode: 0, dropped: 0, events: rows.length, ...end }));
  return concat(parts);
}
