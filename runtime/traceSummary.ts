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
  if (failed) parts.push(`${failed} failed`);
  if (live) parts.push(`${live} unfinished`);
  if (model.dropped) parts.push(`${model.dropped} events dropped`);
  const sample = model.hello?.sample;
  if (sample) parts.push(`sampled: first ${sample.first} then 1 in ${sample.every}${sample.maxEvery && sample.maxEvery > sample.every ? ` growing to 1 in ${sample.maxEvery}` : ''} per function`);
  parts.push(model.cutShort ? `cut short (${model.end?.reason ?? 'no end frame'})` : 'ended normally');
  return parts.join(', ');
}
