// Where each task was created: the caller's line and column in the user's own TypeScript
// (read from V8's frames and mapped through the instrumented file's source map), for CommonJS
// and ES modules; and a program with a prepareStackTrace of its own never sees our captures.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { HAVE_NODE24, NODE24, NODE24_MISSING, ROOT, readTrace, recordWithCli, runNode, tempDir } from './helpers';

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

/**
 * Lines esbuild compiles into code of their own (an inlined enum, a namespace): the code then has lines
 * and columns of its own, mapped back through a chain of two source maps.
 */
const NEEDS_TRANSFORM = 'enum Unit { Ms = 1, S = 1000, Min = 60000, H = 3600000 }\nnamespace Pad { export const none = 0; }\n';

// Node 20 maps call sites of ES modules (transformed on its hooks thread) with Node's source-map
// reader; CommonJS, and on Node 24 every file, with the transform's own maps (lineIndexedMap.ts).
for (const [label, node, skip] of [[`Node ${process.versions.node.split('.')[0]}`, process.execPath, false], ['Node 24', NODE24, HAVE_NODE24 ? false : NODE24_MISSING]] as const) {
  for (const [fixture, prefix] of [['worker.cts', ''], ['worker.mts', ''], ['enum-worker.cts', NEEDS_TRANSFORM]]) {
    test(`call sites point at the caller's TypeScript line and column (${fixture}, ${label})`, { skip }, () => {
      // One program, run as CommonJS (.cts), as an ES module (a copy named .mts), and with an enum.
      const dir = tempDir();
      const file = path.join(dir, fixture);
      fs.writeFileSync(file, prefix + fs.readFileSync(path.join(FIXTURES, 'worker.cts'), 'utf8'));
      const trace = path.join(dir, 'calls.covis');
      const run = recordWithCli(file, trace, node);
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
      // Definition sites too are on the lines as written, when the transform moved them.
      const definedAt = model.sites.get(model.tasks.find((t) => t?.name === 'Worker.job')!.defSite);
      const written = fs.readFileSync(file, 'utf8').split('\n');
      assert.equal(definedAt?.line, written.findIndex((l) => l.includes('async job(')) + 1, 'the line where job is defined');
    });
  }
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
