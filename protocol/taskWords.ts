/**
 * A task in words, the same for the editor (extension/) and the swimlanes (webview/): its name
 * in a sentence and what a slice of it waits on.
 */
import { TurnKind, WAIT_KIND_NAMES, WaitKind } from './events';
import { SegmentState, wakerIsTurn, wakerTurnIndex, type TraceModel } from './model';

/** "sayAfter #4"; "task #4" for a task the trace does not describe (events dropped or sampled out). */
export function taskName(model: TraceModel, id: number): string {
  const task = model.tasks[id];
  return task ? `${task.name} #${id}` : `task #${id}`;
}

/**
 * What a suspended or ready slice waits on: "timer", "task sayAfter #4", or, when a message
 * from another loop settled it, "promise, settled by a message from worker 2".
 */
export function describeWait(model: TraceModel, segment: number): string {
  const s = model.segments;
  const wait = s.wait.data[segment] as WaitKind;
  const other = s.other.data[segment];
  const suspended = s.state.data[segment] === SegmentState.Suspended;
  // Only a suspended slice holds the awaited task; a ready one holds whoever woke it.
  if (suspended && wait === WaitKind.Task && other >= 0 && model.tasks[other]) return `task ${taskName(model, other)}`;
  const base = WAIT_KIND_NAMES[wait] ?? 'something';
  const sender = suspended ? messageThatWoke(model, segment) : undefined;
  return sender ? `${base}, settled by a ${sender}` : base;
}

/** The label of the message turn that ended this wait ("message from worker 2"), if one did. */
function messageThatWoke(model: TraceModel, segment: number): string | undefined {
  const s = model.segments;
  // Still open: nothing has ended it (and no later slice of its task exists to scan for).
  if (Number.isNaN(s.end.data[segment])) return undefined;
  const task = s.task.data[segment];
  // A task's segments are appended in order: its next one says how this wait ended.
  for (let i = segment + 1; i < model.segmentCount; i++) {
    if (s.task.data[i] !== task) continue;
    const waker = s.other.data[i];
    if (s.state.data[i] !== SegmentState.Ready || !wakerIsTurn(waker)) return undefined;
    const turn = wakerTurnIndex(waker);
    return model.turns.kind.data[turn] === TurnKind.Message ? model.string(model.turns.label.data[turn]) : undefined;
  }
  return undefined;
}
