// The trace says what each suspension waits on: a kept task (`const t = f(); await t`), a
// combinator, a timer, a plain value.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { WaitKind } from '../../protocol/events';
import { SegmentState } from '../../protocol/model';
import { ROOT, readTrace, recordWithCli, tempDir } from './helpers';

test('suspensions name what they wait on, including a task kept in a variable', () => {
  const trace = path.join(tempDir(), 'waits.covis');
  const run = recordWithCli(path.join(ROOT, 'test/runtime/fixtures/waits.mjs'), trace);
  assert.equal(run.code, 0, run.stderr);
  const model = readTrace(trace);
  const main = model.tasks.find((t) => t?.name === 'main')!;
  const firstChild = model.tasks.find((t) => t?.name === 'child')!;
  const waits: [number, number][] = [];
  const s = model.segments;
  for (let i = 0; i < model.segmentCount; i++) {
    if (s.task.data[i] === main.id && s.state.data[i] === SegmentState.Suspended) waits.push([s.wait.data[i], s.other.data[i]]);
  }
  assert.equal(waits.length, 3);
  assert.deepEqual(waits[0], [WaitKind.Task, firstChild.id], 'await t: the task t holds');
  assert.equal(waits[1][0], WaitKind.All);
  assert.equal(waits[2][0], WaitKind.Value);
  const childWaits = [];
  for (let i = 0; i < model.segmentCount; i++) if (s.task.data[i] === firstChild.id && s.state.data[i] === SegmentState.Suspended) childWaits.push(s.wait.data[i]);
  assert.deepEqual(childWaits, [WaitKind.Timer]);
});
