// The extension's pure helpers, run inside the extension host with everything else.
import * as assert from 'node:assert/strict';
import { scanCoroutines } from '../../../extension/asyncScan';
import { ByteLog } from '../../../extension/byteLog';
import { lifecycle } from '../../../extension/hover';
import { stripJsonc } from '../../../extension/snippets';
import { formatMs } from '../../../protocol/format';

describe('pure helpers', () => {
  it('scans coroutine functions and counts their await points, ignoring strings and comments', () => {
    const text = [
      'async function load(id: number) {',
      '  await fetch("await in a string");',
      '  // await in a comment',
      '  const inner = async () => { await 1; };',
      '  return await inner();',
      '}',
      'function* gen() { yield 1; yield 2; }',
      'class Q { async *drain() { for await (const x of src) yield x; } }',
    ].join('\n');
    const { functions } = scanCoroutines(text);
    const byName = Object.fromEntries(functions.map((f) => [f.name, f]));
    assert.deepEqual(byName.load.awaitLines, [1, 4]);
    assert.equal(byName.inner.kind, 'async');
    assert.deepEqual(byName.inner.awaitLines, [3]);
    assert.equal(byName.gen.kind, 'generator');
    assert.equal(byName.gen.yieldLines.length, 2);
    assert.equal(byName.drain.kind, 'async-generator');
  });

  it('tells the JavaScript difference from Python in the lifecycle text', () => {
    const text = lifecycle({ kind: 'async', awaitLines: [3, 7], yieldLines: [] });
    assert.match(text, /synchronously, until its first `await`/);
    assert.match(text, /unlike Python/);
    assert.match(text, /2 await points \(lines 4, 8\)/);
  });

  it('tells a Python coroutine function as Python runs it: nothing until awaited or scheduled', () => {
    const text = lifecycle({ kind: 'async', awaitLines: [2], yieldLines: [] }, 'python');
    assert.match(text, /runs nothing yet: it starts when it is awaited or scheduled as a task/);
    assert.match(text, /unlike JavaScript/);
    assert.doesNotMatch(text, /synchronously/);
    assert.match(lifecycle({ kind: 'generator', awaitLines: [], yieldLines: [1] }, 'python'), /`next\(\)` or `send\(v\)`/);
  });

  it('scans a Python file: async defs, generators by their yield, await lines outside nested defs', () => {
    const source = ['import asyncio', '', 'async def fetch(n):', '    """await in a docstring"""', '    await asyncio.sleep(n)', '    def inner():', '        await_not = 1', '    return n', '', 'def gen():', '    yield 1  # a yield', '', 'def plain():', "    return 'yield'", ''].join('\n');
    const { functions } = scanCoroutines(source, 'app.py');
    assert.deepEqual(functions.map((f) => [f.name, f.kind, f.line, f.awaitLines, f.yieldLines]), [
      ['fetch', 'async', 2, [4], []],
      ['gen', 'generator', 9, [], [10]],
    ]);
  });

  it('keeps raw bytes across growth', () => {
    const log = new ByteLog();
    const chunk = new Uint8Array(50000).fill(7);
    for (let i = 0; i < 5; i++) log.append(chunk);
    assert.equal(log.length, 250000);
    assert.equal(log.slice(249999)[0], 7);
  });

  it('reads JSONC snippet files', () => {
    assert.deepEqual(JSON.parse(stripJsonc('{ // c\n "a": "x // y", /* b */ "b": [1,], }')), { a: 'x // y', b: [1] });
  });

  it('formats durations', () => {
    assert.equal(formatMs(0.5), '0.50 ms');
    assert.equal(formatMs(250), '250 ms');
    assert.equal(formatMs(2500), '2.50 s');
  });
});
