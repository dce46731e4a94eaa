/** Bad input: syntax errors, crashes, exits, signals and broken traces are reported clearly and leave readable traces. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { encodeHeader } from '../../protocol/frames';
import { CLI, cleanEnv, readTrace, runNode, runShim, stampTree, tempDir } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (name: string): string => path.join(FIXTURES, name);
const work = tempDir('covis-bad-');
const before = stampTree(FIXTURES);
const trace = (name: string): string => path.join(work, name);

describe('bad input', () => {
  test('TypeScript syntax error: message names the file and line, non-zero exit, readable trace', () => {
    const r = runShim(fixture('ts-syntax.ts'), trace('ts.covis'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ts-syntax\.ts/);
    assert.match(r.stderr, /SyntaxError/);
    assert.match(r.stderr, /:2|line 2|2:\d/);
    assert.ok(readTrace(trace('ts.covis')).hello);
  });

  test('TypeScript syntax error on a one-line file (no line in the report header): file:line, source, caret', () => {
    const r = runShim(fixture('ts-syntax-one-line.ts'), trace('ts1.covis'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ts-syntax-one-line\.ts:1\nconst x: number = ;\n {18}\^\n\nSyntaxError: Unexpected ";"/);
    assert.doesNotMatch(r.stderr, /UserSyntaxError/);
  });

  test("JavaScript syntax error: Node's own message", () => {
    const plain = runNode([fixture('js-syntax.js')]);
    const shim = runShim(fixture('js-syntax.js'), trace('js.covis'));
    assert.equal(shim.code, plain.code);
    const firstLines = (s: string): string => s.split('\n').slice(0, 5).join('\n');
    assert.equal(firstLines(shim.stderr), firstLines(plain.stderr));
  });

  test('uncaught error: same stderr and exit as plain node, trace ends uncaught-exception', () => {
    const plain = runNode([fixture('throws.js')]);
    const shim = runShim(fixture('throws.js'), trace('throws.covis'));
    assert.equal(shim.code, plain.code);
    assert.equal(shim.stdout, plain.stdout);
    assert.match(shim.stderr, /Error: boom/);
    const model = readTrace(trace('throws.covis'));
    assert.equal(model.end?.reason, 'uncaught-exception');
    assert.ok(model.cutShort);
    assert.ok(model.tasks.some((t) => t?.outcome === 'failed'));
  });

  test('process.exit(3) mid-flight: exit 3, trace cut short', () => {
    const r = runShim(fixture('exit3.js'), trace('exit.covis'));
    assert.equal(r.code, 3);
    const model = readTrace(trace('exit.covis'));
    assert.equal(model.end?.reason, 'process-exit');
    assert.equal(model.end?.exitCode, 3);
    assert.ok(model.cutShort);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} to covis record: exits by the signal, trace readable and cut short`, async () => {
      const out = trace(`${signal}.covis`);
      const child = spawn(process.execPath, [CLI, 'record', '-q', '-o', out, '--', fixture('forever.js')], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()));
      // The shim flushes at least every 100 ms; a kill loses at most that much (docs/protocol.md).
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill(signal);
      const [, exitSignal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      assert.equal(exitSignal, signal);
      const model = readTrace(out);
      assert.ok(model.cutShort);
      assert.equal(model.end?.reason, 'signal');
      assert.ok(model.tasks.length > 1);
    });
  }

  const exportOf = (bytes: Uint8Array | string, name: string) => {
    const file = trace(name);
    fs.writeFileSync(file, bytes);
    return runNode([CLI, 'export', file, '-o', trace(`${name}.json`)]);
  };
  test('covis export: empty, corrupt, truncated header and newer-version traces fail clearly with exit 2', () => {
    const cases: [Uint8Array | string, string, RegExp][] = [
      ['', 'empty.covis', /empty/],
      ['this is not a trace at all', 'corrupt.covis', /not a Coroutine Visualizer trace/],
      [encodeHeader().subarray(0, 3), 'short.covis', /too short|header/],
      [encodeHeader(99), 'newer.covis', /newer than this reader/],
    ];
    for (const [bytes, name, message] of cases) {
      const r = exportOf(bytes, name);
      assert.equal(r.code, 2, `${name}: ${r.stderr}`);
      assert.match(r.stderr, message, name);
      assert.doesNotMatch(r.stderr, /^\s+at /m, `${name}: a stack trace instead of a message`);
    }
  });

  test('covis export of a trace cut in the middle of a frame still converts what it holds', () => {
    const full = trace('exit.covis');
    const bytes = fs.readFileSync(full);
    const r = exportOf(bytes.subarray(0, bytes.length - 7), 'cut.covis');
    assert.equal(r.code, 0, r.stderr);
  });

  test('the shim never writes to the user files it runs', () => {
    assert.deepEqual(stampTree(FIXTURES), before);
  });
});

after(() => fs.rmSync(work, { recursive: true, force: true }));
