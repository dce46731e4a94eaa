/**
 * Finds what a source position means in a trace: the coroutine function defined there, the
 * await/yield there, or a call there that created tasks. Sites carry the original file, line
 * and column (the loader maps positions back to the user's .ts), so matching is by line plus
 * the word under the cursor. Every loop (worker thread, child process) that loaded a file has
 * sites of its own for it, so a place is matched by file, line and column, never by site id:
 * counts cover the instances of every loop. No vscode import.
 */
import * as path from 'node:path';
import type { Site } from '../protocol/events';
import { isWaiting, SegmentState, type TaskInfo, type TraceModel } from '../protocol/model';

const FUNCTION_KINDS = new Set(['async', 'generator', 'async-generator']);
const SUSPEND_KINDS = new Set(['await', 'yield', 'for-await']);
const SUSPEND_WORDS = new Set(['await', 'yield', 'for']);

export type HoverTarget =
  | { kind: 'function'; site: Site; tasks: TaskInfo[] }
  | { kind: 'suspend'; site: Site; suspensions: number; suspendedMs: number; tasksHere: TaskInfo[]; everHere: TaskInfo[] }
  | { kind: 'call'; name: string; tasks: TaskInfo[] };

/** Paths as the runtime wrote them vs as the editor has them: same file, maybe different case on Windows. */
export function samePath(a: string, b: string): boolean {
  const na = path.normalize(a);
  const nb = path.normalize(b);
  return process.platform === 'win32' || process.platform === 'darwin' ? na.toLowerCase() === nb.toLowerCase() : na === nb;
}

export class SiteIndex {
  private byLine = new Map<string, Site[]>();
  private indexed = -1;

  constructor(private readonly model: TraceModel) {}

  /** Sites on a 1-based line of a file. */
  sitesAt(file: string, line: number): Site[] {
    this.refresh();
    return this.byLine.get(`${path.normalize(file)}:${line}`) ?? this.scan(file, line);
  }

  /** The coroutine functions of a file (for CodeLens counts): one site per place, whatever loops loaded it. */
  functionSites(file: string): Site[] {
    const places = new Map<string, Site>();
    for (const site of this.model.sites.values()) {
      if (FUNCTION_KINDS.has(site.kind) && samePath(site.file, file)) {
        const key = `${site.line}:${site.column}:${site.name}`;
        if (!places.has(key)) places.set(key, site);
      }
    }
    return [...places.values()];
  }

  /** The site of the same place in every loop that loaded its file (each loop numbers its own sites). */
  samePlace(site: Site): Site[] {
    return this.sitesAt(site.file, site.line).filter((s) => s.kind === site.kind && s.column === site.column && s.name === site.name);
  }

  /** Instances of the function defined at `site`, in every loop. */
  tasksOf(site: Site): TaskInfo[] {
    const ids = new Set(this.samePlace(site).map((s) => s.id));
    return this.model.tasks.filter((t) => t && ids.has(t.defSite));
  }

  /**
   * What hovering `word` (starting at 1-based `column`) on `line` points at, or undefined.
   * Order: an await/yield keyword, then a function defined on the line, then a call on the line.
   */
  hoverTarget(file: string, line: number, word: string, column: number): HoverTarget | undefined {
    const sites = this.sitesAt(file, line);
    if (SUSPEND_WORDS.has(word)) {
      const suspendSites = sites.filter((s) => SUSPEND_KINDS.has(s.kind));
      const site = closest(suspendSites, column);
      if (site) return this.suspendTarget(site);
    }
    const defs = sites.filter((s) => FUNCTION_KINDS.has(s.kind));
    const def = defs.find((s) => s.name === word || s.name.endsWith(`.${word}`)) ?? (['async', 'function'].includes(word) ? closest(defs, column) : undefined);
    if (def) return { kind: 'function', site: def, tasks: this.tasksOf(def) };
    // A call on this line: tasks of a function named `word`, preferring those created by an
    // await on this very line (the runtime ties `await f()` to the task f created).
    const named = this.model.tasks.filter((t) => t && (t.name === word || t.name.endsWith(`.${word}`)));
    if (named.length === 0) return undefined;
    const lineSites = new Set(sites.map((s) => s.id));
    const fromHere = named.filter((t) => lineSites.has(t.callSite));
    return { kind: 'call', name: word, tasks: fromHere.length ? fromHere : named };
  }

  private suspendTarget(site: Site): HoverTarget {
    const s = this.model.segments;
    const here = new Set(this.samePlace(site).map((same) => same.id));
    let suspensions = 0;
    let suspendedMs = 0;
    const ever = new Set<number>();
    for (let i = 0; i < s.task.length; i++) {
      if (!here.has(s.site.data[i]) || s.state.data[i] !== SegmentState.Suspended) continue;
      suspensions++;
      suspendedMs += this.model.segmentEnd(i) - s.start.data[i];
      ever.add(s.task.data[i]);
    }
    const tasksHere = this.model.tasks.filter(
      (t) => t && t.outcome === 'live' && t.openSegment >= 0 && here.has(s.site.data[t.openSegment]) && isWaiting(s.state.data[t.openSegment]),
    );
    const everHere = [...ever].map((id) => this.model.tasks[id]).filter(Boolean);
    return { kind: 'suspend', site, suspensions, suspendedMs, tasksHere, everHere };
  }

  private refresh(): void {
    if (this.indexed === this.model.sites.size) return;
    this.byLine.clear();
    for (const site of this.model.sites.values()) {
      const key = `${path.normalize(site.file)}:${site.line}`;
      const list = this.byLine.get(key);
      if (list) list.push(site);
      else this.byLine.set(key, [site]);
    }
    this.indexed = this.model.sites.size;
  }

  /** Fallback for case-insensitive file systems where the exact key missed. */
  private scan(file: string, line: number): Site[] {
    if (process.platform !== 'win32' && process.platform !== 'darwin') return [];
    return [...this.model.sites.values()].filter((s) => s.line === line && samePath(s.file, file));
  }
}

function closest(sites: Site[], column: number): Site | undefined {
  let best: Site | undefined;
  for (const site of sites) if (!best || Math.abs(site.column - column) < Math.abs(best.column - column)) best = site;
  return best;
}

/** Tasks suspended (or ready) right now, grouped by the line of the await/yield they sit at. */
export function suspendedByLine(model: TraceModel, file: string): Map<number, TaskInfo[]> {
  const out = new Map<number, TaskInfo[]>();
  const s = model.segments;
  for (const task of model.tasks) {
    if (!task || task.outcome !== 'live' || task.openSegment < 0) continue;
    if (!isWaiting(s.state.data[task.openSegment])) continue;
    const site = model.sites.get(s.site.data[task.openSegment]);
    if (!site || !samePath(site.file, file)) continue;
    const list = out.get(site.line);
    if (list) list.push(task);
    else out.set(site.line, [task]);
  }
  return out;
}
