/**
 * covis/await-cycle: tasks that await each other's promises in a cycle, found among the proved
 * edges of the wait graph (a task awaits at most one promise at a time, so each task has one
 * such edge at most and every cycle is a simple loop). None of them can ever resume, however
 * the program ended.
 */
import { waitingOn, type WaitGraph } from './waitGraph';
import type { TraceIndex } from './traceIndex';
import type { FindingOf } from './types';

export function awaitCycles(index: TraceIndex, graph: WaitGraph): FindingOf<'covis/await-cycle'>[] {
  const next = (id: number): number | undefined => {
    const waiter = graph.waiters.get(id);
    return waiter?.proved ? waiter.awaits[0] : undefined;
  };
  const done = new Set<number>();
  const findings: FindingOf<'covis/await-cycle'>[] = [];
  for (const start of graph.waiters.keys()) {
    if (done.has(start)) continue;
    // Walk the edges from here; meeting a task of this same walk again closes a cycle.
    const path: number[] = [];
    const onPath = new Map<number, number>();
    let id: number | undefined = start;
    while (id !== undefined && !done.has(id) && !onPath.has(id)) {
      onPath.set(id, path.length);
      path.push(id);
      id = next(id);
    }
    if (id !== undefined && onPath.has(id)) findings.push(finding(index, graph, path.slice(onPath.get(id)!)));
    for (const visited of path) done.add(visited);
  }
  return findings;
}

function finding(index: TraceIndex, graph: WaitGraph, members: number[]): FindingOf<'covis/await-cycle'> {
  // Start the cycle at its oldest task, so the same deadlock reads the same in every run.
  const first = members.indexOf(Math.min(...members));
  const ordered = [...members.slice(first), ...members.slice(0, first)];
  const cycle = ordered.map((id) => index.waitLink(graph.waiters.get(id)!.task, graph.waiters.get(id)!.segment));
  const inCycle = new Set(ordered);
  const outside = new Map<number, ReturnType<typeof index.waitLink>>();
  for (const id of ordered) for (const w of waitingOn(graph, id, inCycle)) outside.set(w.task.id, index.waitLink(w.task, w.segment));
  const waitingOnIt = [...outside.values()];
  const place = cycle[0].at ?? cycle[0].task.at;
  const steps = cycle.map((link, k) => `${link.task.name}${link.at ? ` (line ${link.at.line})` : ''} awaits ${cycle[(k + 1) % cycle.length].task.name}`);
  const also = waitingOnIt.length ? `; waiting on them: ${waitingOnIt.map((w) => w.task.name).join(', ')}` : '';
  return {
    ruleId: 'covis/await-cycle',
    severity: 'error',
    message: `${cycle.length === 1 ? `${cycle[0].task.name} awaits its own promise` : 'Tasks await each other in a cycle'}: ${steps.join(', ')}; none of them can ever resume (deadlock)${also}.`,
    file: place?.file ?? '',
    line: place?.line ?? 1,
    column: place?.column ?? 1,
    tasks: [...ordered, ...waitingOnIt.map((w) => w.task.id)],
    loop: graph.waiters.get(ordered[0])!.task.loop,
    related: cycle.slice(1).filter((link) => link.at).map((link) => ({ place: link.at!, message: `${link.task.name} waits here` })),
    data: { cycle, waitingOnIt },
  };
}
