// Where each task was created: the caller's line and column in the user's own TypeScript
// (read from V8's frames and mapped through the instrumented file's source map), for CommonJS
// and ES modules; and a program with a prepareStackTrace of its own never sees our captures.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ROOT, readTrace, recordWithCli, runNode, tempDir } from './helpers';

const FIXTURES = path.join(ROOT, 'test/runtime/fixtures/call-sites');

interface Marker {
  /** The called function's name (tasks of methods are named `Class.method`). */
  callee: string;
  line: number;
  /**
   * Where V8 places a call: the start of the called name (`job` in `this.job(1)`). Undefined for
   * a generator, which starts at its first next(), where V8 places the caller's own code.
   */
  column?: number;
}

/** The `// call: expr(...)` and `// next: gen(...)` markers of a fixture, with their positions. */
function markers(file: string): Marker[] {
  const found: Marker[] = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      const marker = /\/\/ (call|next): (?:[\w.]*\.)?(\w+)\(/.exec(text);
      if (!marker) return;
      const code = text.slice(0, marker.index);
      const column = code.search(new RegExp(`\\b${marker[2]}\\(`));
      assert.ok(column >= 0, `marker on line ${index + 1} names a call on its line`);
      found.push({ callee: marker[2], line: index + 1, column: marker[1] === 'call' ? column + 1 : undefined });
    });
  return found;
}

for (const fixture of ['worker.cts', 'worker.mts']) {
  test(`call sites point at the caller's TypeScript line and column (${fixture})`, () => {
    // One program, run as CommonJS (.cts) and as an ES module (a copy named .mts).
    const dir = tempDir();
    const file = path.join(dir, fixture);
    fs.copyFileSync(path.join(FIXTURES, 'worker.cts'), file);
    const trace = path.join(dir, 'calls.covis');
    const run = recordWithCli(file, trace);
    assert.equal(run.code, 0, run.stderr);
    const model = readTrace(trace);
    const expected = markers(file);
    assert.equal(expected.length, 5);
    for (const { callee, line, column } of expected) {
      const created = model.tasks.filter((t) => t?.name.split('.').pop() === callee && t.callSite >= 0 && model.sites.get(t.callSite)?.line === line);
      assert.equal(created.length, 1, `one ${callee} task created on line ${line}`);
      const site = model.sites.get(created[0].callSite)!;
      assert.equal(site.kind, 'call');
      assert.equal(site.file, file, 'the TypeScript file itself');
      if (column !== undefined) assert.equal(`${site.line}:${site.column}`, `${line}:${column}`, `${callee}() on line ${line}`);
    }
    // The caller, named as V8 names frames: a method with its class.
    const nameOf = (callee: string): string | undefined => {
      const task = model.tasks.find((t) => t?.name.split('.').pop() === callee && t.callSite >= 0);
      return task ? model.sites.get(task.callSite)?.name : undefined;
    };
    assert.equal(nameOf('job'), 'call in Worker.run');
    assert.equal(nameOf('run'), 'call in main');
    assert.equal(nameOf('numbers'), 'call in main');
    // The module's own code: CommonJS runs it in a function called on `module.exports`.
    assert.equal(nameOf('main'), fixture.endsWith('.cts') ? 'call in Object.<anonymous>' : 'call in <anonymous>');
  });
}

test("a program's own prepareStackTrace never runs for the shim's captures", () => {
  const file = path.join(FIXTURES, 'own-formatter.cjs');
  const trace = path.join(tempDir(), 'formatter.covis');
  const plain = runNode([file]);
  const run = recordWithCli(file, trace);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, plain.stdout, 'the program counts the same calls of its formatter');
  assert.equal(plain.stdout, '1 Error: here\n');
  const leaves = readTrace(trace).tasks.filter((t) => t?.name === 'leaf');
  assert.equal(leaves.length, 20);
  assert.ok(
    leaves.every((t) => t!.callSite === -1),
    'no call site where taking one would have gone through the program’s formatter',
  );
});
