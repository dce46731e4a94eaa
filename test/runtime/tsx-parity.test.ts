/**
 * Parity with tsx, the reference loader: each program under test/runtime/tsx-parity/<case>/
 * (TypeScript as projects write it: type imports without `type`, legacy and standard decorators,
 * tsconfig `paths` through `extends`, `import =`/`export =`, TSX/JSX with a tsconfig factory,
 * enums and namespaces, .mts/.cts, CommonJS packages, allowJs, uncaught errors, tsc's output run
 * with its source maps, a tsconfig named by TSX_TSCONFIG_PATH) runs under the
 * shim, recording, with the stdout, stderr and exit code tsx gives it, on this Node and on
 * Node 24; and its trace holds the tasks of the case's own files.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { HAVE_NODE24, NODE24, NODE24_MISSING, ROOT, loopInvariantViolation, readTrace, runNode, runShim, stampTree, taskNamesByFile, tempDir, type Run } from './helpers';

const CASES = path.join(__dirname, 'tsx-parity');
const TSX_CLI = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const work = tempDir('covis-tsx-');
const before = stampTree(CASES);

/**
 * Where the shim's output may differ from tsx's, and what is compared instead. A plain JavaScript
 * ES module, which tsx leaves to Node: a frame at an `await` that the shim's probe moved is printed
 * through the shim's source map in Node's source-map layout (`at async <anonymous> (/path…)` for
 * `at async file:///path…`); every other line is the same (docs/runtime.md, known limits). The
 * message, and every frame's file, line and column, must still match.
 */
const STDERR_LAYOUT_ONLY = new Set(['esm-stack-mjs']);

/** The message and the frames' positions, in a layout-free form. */
function errorShape(stderr: string): string[] {
  const message = stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? '';
  const frames = [...stderr.matchAll(/(?:file:\/\/)?(\/[^\s():]+):(\d+):(\d+)/g)].map((m) => `${m[1]}:${m[2]}:${m[3]}`);
  return [message, ...frames];
}

function entryOf(dir: string): string {
  const entry = fs.readdirSync(dir).find((f) => f.startsWith('main.'));
  assert.ok(entry, `no main.* in ${dir}`);
  return entry;
}

function sameAsTsx(shim: Run, tsx: Run, what: string, layoutOnly: boolean): void {
  assert.equal(shim.stdout, tsx.stdout, `${what}: stdout`);
  assert.equal(shim.code, tsx.code, `${what}: exit code\n${shim.stderr}`);
  if (layoutOnly) {
    assert.deepEqual(errorShape(shim.stderr), errorShape(tsx.stderr), `${what}: error and frames`);
    assert.equal(shim.stderr.slice(0, shim.stderr.indexOf('    at async ')), tsx.stderr.slice(0, tsx.stderr.indexOf('    at async ')), `${what}: stderr up to the first async frame`);
  }
  else assert.equal(shim.stderr, tsx.stderr, `${what}: stderr`);
}

/** Files of the case with at least one recorded task defined in them. */
function filesWithTasks(trace: string, dir: string): string[] {
  const model = readTrace(trace);
  const violation = loopInvariantViolation(model);
  assert.equal(violation, undefined, violation);
  return [...taskNamesByFile(model, dir).keys()].sort();
}

const cases = fs.readdirSync(CASES).filter((name) => fs.statSync(path.join(CASES, name)).isDirectory());

describe('TypeScript as tsx runs it', () => {
  assert.ok(cases.length >= 15, `only ${cases.length} cases`);
  for (const name of cases) {
    const dir = path.join(CASES, name);
    const entry = entryOf(dir);
    for (const [label, node, skip] of [[`Node ${process.versions.node.split('.')[0]}`, process.execPath, false], ['Node 24', NODE24, HAVE_NODE24 ? false : NODE24_MISSING]] as const) {
      test(`${name} (${label})`, { skip }, () => {
        // A case's env.json: variables both runs get (TSX_TSCONFIG_PATH, say).
        const envFile = path.join(dir, 'env.json');
        const env = fs.existsSync(envFile) ? (JSON.parse(fs.readFileSync(envFile, 'utf8')) as Record<string, string>) : {};
        const tsx = runNode([TSX_CLI, entry], { node, cwd: dir, env });
        const trace = path.join(work, `${name}-${label.replace(/\W/g, '')}.covis`);
        const shim = runShim(entry, trace, { node, cwd: dir, env });
        sameAsTsx(shim, tsx, `${name} on ${label}`, STDERR_LAYOUT_ONLY.has(name));
        assert.ok(filesWithTasks(trace, dir).length > 0, `${name}: no task of the case's files in the trace`);
      });
    }
  }

  test('the shim never writes to the programs it runs', () => {
    assert.deepEqual(stampTree(CASES), before);
  });
});

after(() => fs.rmSync(work, { recursive: true, force: true }));
