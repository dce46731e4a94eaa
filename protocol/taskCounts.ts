/** How many tasks a trace holds, by outcome: shared by the CLI summary and the editor's status. */
import { isWaiting, type TraceModel } from './model';

export interface TaskCounts {
  total: number;
  completed: number;
  failed: number;
  live: number;
  /** Live tasks whose open segment is suspended or ready (not on the thread). */
  suspendedNow: number;
}

export function countTasks(model: TraceModel): TaskCounts {
  const counts: TaskCounts = { total: 0, completed: 0, failed: 0, live: 0, suspendedNow: 0 };
  for (const task of model.tasks) {
    if (!task) continue;
    counts.total++;
    counts[task.outcome]++;
    if (task.outcome === 'live' && task.openSegment >= 0 && isWaiting(model.segments.state.data[task.openSegment])) counts.suspendedNow++;
  }
  return counts;
}
