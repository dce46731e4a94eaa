/**
 * Look-ups the rules share, built once per check: each task's segments in order, sites by file
 * and line, and how findings name tasks, places and waits.
 */
import { WAIT_KIND_NAMES, type Site } from '../events';
import { SegmentState, type TaskInfo, type TraceModel } from '../model';
import type { SourcePlace, TaskRef, WaitLink } from './types';

export class TraceIndex {
  /** Segment indexes of each task, in time order (indexed by task id). */
  private readonly segmentsByTask: number[][] = [];
  private readonly sitesByFile = new Map<string, Site[]>();

  constructor(readonly model: TraceModel) {
    const tasks = model.segments.task.data;
    for (let i = 0; i < model.segmentCount; i++) (this.segmentsByTask[tasks[i]] ??= []).push(i);
    for (const site of model.sites.values()) {
      const list = this.sitesByFile.get(site.file);
      if (list) list.push(site);
      else this.sitesByFile.set(site.file, [site]);
    }
  }

  segmentsOf(task: number): readonly number[] {
    return this.segmentsByTask[task] ?? [];
  }

  /** Every task that was recorded (the model's array has holes where creations were dropped). */
  *tasks(): Iterable<TaskInfo> {
    for (const task of this.model.tasks) if (task) yield task;
  }

  get files(): Iterable<string> {
    return this.sitesByFile.keys();
  }

  /** Sites of `kind` in `file` at `line` (and `column`, when given). */
  sitesAt(file: string, kind: Site['kind'], line: number, column?: number): Site[] {
    return (this.sitesByFile.get(file) ?? []).filter((site) => site.kind === kind && site.line === line && (column === undefined || site.column === column));
  }

  place(site: number): SourcePlace | undefined {
    const found = this.model.sites.get(site);
    return found ? { file: found.file, line: found.line, column: found.column } : undefined;
  }

  siteText(site: number): string | undefined {
    return this.model.sites.get(site)?.name;
  }

  taskRef(task: TaskInfo): TaskRef {
    const at = this.place(task.defSite);
    return at ? { id: task.id, name: task.name, at } : { id: task.id, name: task.name };
  }

  /** The task suspended at `segment`'s await (or, without one, the task alone). */
  waitLink(task: TaskInfo, segment: number): WaitLink {
    const site = segment >= 0 ? this.model.segments.site.data[segment] : -1;
    const at = site >= 0 ? this.place(site) : undefined;
    const text = site >= 0 ? this.siteText(site) : undefined;
    return { task: this.taskRef(task), ...(at ? { at } : {}), ...(text ? { text } : {}) };
  }

  state(segment: number): SegmentState {
    return this.model.segments.state.data[segment] as SegmentState;
  }

  waitName(segment: number): string {
    return WAIT_KIND_NAMES[this.model.segments.wait.data[segment]] ?? 'unknown';
  }
}

/** `name (file.ts:12)` for messages. */
export function describeTask(ref: TaskRef): string {
  return ref.at ? `${ref.name} (${baseName(ref.at.file)}:${ref.at.line})` : ref.name;
}

export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** Milliseconds as messages print them. */
export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s` : `${Math.round(value)} ms`;
}
