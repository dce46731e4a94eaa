/**
 * Helpers for the example tests: record one example under the shim and query its TraceModel
 * (task lifetimes, running slices, overlaps) in the words the swimlanes use.
 */
import * as path from 'node:path';
import { launchRecorded } from '../../runtime/launch';
import { decodeTrace } from '../../protocol/frames';
import { buildModel, SegmentState, type TaskInfo, type TraceModel } from '../../protocol/model';

export const ROOT = path.resolve(__dirname, '..', '..');
export const REGISTER = path.join(ROOT, 'dist', 'register.js');

export interface Recorded {
  model: TraceModel;
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs examples/<name> under the shim and returns its trace model and output. */
export async function recordExample(name: string, timeoutMs = 15_000): Promise<Recorded> {
  const chunks: Uint8Array[] = [];
  const run = launchRecorded(
    { program: path.join(ROOT, 'examples', name), cwd: path.join(ROOT, 'examples'), registerPath: REGISTER, stdio: ['ignore', 'pipe', 'pipe'] },
    { onBytes: (bytes) => chunks.push(Uint8Array.from(bytes)) },
  );
  let stdout = '';
  let stderr = '';
  run.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  run.child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const { code } = await run.exited;
  clearTimeout(timer);
  const bytes = Buffer.concat(chunks);
  const { frames, truncated } = decodeTrace(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const model = buildModel(frames, truncated);
  return { model, stdout, stderr, code };
}

export function liveTasks(model: TraceModel): TaskInfo[] {
  return model.tasks.filter((t): t is TaskInfo => t !== undefined);
}

export function tasksNamed(model: TraceModel, name: string): TaskInfo[] {
  return liveTasks(model).filter((t) => t.name === name);
}

export function oneTask(model: TraceModel, name: string): TaskInfo {
  const found = tasksNamed(model, name);
  if (found.length !== 1) throw new Error(`expected one task named ${name}, found ${found.length}: ${describe(model)}`);
  return found[0];
}

export interface Segment {
  task: number;
  start: number;
  end: number;
  state: SegmentState;
  site: number;
  wait: number;
  other: number;
}

export function segmentsOf(model: TraceModel, taskId: number): Segment[] {
  const s = model.segments;
  const out: Segment[] = [];
  for (let i = 0; i < model.segmentCount; i++) {
    if (s.task.data[i] !== taskId) continue;
    out.push({ task: taskId, start: s.start.data[i], end: model.segmentEnd(i), state: s.state.data[i] as SegmentState, site: s.site.data[i], wait: s.wait.data[i], other: s.other.data[i] });
  }
  return out;
}

/** Time during which both tasks were alive (created..ended), in ms; 0 when they do not overlap. */
export function lifetimeOverlap(a: TaskInfo, b: TaskInfo): number {
  return Math.max(0, Math.min(a.ended, b.ended) - Math.max(a.created, b.created));
}

export function duration(task: TaskInfo): number {
  return task.ended - task.created;
}

/** Most tasks of the given set alive at one moment. */
export function maxAlive(tasks: TaskInfo[]): number {
  return mostAtOnce(tasks.map((t) => ({ start: t.created, end: t.ended })));
}

/** The most intervals open at one instant. */
export function mostAtOnce(intervals: { start: number; end: number }[]): number {
  const edges = intervals.flatMap((s) => [
    { time: s.start, delta: 1 },
    { time: s.end, delta: -1 },
  ]);
  // Ends sort before starts at the same instant: a slot freed and taken in one turn is not two at once.
  edges.sort((x, y) => x.time - y.time || x.delta - y.delta);
  let open = 0;
  let most = 0;
  for (const e of edges) {
    open += e.delta;
    most = Math.max(most, open);
  }
  return most;
}

/** One line per task, for failure messages. */
export function describe(model: TraceModel): string {
  return liveTasks(model)
    .map((t) => `#${t.id} ${t.name} (${t.kind}) parent=${t.parent} ${t.created.toFixed(1)}..${t.ended.toFixed(1)} ${t.outcome}${t.summary ? ` ${t.summary}` : ''}`)
    .join('\n');
}
