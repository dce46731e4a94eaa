// What the findings read from source: which awaited pairs are independent, what becomes of a
// call's promise, and the comments that mark a finding deliberate.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callAt, sourceFacts } from '../../protocol/findings/sourceFacts';
import { suppressionsIn } from '../../protocol/findings/suppressions';

const pairs = (code: string): string[] => sourceFacts(code)!.awaitPairs.map((p) => `${p.kind} ${p.first.line}:${p.first.column} ${p.second.line}:${p.second.column} ${p.firstText} / ${p.secondText}`);

test('independent awaited pairs: the second does not read what the first declared', () => {
  assert.deepEqual(pairs('async function f() {\n  const a = await one(1);\n  const b = await two(2);\n}'), ['value 2:13 3:13 one(1) / two(2)']);
  assert.deepEqual(pairs('async function f() {\n  const a = await one(1);\n  const b = await two(a.id);\n}'), [], 'reads a');
  assert.deepEqual(pairs('async function f() {\n  const { a, b } = await one();\n  const c = await two(b);\n}'), [], 'reads a destructured name');
  assert.deepEqual(pairs('async function f() {\n  const a = await db.query(1);\n  const b = await db.query(2);\n}'), [], 'calls on one object are ordered on purpose');
  assert.deepEqual(pairs('async function f() {\n  await write(1);\n  await flush();\n}'), [], 'two different calls whose results are unused order side effects');
  assert.deepEqual(pairs('async function f() {\n  await say(1);\n  await say(2);\n}'), ['repeat 2:3 3:3 say(1) / say(2)']);
  assert.deepEqual(pairs("await test('a', async () => {});\nawait test('b', async () => {});\n"), [], 'a call handed code to run orders it');
  assert.deepEqual(pairs('async function f() {\n  const a = await one();\n  log(a);\n  const b = await two();\n}'), [], 'not in a row');
});

test('what becomes of a call\'s promise: dropped, void, used; forEach drops its callback\'s', () => {
  const code = 'async function g() {}\nfunction h(items) {\n  g();\n  void g();\n  const p = g();\n  items.forEach(async (x) => { await g(); });\n  return items.map(async (x) => g());\n}\n';
  const facts = sourceFacts(code)!;
  assert.equal(callAt(facts, 3, 3)?.fate, 'dropped');
  assert.equal(callAt(facts, 3, 3)?.callee, 'g');
  assert.equal(callAt(facts, 3, 3)?.creator, 'sync');
  assert.equal(callAt(facts, 4, 8)?.fate, 'void');
  assert.equal(callAt(facts, 5, 13)?.fate, 'used');
  const forEach = facts.calls.find((c) => c.callee === 'forEach')!;
  assert.equal(forEach.callbackFate, 'dropped');
  assert.deepEqual(forEach.callbacks, [{ line: 6, column: 17 }]);
  assert.equal(facts.calls.find((c) => c.callee === 'map')!.callbackFate, 'used', 'the mapped array is returned');
  assert.equal(sourceFacts('const x: number = 1;'), undefined, 'TypeScript as written does not parse: no facts');
});

test('positions through a compiler\'s mapping come back to the lines as written', () => {
  const facts = sourceFacts({ code: 'async function f() {\n  const a = await one();\n  const b = await two();\n}', writtenAt: (line, column) => ({ line: line + 10, column: column + 5 }) })!;
  assert.deepEqual([facts.awaitPairs[0].first, facts.awaitPairs[0].second], [{ line: 12, column: 18 }, { line: 13, column: 18 }]);
});

test('comments that mark a finding deliberate', () => {
  const source = [
    'a(); // covis-ignore',
    '// covis-ignore-next-line sequential-awaits',
    'b();',
    'c(); // covis-ignore loop-blocked',
    '// eslint-disable-next-line @typescript-eslint/no-floating-promises',
    'd();',
    'e();',
    '// tslint:disable: no-floating-promises',
    'f();',
  ].join('\n');
  const suppressed = suppressionsIn(source);
  assert.equal(suppressed(1, 'covis/floating-task'), true, 'covis-ignore without rules: every rule');
  assert.equal(suppressed(3, 'covis/sequential-awaits'), true);
  assert.equal(suppressed(3, 'covis/floating-task'), false, 'another rule named');
  assert.equal(suppressed(4, 'covis/loop-blocked'), true);
  assert.equal(suppressed(4, 'covis/await-cycle'), false);
  assert.equal(suppressed(6, 'covis/floating-task'), true, "the linters' floating-promise comment");
  assert.equal(suppressed(6, 'covis/loop-blocked'), false, 'silences the floating-promise rule only');
  assert.equal(suppressed(7, 'covis/floating-task'), false);
  assert.equal(suppressed(9, 'covis/floating-task'), true, 'a block disable holds for the rest of the file');
});
