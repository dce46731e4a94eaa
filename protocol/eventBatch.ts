/** Building event batches by hand (tests, synthetic traces, benchmarks): one event at a time. */
import type { EventBatch, EventKind } from './events';

export function createBatch(capacity: number): EventBatch {
  return {
    count: 0,
    time: new Float64Array(capacity),
    task: new Int32Array(capacity),
    site: new Int32Array(capacity),
    arg: new Int32Array(capacity),
    arg2: new Int32Array(capacity),
    kind: new Uint8Array(capacity),
  };
}

/** Appends one event; the caller keeps count below the capacity it created the batch with. */
export function pushEvent(batch: EventBatch, kind: EventKind, time: number, task: number, site = -1, arg = 0, arg2 = -1): void {
  const i = batch.count++;
  batch.kind[i] = kind;
  batch.time[i] = time;
  batch.task[i] = task;
  batch.site[i] = site;
  batch.arg[i] = arg;
  batch.arg2[i] = arg2;
}
