/**
 * Findings as the view shows them (pure, tested in Node): the words of the list, and the stretch
 * of time each finding is about, so that choosing one brings it into view. The findings come
 * from the host (or the standalone page), computed by protocol/findings.ts.
 */
import type { Finding, Severity, SourcePlace } from '../protocol/findings/types';
import { SegmentState, type TraceModel } from '../protocol/model';
import { basename } from './describe';
import type { SegmentIndex } from './lanes';

export const SEVERITY_ICON: Record<Severity, string> = { error: '✖', warning: '⚠', note: 'ℹ' };

/** `covis/loop-blocked` → `loop-blocked`, as the Problems panel's code reads without its prefix. */
export function ruleShortName(finding: Finding): string {
  return finding.ruleId.replace(/^covis\//, '');
}

export function findingPlace(finding: Finding): string {
  return `${basename(finding.file)}:${finding.line}`;
}

/** The heading of the list: "Findings (3: 1 warning, 2 notes)". */
export function findingsHeading(findings: readonly Finding[]): string {
  const counts = (['error', 'warning', 'note'] as const)
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}${n === 1 ? '' : 's'}`);
  return `Findings (${findings.length}${counts.length ? `: ${counts.join(', ')}` : ''})`;
}

function atPlace(model: TraceModel, segment: number, place: SourcePlace): boolean {
  const site = model.sites.get(model.segments.site.data[segment]);
  return !!site && site.file === place.file && site.line === place.line && site.column === place.column;
}

function lifetime(model: TraceModel, ids: readonly number[]): [number, number] | undefined {
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const id of ids) {
    const task = model.tasks[id];
    if (!task) continue;
    t0 = Math.min(t0, task.created);
    t1 = Math.max(t1, task.outcome === 'live' ? model.timeEnd : task.ended);
  }
  return t0 <= t1 ? [t0, t1] : undefined;
}

/** The running slice that held the loop: the one lasting the finding's longest slice (data.maxMs). */
function sliceLasting(model: TraceModel, segments: readonly number[], ms: number): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const segment of segments) {
    if (model.segments.state.data[segment] !== SegmentState.Running) continue;
    const span: [number, number] = [model.segments.start.data[segment], model.segmentEnd(segment)];
    if (!best || Math.abs(span[1] - span[0] - ms) < Math.abs(best[1] - best[0] - ms)) best = span;
  }
  return best;
}

/** From the wait at the first await to the end of the wait at the second that follows it. */
function pairOfWaits(model: TraceModel, segments: readonly number[], first: SourcePlace, second: SourcePlace): [number, number] | undefined {
  const waiting = (segment: number) => model.segments.state.data[segment] !== SegmentState.Running;
  const k = segments.findIndex((segment) => waiting(segment) && atPlace(model, segment, first));
  if (k < 0) return undefined;
  for (let m = k + 1; m < segments.length; m++) {
    if (!waiting(segments[m]) || !atPlace(model, segments[m], second)) continue;
    // The wait may go on as "ready" at the same await: up to the next running slice.
    let end = m;
    while (end + 1 < segments.length && waiting(segments[end + 1]) && atPlace(model, segments[end + 1], second)) end++;
    return [model.segments.start.data[segments[k]], model.segmentEnd(segments[end])];
  }
  return undefined;
}

/** Since when the tasks were waiting (their last, unfinished wait) until the end of the trace. */
function waitingUntilEnd(model: TraceModel, ids: readonly number[]): [number, number] | undefined {
  let since = Infinity;
  for (const id of ids) {
    const task = model.tasks[id];
    if (!task) continue;
    since = Math.min(since, task.openSegment >= 0 ? model.segments.start.data[task.openSegment] : task.created);
  }
  return Number.isFinite(since) ? [since, model.timeEnd] : undefined;
}

/** The stretch of trace time the finding is about; undefined when none of its tasks is in the model. */
export function findingSpan(model: TraceModel, index: SegmentIndex, finding: Finding): [number, number] | undefined {
  const main = finding.tasks[0];
  const segments = main !== undefined && model.tasks[main] ? index.of(main) : [];
  let span: [number, number] | undefined;
  switch (finding.ruleId) {
    case 'covis/loop-blocked':
      span = sliceLasting(model, segments, finding.data.maxMs);
      break;
    case 'covis/sequential-awaits':
      span = pairOfWaits(model, segments, finding.data.first.at, finding.data.second.at);
      break;
    case 'covis/waiting-at-exit':
    case 'covis/await-cycle':
      span = waitingUntilEnd(model, finding.tasks);
      break;
    default:
      span = undefined;
  }
  return span ?? lifetime(model, finding.tasks);
}

/** The window that shows a span with some room around it (at least 2% of the trace on either side). */
export function windowAround(span: [number, number], traceStart: number, traceEnd: number): [number, number] {
  const [t0, t1] = span;
  const pad = Math.max((t1 - t0) * 0.25, (traceEnd - traceStart) * 0.02, 1e-3);
  return [Math.max(traceStart, t0 - pad), Math.min(Math.max(traceEnd, t1), t1 + pad)];
}
