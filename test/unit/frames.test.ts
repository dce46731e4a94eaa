import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventKind, FrameType } from '../../protocol/events';
import { FrameDecoder, TraceFormatError, decodeTrace } from '../../protocol/frames';
import { syntheticTrace } from './syntheticTrace';

const sites = [{ id: 1, kind: 'async' as const, name: 'main', file: '/a.ts', line: 1, column: 1 }];
const rows: [EventKind, number, number][] = [
  [EventKind.TurnBegin, -1, 0],
  [EventKind.TaskCreate, 1, 1],
  [EventKind.Complete, 1, 2],
  [EventKind.TurnEnd, -1, 2],
];

test('a trace decodes to the frames written, events column by column', () => {
  const { frames, truncated } = decodeTrace(syntheticTrace(sites, rows, {}));
  assert.equal(truncated, false);
  assert.deepEqual(frames.map((f) => f.type), [FrameType.Hello, FrameType.Sites, FrameType.Strings, FrameType.Events, FrameType.End]);
  const events = frames.find((f) => f.type === FrameType.Events);
  assert.ok(events && events.type === FrameType.Events);
  assert.deepEqual([...events.batch.kind], rows.map((r) => r[0]));
  assert.deepEqual([...events.batch.time], [0, 1, 2, 2]);
});

test('the stream decoder gives the same frames whatever the chunk boundaries', () => {
  const bytes = syntheticTrace(sites, rows, {});
  const whole = decodeTrace(bytes).frames.length;
  for (const size of [1, 2, 3, 7, 64]) {
    const decoder = new FrameDecoder();
    let count = 0;
    for (let at = 0; at < bytes.length; at += size) count += decoder.push(bytes.subarray(at, at + size)).length;
    assert.equal(count, whole, `chunks of ${size}`);
    assert.equal(decoder.leftover, 0);
  }
});

test('a truncated file decodes up to the cut and says it was truncated', () => {
  const bytes = syntheticTrace(sites, rows, {});
  const { frames, truncated } = decodeTrace(bytes.subarray(0, bytes.length - 3));
  assert.equal(truncated, true);
  assert.equal(frames.at(-1)?.type, FrameType.Events);
});

test('bad files get clear errors', () => {
  assert.throws(() => decodeTrace(new Uint8Array()), /empty/);
  assert.throws(() => decodeTrace(new TextEncoder().encode('{"traceEvents":[]}')), /not a Coroutine Visualizer trace/);
  const newer = syntheticTrace(sites, rows);
  newer[5] = 99;
  assert.throws(() => decodeTrace(newer), (e: Error) => e instanceof TraceFormatError && /version 99 is newer/.test(e.message));
  const badType = syntheticTrace(sites, rows);
  badType[6 + 4] = 42;
  assert.throws(() => decodeTrace(badType), /unknown frame type 42/);
});
