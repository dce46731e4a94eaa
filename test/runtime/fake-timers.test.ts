// Programs that replace timers and clocks (fake-timer libraries): output unchanged, and the
// trace keeps real time because the shim took its clock before user code ran.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT, readTrace, recordWithCli, runNode, tempDir } from './helpers';

test('a fake clock and fake setTimeout change nothing in the output, and the trace keeps real time', () => {
  const program = path.join(ROOT, 'test/runtime/fixtures/fake-timers.js');
  const trace = path.join(tempDir(), 'fake.covis');
  const plain = runNode([program]);
  const run = recordWithCli(program, trace);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, plain.stdout);
  assert.match(run.stdout, /fake clock still at 120/);
  const model = readTrace(trace);
  const main = model.tasks.find((t) => t?.name === 'main')!;
  assert.equal(main.outcome, 'completed');
  // main waited at least the real 30 ms; with the fake clock it would look instantaneous.
  assert.ok(main.ended - main.created >= 25, `main lasted ${main.ended - main.created} ms`);
  assert.ok(model.tasks.filter((t) => t?.name === 'worker').every((t) => t.outcome === 'completed'));
});
