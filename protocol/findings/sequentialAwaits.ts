/**
 * covis/sequential-awaits: two awaited calls in a row that the source shows independent
 * (sourceFacts.ts), measured where a task waited at one and then, after one running slice, at
 * the other. Run together they would have waited as long as the longer of the two: the saving
 * is the shorter wait.
 */
import { WaitKind } from '../events';
import { SegmentState } from '../model';
import type { AwaitPair, SourceFacts } from './sourceFacts';
import { ms, type TraceIndex } from './traceIndex';
import type { FindingOf, SequentialAwaitsData } from './types';

interface Wait {
  site: number;
  kind: number;
  start: number;
  /** When the task ran again; NaN while it still waited. */
  end: number;
}

interface Measured {
  pair: AwaitPair;
  file: string;
  sites: [number, number];
  count: number;
  savedMs: number;
  totalSavedMs: number;
  tasks: Set<number>;
  loop: number;
}

/** Waiting at a timer is a pause on purpose; at a plain value, nothing to overlap. */
const NOT_WORTH_OVERLAPPING = new Set<number>([WaitKind.Timer, WaitKind.Value]);

export function sequentialAwaits(index: TraceIndex, factsOf: (file: string) => SourceFacts | undefined, minSavingMs: number): FindingOf<'covis/sequential-awaits'>[] {
  const pairs = pairsBySites(index, factsOf);
  if (pairs.size === 0) return [];
  for (const task of index.tasks()) {
    const waits = waitsOf(index, task.id);
    for (let k = 1; k < waits.length; k++) {
      const [a, b] = [waits[k - 1], waits[k]];
      if (!a || !b) continue;
      const measured = pairs.get(`${a.site}:${b.site}`);
      if (!measured || Number.isNaN(a.end) || Number.isNaN(b.end) || NOT_WORTH_OVERLAPPING.has(a.kind) || NOT_WORTH_OVERLAPPING.has(b.kind)) continue;
      const saved = Math.min(a.end - a.start, b.end - b.start);
      measured.count++;
      measured.totalSavedMs += saved;
      measured.savedMs = Math.max(measured.savedMs, saved);
      measured.tasks.add(task.id);
      measured.loop = task.loop;
    }
  }
  return [...pairs.values()].filter((m) => m.count > 0 && m.savedMs >= minSavingMs).map((m) => finding(index, m));
}

/** The source's independent pairs, by the trace's await sites (`first:second`). */
function pairsBySites(index: TraceIndex, factsOf: (file: string) => SourceFacts | undefined): Map<string, Measured> {
  const bySites = new Map<string, Measured>();
  for (const file of index.files) {
    const facts = factsOf(file);
    if (!facts) continue;
    for (const pair of facts.awaitPairs) {
      const first = awaitSite(index, file, pair.first.line, pair.first.column);
      const second = awaitSite(index, file, pair.second.line, pair.second.column);
      if (first < 0 || second < 0) continue;
      bySites.set(`${first}:${second}`, { pair, file, sites: [first, second], count: 0, savedMs: 0, totalSavedMs: 0, tasks: new Set(), loop: 0 });
    }
  }
  return bySites;
}

/** The await site at a position, or failing that the only one on its line; -1 when none. */
function awaitSite(index: TraceIndex, file: string, line: number, column: number): number {
  const exact = index.sitesAt(file, 'await', line, column);
  if (exact.length > 0) return exact[0].id;
  const onLine = index.sitesAt(file, 'await', line);
  return onLine.length === 1 ? onLine[0].id : -1;
}

/**
 * A task's waits in order. `undefined` stands where the recording left waits out (sampled), so
 * that two waits around it are not taken as consecutive.
 */
function waitsOf(index: TraceIndex, task: number): (Wait | undefined)[] {
  const s = index.model.segments;
  const waits: (Wait | undefined)[] = [];
  let open: Wait | undefined;
  for (const segment of index.segmentsOf(task)) {
    const state = index.state(segment);
    if (state === SegmentState.Suspended) {
      open = { site: s.site.data[segment], kind: s.wait.data[segment], start: s.start.data[segment], end: Number.NaN };
      waits.push(open);
    } else if (state === SegmentState.Running) {
      if (open) open.end = s.start.data[segment];
      open = undefined;
    } else if (state === SegmentState.Sampled) {
      open = undefined;
      waits.push(undefined);
    }
  }
  return waits;
}

function finding(index: TraceIndex, m: Measured): FindingOf<'covis/sequential-awaits'> {
  const [first, second] = m.sites.map((site) => index.place(site)!);
  const data: SequentialAwaitsData = {
    first: { at: first, text: m.pair.firstText },
    second: { at: second, text: m.pair.secondText },
    kind: m.pair.kind,
    count: m.count,
    savedMs: m.savedMs,
    totalSavedMs: m.totalSavedMs,
  };
  const why = m.pair.kind === 'value' ? "the second does not use the first's result" : 'the same function, its result unused';
  const times = m.count > 1 ? ` (${m.count} times, ${ms(m.totalSavedMs)} in all)` : '';
  return {
    ruleId: 'covis/sequential-awaits',
    severity: 'note',
    message: `\`${m.pair.firstText}\` and \`${m.pair.secondText}\` (line ${second.line}) are awaited one after the other, and ${why}: started together they would have saved ${ms(m.savedMs)} in this run${times}.`,
    ...first,
    ...(second.file === first.file && second.line > first.line ? { endLine: second.line } : {}),
    tasks: [...m.tasks],
    loop: m.loop,
    related: [{ place: second, message: 'the second await' }],
    data,
  };
}
