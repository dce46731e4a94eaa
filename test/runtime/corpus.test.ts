/**
 * The ordering corpus: every program in test/runtime/corpus runs with and without the shim and
 * must print the same stdout and stderr and exit the same way; its trace must decode and keep the
 * loop invariant (every running slice inside a turn of the loop).
 *
 * JavaScript programs run on this Node (20+) plain vs shim. TypeScript programs are compared with
 * tsx, the reference loader (the same file, on Node 24), on Node 24 with the shim for every byte,
 * and on this Node with the shim for stdout and exit code (stderr wording differs between Nodes).
 * A program tsx cannot run carries its expected stdout in `<name>.stdout`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { EMPTY_IMPORT, HAVE_NODE24, NODE24, NODE24_MISSING, ROOT, loopInvariantViolation, readTrace, runNode, runShim, stampTree, tempDir, type Run } from './helpers';

const CORPUS = path.join(__dirname, 'corpus');
const TSX_CLI = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const PROGRAM = /^\d\d-.*\.(?:js|mjs|cjs|ts|mts|cts)$/;
const programs = fs
  .readdirSync(CORPUS, { recursive: true })
  .map(String)
  .filter((f) => PROGRAM.test(path.basename(f)))
  .sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
const isTs = (f: string): boolean => /\.[mc]?ts$/.test(f);
const work = tempDir('covis-corpus-');
const before = stampTree(CORPUS);

/**
 * Normalized, and nothing else (in stdout and stderr): the version banner (differs between Node releases); on Node 20
 * the one extra blank line Node itself prints under an uncaught error's source excerpt once
 * source maps are enabled (Node 24 does not); and `file://` before paths in stack frames, which
 * Node 24's own type stripping prints for TypeScript files and the shim (like any CommonJS
 * loader) does not.
 */
const normalize = (text: string): string =>
  text
    .replace(/^Node\.js v\d+\.\d+\.\d+$/m, 'Node.js <version>')
    .replace(/^( *\^+)\n\n\n/m, '$1\n\n')
    .replace(/file:\/\//g, '')
    // Node formats the frames of a file that has a source map (every instrumented file) with its
    // source-map formatter, which never prints the " [as property]" alias (see docs/runtime.md).
    .replace(/^( +at \S+) \[as [^\]]+\]/gm, '$1');
/** A JavaScript program that loads TypeScript: Node 20 cannot run it plainly, tsx on Node 24 is the baseline. */
const loadsTypeScript = (file: string): boolean => /require\(['"][^'"]+\.[mc]?ts['"]\)/.test(fs.readFileSync(file, 'utf8'));

function sameRun(actual: Run, expected: Run, what: string, stderr = true): void {
  assert.equal(normalize(actual.stdout), normalize(expected.stdout), `${what}: stdout differs`);
  if (stderr) assert.equal(normalize(actual.stderr), normalize(expected.stderr), `${what}: stderr differs`);
  assert.equal(actual.code, expected.code, `${what}: exit code differs`);
  assert.equal(actual.signal, expected.signal, `${what}: signal differs`);
}

function checkTrace(trace: string, what: string): void {
  const model = readTrace(trace);
  assert.ok(model.hello, `${what}: trace has no Hello`);
  assert.ok(model.end, `${what}: trace has no End frame`);
  assert.ok(!model.truncated, `${what}: trace is truncated`);
  const violation = loopInvariantViolation(model);
  assert.equal(violation, undefined, `${what}: ${violation}`);
}

describe('ordering corpus: same behaviour with and without the shim', () => {
  assert.ok(programs.length >= 25, `corpus has only ${programs.length} programs`);
  for (const rel of programs) {
    const file = path.join(CORPUS, rel);
    const cwd = path.dirname(file);
    const golden = `${file}.stdout`;
    const trace = (tag: string): string => path.join(work, `${path.basename(rel)}.${tag}.covis`);
    if (!isTs(rel) && !loadsTypeScript(file)) {
      test(rel, () => {
        const plain = runNode([file], { cwd });
        const shim = runShim(file, trace('node'), { cwd });
        sameRun(shim, plain, 'shim (--require) vs plain node');
        checkTrace(trace('node'), rel);
        // `--import` itself moves the entry's first tick (see launch.ts): compare like with like.
        const plainImport = runNode(['--import', EMPTY_IMPORT, file], { cwd });
        const shimImport = runShim(file, trace('import'), { cwd, preload: 'import' });
        sameRun(shimImport, plainImport, 'shim (--import) vs node --import <empty module>');
        checkTrace(trace('import'), `${rel} (--import)`);
      });
      continue;
    }
    test(rel, { skip: HAVE_NODE24 ? false : NODE24_MISSING }, () => {
      const expected: Run = fs.existsSync(golden)
        ? { stdout: fs.readFileSync(golden, 'utf8'), stderr: '', code: 0, signal: null }
        : runNode([TSX_CLI, file], { node: NODE24, cwd });
      const shim24 = runShim(file, trace('node24'), { node: NODE24, cwd });
      sameRun(shim24, expected, 'Node 24 + shim vs tsx on Node 24');
      checkTrace(trace('node24'), `${rel} (Node 24)`);
      const shim20 = runShim(file, trace('node'), { cwd });
      sameRun(shim20, expected, `Node ${process.version} + shim vs tsx on Node 24`, expected.stderr === '');
      checkTrace(trace('node'), `${rel} (Node ${process.version})`);
    });
  }

  test('the shim never writes to the programs it runs', () => {
    assert.deepEqual(stampTree(CORPUS), before);
  });
});

after(() => fs.rmSync(work, { recursive: true, force: true }));
