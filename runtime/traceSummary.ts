/** One line that says what a trace holds, for the CLI and logs. */
import type { TraceModel } from '../protocol/model';
import { countTasks } from '../protocol/taskCounts';

export function formatSummary(model: TraceModel): string {
  const { total: tasks, failed, live } = countTasks(model);
  const parts = [
    `${tasks} tasks`,
    `${model.eventCount} events`,
    `${model.turnCount} loop turns`,
    `${model.timeEnd.toFixed(1)} ms`,
  ];
  if (model.loops.length > 1) parts.push(...loopParts(model));
  if (failed) parts.push(`${failed} failed`);
  if (live) parts.push(`${live} unfinished`);
  if (model.dropped) parts.push(`${model.dropped} events dropped`);
  const sample = model.hello?.sample;
  if (sample) parts.push(`sampled: first ${sample.first} then 1 in ${sample.every}${sample.maxEvery && sample.maxEvery > sample.every ? ` growing to 1 in ${sample.maxEvery}` : ''} per function`);
  parts.push(model.cutShort ? `cut short (${model.end?.reason ?? 'no end frame'})` : 'ended normally');
  return parts.join(', ');
}

/**
 * "3 loops: app.ts (pid 1), worker 2 (w.js), …" and the loops after the first that were cut
 * short (the first one's ending closes the line). A stream cut short as a whole says so there.
 */
function loopParts(model: TraceModel): string[] {
  const parts = [`${model.loops.length} loops: ${model.loops.map((loop) => loop.name).join(', ')}`];
  if (model.truncated) return parts;
  const cut = model.loops.filter((loop) => loop.index > 0 && model.loopCutShort(loop.index));
  if (cut.length) parts.push(`cut short: ${cut.map((loop) => `${loop.name} (${loop.end?.reason ?? 'no end frame'})`).join(', ')}`);
  return parts;
}
