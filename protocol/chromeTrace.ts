/**
 * Export to the Chrome Trace Event format (opens in Perfetto, chrome://tracing, speedscope):
 * one thread for the event loop (tid 0), one thread per task, running and suspended slices as
 * complete ("X") events, and flow arrows from what woke a task to the task it woke.
 */
import { TURN_KIND_NAMES, WAIT_KIND_NAMES } from './events';
import { isWaiting, SEGMENT_STATE_NAMES, SegmentState, TraceModel, wakerIsTurn } from './model';

export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'M' | 'i' | 's' | 'f';
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  id?: number;
  bp?: 'e';
  s?: 't';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms';
  metadata: Record<string, unknown>;
}

const LOOP_TID = 0;
const us = (ms: number): number => Math.round(ms * 1000 * 1000) / 1000;
/** Duration from rounded ends, so slices that touch in the model touch (not overlap) in the export. */
const dur = (startMs: number, endMs: number): number => Math.max(0, us(endMs) - us(startMs));

export function toChromeTrace(model: TraceModel): ChromeTrace {
  const pid = model.hello?.pid ?? 1;
  const events: ChromeTraceEvent[] = [
    { name: 'process_name', ph: 'M', ts: 0, pid, tid: LOOP_TID, args: { name: `node ${model.hello?.argv.join(' ') ?? ''}`.trim() } },
    { name: 'thread_name', ph: 'M', ts: 0, pid, tid: LOOP_TID, args: { name: 'event loop' } },
    { name: 'thread_sort_index', ph: 'M', ts: 0, pid, tid: LOOP_TID, args: { sort_index: -1 } },
  ];
  for (const task of model.tasks) {
    if (!task) continue;
    const site = model.sites.get(task.defSite);
    const where = site ? ` (${site.file.split(/[\\/]/).pop()}:${site.line})` : '';
    events.push({ name: 'thread_name', ph: 'M', ts: 0, pid, tid: task.id, args: { name: `${task.name}${where} #${task.id}` } });
    events.push({ name: 'thread_sort_index', ph: 'M', ts: 0, pid, tid: task.id, args: { sort_index: task.id } });
  }
  for (let i = 0; i < model.turnCount; i++) {
    const start = model.turns.start.data[i];
    events.push({
      name: TURN_KIND_NAMES[model.turns.kind.data[i]] ?? 'turn',
      cat: 'loop',
      ph: 'X',
      ts: us(start),
      dur: dur(start, model.turnEnd(i)),
      pid,
      tid: LOOP_TID,
      args: { label: model.string(model.turns.label.data[i]) },
    });
  }
  const s = model.segments;
  let flow = 0;
  for (let i = 0; i < model.segmentCount; i++) {
    const task = s.task.data[i];
    const start = s.start.data[i];
    const state = s.state.data[i] as SegmentState;
    const site = model.sites.get(s.site.data[i]);
    const name =
      state === SegmentState.Running ? (model.tasks[task]?.name ?? 'task') : state === SegmentState.Ready ? 'ready' : state === SegmentState.Sampled ? 'sampled' : `await ${site?.name ?? ''}`.trim();
    const args: Record<string, unknown> = { state: SEGMENT_STATE_NAMES[state] };
    if (isWaiting(state)) args.waitsOn = WAIT_KIND_NAMES[s.wait.data[i]];
    if (site) args.at = `${site.file}:${site.line}:${site.column}`;
    events.push({ name, cat: args.state as string, ph: 'X', ts: us(start), dur: dur(start, model.segmentEnd(i)), pid, tid: task, args });
    const waker = s.other.data[i];
    if (state === SegmentState.Ready && (waker >= 0 || wakerIsTurn(waker))) {
      flow++;
      const fromTid = waker >= 0 ? waker : LOOP_TID;
      events.push({ name: 'wakes', cat: 'wake', ph: 's', id: flow, ts: us(start), pid, tid: fromTid });
      events.push({ name: 'wakes', cat: 'wake', ph: 'f', bp: 'e', id: flow, ts: us(start), pid, tid: task });
    }
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    metadata: { source: 'coroutine-visualizer', cutShort: model.cutShort, dropped: model.dropped, end: model.end },
  };
}
