// Completion values, and the moment of completion, for every shape the instrumenter wraps its
// own way (wrapBody in instrument.ts): async functions complete at their `return`, the others
// (a `finally` that awaits, a for-await loop left by `return`, generators closed from outside)
// only once their own code has finished.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { SegmentState, type TaskInfo } from '../../protocol/model';
import { ROOT, readTrace, recordWithCli, runNode, tempDir } from './helpers';

const FIXTURE = path.join(ROOT, 'test/runtime/fixtures/returns.mjs');

test('each coroutine completes with the value it returned, after all of its own code ran', () => {
  const trace = path.join(tempDir(), 'returns.covis');
  const plain = runNode([FIXTURE]);
  const run = recordWithCli(FIXTURE, trace);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, plain.stdout, 'same output as without the shim');
  const model = readTrace(trace);
  const named = (name: string): TaskInfo[] => model.tasks.filter((t): t is TaskInfo => t?.name === name);
  const one = (name: string): TaskInfo => {
    const found = named(name);
    assert.equal(found.length, 1, `one task named ${name}`);
    return found[0];
  };
  const summaries = (name: string): [string, string | undefined][] => named(name).map((t) => [t.outcome, t.summary]);

  assert.deepEqual(summaries('answer'), [['completed', '42']]);
  assert.deepEqual(summaries('cleanedUp'), [['completed', '"kept"']]);
  assert.deepEqual(summaries('firstOver'), [['completed', '3']]);
  assert.deepEqual(summaries('early'), [['completed', 'undefined'], ['completed', '"late"']], '`return;` midway, then a value');
  assert.deepEqual(summaries('arrow'), [['completed', '42']]);
  assert.equal(one('letters').outcome, 'completed', 'a generator closed by a for-of `break`');

  // cleanedUp returns after its first wait, and completes only after the wait in its finally.
  const s = model.segments;
  const cleanedUp = one('cleanedUp');
  const waits: number[] = [];
  for (let i = 0; i < model.segmentCount; i++) if (s.task.data[i] === cleanedUp.id && s.state.data[i] === SegmentState.Suspended) waits.push(model.segmentEnd(i));
  assert.equal(waits.length, 2, 'both waits, the second in its finally');
  assert.ok(cleanedUp.ended >= waits[1], `completed at ${cleanedUp.ended} ms, before its finally's wait ended at ${waits[1]} ms`);
  // firstOver's `return` closes the async generator first (its finally runs), then completes.
  assert.ok(one('firstOver').ended >= one('numbers').ended, 'firstOver completes after numbers was closed');
  assert.equal(one('numbers').outcome, 'completed');
});
