// Builds small traces by hand for protocol tests: events in order, encoded as a real stream.
import { EventKind, FrameType, type End, type Site } from '../../protocol/events';
import { createBatch, pushEvent } from '../../protocol/eventBatch';
import { encodeEventsFrame, encodeHeader, encodeJsonFrame } from '../../protocol/frames';

export type Row = [kind: EventKind, task: number, time: number, site?: number, arg?: number, arg2?: number];

/** Sites of a two-function program: main (line 1) awaits child() at line 2; child (line 5) awaits sleep(10) at line 6. */
export const MAIN_CHILD_SITES: Site[] = [
  { id: 1, kind: 'async', name: 'main', file: '/a.ts', line: 1, column: 1 },
  { id: 2, kind: 'async', name: 'child', file: '/a.ts', line: 5, column: 1 },
  { id: 3, kind: 'await', name: 'await child()', file: '/a.ts', line: 2, column: 3, fn: 1 },
  { id: 4, kind: 'await', name: 'await sleep(10)', file: '/a.ts', line: 6, column: 3, fn: 2 },
];

export function encodeRows(rows: Row[]): Uint8Array {
  const batch = createBatch(rows.length);
  for (const [kind, task, time, site, arg, arg2] of rows) pushEvent(batch, kind, time, task, site, arg, arg2);
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
