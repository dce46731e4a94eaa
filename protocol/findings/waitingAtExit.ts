/**
 * covis/waiting-at-exit: a task still waiting when its loop ran dry (nothing left could wake
 * it), or when the checker stopped the program; one finding per innermost waiting task, with
 * the chain of tasks that waited on it.
 */
import { WaitKind } from '../events';
import { describeTask, ms, type TraceIndex } from './traceIndex';
import { waitingOn, type WaitGraph, type Waiter } from './waitGraph';
import type { EndKind, FindingOf, SourcePlace, WaitLink } from './types';

export function waitingAtExit(index: TraceIndex, graph: WaitGraph): FindingOf<'covis/waiting-at-exit'>[] {
  const findings: FindingOf<'covis/waiting-at-exit'>[] = [];
  for (const waiter of graph.waiters.values()) {
    // Innermost only: a task waiting on another waiting task is part of that one's chain (or of a cycle).
    if (waiter.awaits.length > 0) continue;
    const end = graph.endOf(waiter.task.loop);
    if (!end) continue;
    findings.push(finding(index, graph, waiter, end));
  }
  return findings;
}

function finding(index: TraceIndex, graph: WaitGraph, waiter: Waiter, end: EndKind): FindingOf<'covis/waiting-at-exit'> {
  const { task } = waiter;
  const running = waiter.kind < 0;
  const link = index.waitLink(task, running ? -1 : waiter.segment);
  const chain = waitingOn(graph, task.id).map((w) => index.waitLink(w.task, w.segment));
  const waitedMs = graph.endTime(task.loop) - waiter.since;
  const on = running ? 'running' : index.waitName(waiter.segment);
  const place = link.at ?? (running ? resumedAt(index, waiter) : undefined) ?? link.task.at;
  const what = running
    ? `${task.name} was running (holding the thread) when the program was stopped`
    : end === 'exit'
      ? `${task.name} never resumed: it waited at \`${link.text}\` on ${waitDescription(waiter.kind, end, index, waiter)} when the program ended, ${ms(waitedMs)} after it began to wait`
      : `${task.name} was waiting at \`${link.text}\` on ${waitDescription(waiter.kind, end, index, waiter)} for ${ms(waitedMs)} when the program was stopped`;
  const message = chain.length ? `${what}; waiting on it: ${chain.map(describeLink).join(' ← ')}.` : `${what}.`;
  return {
    ruleId: 'covis/waiting-at-exit',
    severity: end === 'exit' ? 'warning' : 'note',
    message,
    file: place?.file ?? '',
    line: place?.line ?? 1,
    column: place?.column ?? 1,
    tasks: [task.id, ...chain.map((c) => c.task.id)],
    loop: task.loop,
    related: chain.filter((c) => c.at).map((c) => ({ place: c.at!, message: `${c.task.name} waits here` })),
    data: { waiting: link, on, chain, end, waitedMs },
  };
}

function describeLink(link: WaitLink): string {
  return link.at ? `${link.task.name} (line ${link.at.line})` : describeTask(link.task);
}

/** What a wait was on, said as what it turned out to be when nothing could settle it any more. */
function waitDescription(kind: number, end: EndKind, index: TraceIndex, waiter: Waiter): string {
  const never = end === 'exit';
  switch (kind) {
    case WaitKind.Promise:
      return never ? 'a promise that was never settled' : 'a promise';
    case WaitKind.Thenable:
      return never ? 'a thenable that never called back' : 'a thenable';
    case WaitKind.Timer:
      return never ? 'a timer that never fired' : 'a timer';
    case WaitKind.Io:
      return never ? 'I/O that never completed' : 'I/O';
    case WaitKind.ForAwait:
      return never ? 'the next value of an async iterator, which never came' : 'the next value of an async iterator';
    case WaitKind.Task: {
      const awaited = index.model.tasks[index.model.segments.other.data[waiter.segment]];
      return awaited ? `the task ${describeTask(index.taskRef(awaited))}` : 'a task that was not recorded';
    }
    default:
      return `${index.waitName(waiter.segment)}${never ? ', which never settled' : ''}`;
  }
}

/** Where a running task last resumed: the await before its open slice. */
function resumedAt(index: TraceIndex, waiter: Waiter): SourcePlace | undefined {
  const segments = index.segmentsOf(waiter.task.id);
  const before = segments[segments.indexOf(waiter.segment) - 1];
  return before === undefined ? undefined : index.place(index.model.segments.site.data[before]);
}
