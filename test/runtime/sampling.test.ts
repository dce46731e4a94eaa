// Sampled recording (sample: first N, then one in N per coroutine function, sparser while hot): what it keeps,
// that it changes nothing the program sees, and that the trace stays consistent.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { SampleOptions } from '../../protocol/events';
import { SegmentState } from '../../protocol/model';
import { CLI, REGISTER, ROOT, readTrace, runNode, tempDir } from './helpers';

const program = path.join(ROOT, 'test/runtime/fixtures/sampled.js');

/** Records the fixture with these sampling settings; returns the model and a name lookup. */
function recordSampled(how: 'cli' | SampleOptions) {
  const trace = path.join(tempDir(), 'sampled.covis');
  const plain = runNode([program]);
  const run =
    how === 'cli'
      ? runNode([CLI, 'record', '-q', '--sample', '10', '-o', trace, '--', program])
      : runNode(['--require', REGISTER, program], { env: { COVIS_OPTIONS: JSON.stringify({ tracePath: trace, sample: how }) } });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, plain.stdout);
  const model = readTrace(trace);
  const byName = (name: string) => model.tasks.filter((t) => t?.name === name);
  return { model, byName };
}

/** The states of the task's segments, in order (its recorded waits are the Suspended ones). */
function segmentStates(model: ReturnType<typeof readTrace>, task: number): SegmentState[] {
  const states = [];
  for (let i = 0; i < model.segmentCount; i++) if (model.segments.task.data[i] === task) states.push(model.segments.state.data[i] as SegmentState);
  return states;
}

test('a fixed interval (sample: first 10, every 10) keeps the first 10 instances of each function and then one in 10', () => {
  const { model, byName } = recordSampled({ first: 10, every: 10 });
  assert.deepEqual(model.hello?.sample, { first: 10, every: 10 });
  // 200 middles: 0..9, then 10, 20, ..., 190; 400 leaves: 0..9, then 10, ..., 390.
  assert.equal(byName('middle').length, 29);
  assert.equal(byName('leaf').length, 49);
  // main awaits 200 times: its first 10 waits, then one in 10 (the 20th, 30th, ... 200th).
  const main = byName('main')[0];
  assert.equal(segmentStates(model, main.id).filter((s) => s === SegmentState.Suspended).length, 10 + 19);
});

test('covis record --sample 10 keeps the first 10 of each function, then one in 10, sparser while it stays hot', () => {
  const { model, byName } = recordSampled('cli');
  assert.deepEqual(model.hello?.sample, { first: 10, every: 10, maxEvery: 640, step: 10 });
  // The interval doubles after every 10 samples past the first 10. 200 middles: 0..9, then
  // 10, 20, ..., 100, then 120, 140, 160, 180. 400 leaves: the same to 100, then 120, 140, ...,
  // 300, then 340, 380.
  assert.equal(byName('middle').length, 10 + 10 + 4);
  assert.equal(byName('leaf').length, 10 + 10 + 10 + 2);
  assert.equal(byName('main').length, 1);
  assert.ok(model.tasks.every((t) => !t || t.outcome === 'completed'));
  // Waits are sampled too: main awaits 200 times; its first 10 waits are recorded, then the
  // 20th, 30th, ... 110th, then the 130th, 150th, 170th, 190th; from its 11th wait on it reads
  // as sampled.
  const main = byName('main')[0];
  const mainSegments = segmentStates(model, main.id);
  assert.equal(mainSegments.filter((s) => s === SegmentState.Suspended).length, 10 + 10 + 4);
  assert.ok(mainSegments.filter((s) => s === SegmentState.Sampled).length >= 14);
  assert.ok(Number.isFinite(main.sampledFrom));
  // Tasks with fewer waits than that are recorded in full.
  assert.ok(byName('middle').every((t) => Number.isNaN(t.sampledFrom)));
  // A recorded leaf under an unrecorded middle hangs under main, the nearest recorded ancestor.
  const mainId = byName('main')[0].id;
  const middles = new Set(byName('middle').map((t) => t.id));
  assert.ok(byName('leaf').every((t) => middles.has(t.parent) || t.parent === mainId));
  assert.ok(byName('leaf').some((t) => t.parent === mainId));
  for (let i = 0; i < model.segmentCount; i++) {
    if (model.segments.state.data[i] !== SegmentState.Running) continue;
    const [start, end] = [model.segments.start.data[i], model.segmentEnd(i)];
    let inside = false;
    for (let t = 0; t < model.turnCount && !inside; t++) inside = model.turns.start.data[t] <= start && end <= model.turnEnd(t);
    assert.ok(inside, `running slice ${i} lies in a loop turn`);
  }
});

test('the interval doubles after every `step` samples taken at it (sample: first 10, every 10, step 3)', () => {
  const { model, byName } = recordSampled({ first: 10, every: 10, maxEvery: 640, step: 3 });
  assert.deepEqual(model.hello?.sample, { first: 10, every: 10, maxEvery: 640, step: 3 });
  // 200 middles: 0..9, then 10, 20, 30 (one in 10), 50, 70, 90 (one in 20), 130, 170 (one in 40).
  assert.equal(byName('middle').length, 10 + 3 + 3 + 2);
  // 400 leaves: the same, and 210 (one in 40), then 290, 370 (one in 80).
  assert.equal(byName('leaf').length, 10 + 3 + 3 + 3 + 2);
  // main's 200 waits: the first 10, then the 20th, 30th, 40th, the 60th, 80th, 100th, the 140th, 180th.
  const main = byName('main')[0];
  assert.equal(segmentStates(model, main.id).filter((s) => s === SegmentState.Suspended).length, 10 + 8);
});

test('--sample rejects values that are not integers of 2 or more', () => {
  const run = runNode([CLI, 'record', '--sample', '1', '-o', path.join(tempDir(), 'x.covis'), '--', program]);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /expected an integer of 2 or more/);
});
