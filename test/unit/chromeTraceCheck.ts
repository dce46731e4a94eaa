// What a Chrome Trace export must hold for Perfetto, chrome://tracing and speedscope to open it
// as meant: valid Trace Event JSON, a name for every process and thread used, one thread per
// (pid, tid), and flow arrows whose ends each sit inside a slice of their thread (Perfetto
// binds a flow to the slice enclosing it and drops those that bind to nothing).
import assert from 'node:assert/strict';
import type { ChromeTrace, ChromeTraceEvent } from '../../protocol/chromeTrace';

const PHASES = new Set(['X', 'M', 'i', 's', 'f']);
const INT32_MAX = 2 ** 31 - 1;

export const threadKey = (e: { pid: number; tid: number }): string => `${e.pid}/${e.tid}`;

/** Thread names by "pid/tid". */
export function threadNames(trace: ChromeTrace): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'M' || e.name !== 'thread_name') continue;
    assert.ok(!names.has(threadKey(e)), `two threads named at ${threadKey(e)}`);
    names.set(threadKey(e), String(e.args?.name));
  }
  return names;
}

export function processNames(trace: ChromeTrace): Map<number, string> {
  return new Map(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, String(e.args?.name)]));
}

/** Flow arrows by id: their start ('s') and end ('f'). */
export function flows(trace: ChromeTrace, name?: string): { start: ChromeTraceEvent; end: ChromeTraceEvent }[] {
  const byId = new Map<number, { start?: ChromeTraceEvent; end?: ChromeTraceEvent }>();
  for (const e of trace.traceEvents) {
    if ((e.ph !== 's' && e.ph !== 'f') || (name !== undefined && e.name !== name)) continue;
    const flow = byId.get(e.id!) ?? {};
    assert.equal(flow[e.ph === 's' ? 'start' : 'end'], undefined, `flow ${e.id} has two ${e.ph} events`);
    flow[e.ph === 's' ? 'start' : 'end'] = e;
    byId.set(e.id!, flow);
  }
  return [...byId.entries()].map(([id, { start, end }]) => {
    assert.ok(start && end, `flow ${id} has both ends`);
    return { start, end };
  });
}

function insideASlice(slices: Map<string, ChromeTraceEvent[]>, e: ChromeTraceEvent): boolean {
  return (slices.get(threadKey(e)) ?? []).some((x) => x.ts <= e.ts && e.ts <= x.ts + (x.dur ?? 0));
}

export function assertValidChromeTrace(trace: ChromeTrace): void {
  // JSON.stringify would write NaN and Infinity as null.
  JSON.stringify(trace, (key, value: unknown) => {
    assert.ok(typeof value !== 'number' || Number.isFinite(value), `${key} is ${value}`);
    return value;
  });
  assert.ok(Array.isArray(trace.traceEvents) && trace.traceEvents.length > 0);
  const threads = threadNames(trace);
  const processes = processNames(trace);
  const slices = new Map<string, ChromeTraceEvent[]>();
  for (const e of trace.traceEvents) {
    const where = JSON.stringify(e);
    assert.ok(typeof e.name === 'string' && PHASES.has(e.ph), where);
    assert.ok(Number.isFinite(e.ts), where);
    assert.ok(Number.isInteger(e.pid) && e.pid >= 0 && e.pid <= INT32_MAX, `pid: ${where}`);
    assert.ok(Number.isInteger(e.tid) && e.tid >= 0 && e.tid <= INT32_MAX, `tid: ${where}`);
    if (e.ph === 'M') continue;
    assert.ok(threads.has(threadKey(e)), `thread without a name: ${where}`);
    assert.ok(processes.has(e.pid), `process without a name: ${where}`);
    if (e.ph === 'X') {
      assert.ok(Number.isFinite(e.dur) && e.dur! >= 0, where);
      slices.set(threadKey(e), [...(slices.get(threadKey(e)) ?? []), e]);
    }
  }
  for (const { start, end } of flows(trace)) {
    assert.ok(insideASlice(slices, start), `flow ${start.id} starts outside any slice: ${JSON.stringify(start)}`);
    assert.equal(end.bp, 'e');
    assert.ok(insideASlice(slices, end), `flow ${end.id} ends outside any slice: ${JSON.stringify(end)}`);
  }
}
