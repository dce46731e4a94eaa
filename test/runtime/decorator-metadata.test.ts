/**
 * emitDecoratorMetadata: a constructor-injection container that reads `design:paramtypes` runs
 * under the shim as tsc's own output runs under plain Node (esbuild, and so tsx, emit no
 * metadata; the shim compiles such files with the project's TypeScript), and its trace holds
 * the decorated classes' async methods at their TypeScript lines.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { HAVE_NODE24, NODE24, NODE24_MISSING, ROOT, readTrace, runNode, runShim, tempDir } from './helpers';

const FIXTURE = path.join(__dirname, 'fixtures', 'decorator-metadata');
const work = tempDir('covis-meta-');

function compiledByTsc(): string {
  const out = path.join(work, 'tsc');
  const tsc = runNode([path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', FIXTURE, '--outDir', out], { cwd: FIXTURE });
  assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
  return path.join(out, 'main.js');
}

for (const [label, node, skip] of [[`Node ${process.versions.node.split('.')[0]}`, process.execPath, false], ['Node 24', NODE24, HAVE_NODE24 ? false : NODE24_MISSING]] as const) {
  test(`decorator metadata as tsc emits it (${label})`, { skip }, () => {
    const reference = runNode([compiledByTsc()], { node, cwd: FIXTURE });
    assert.equal(reference.stdout, 'hello metadata true\n', reference.stderr);
    const trace = path.join(work, `${label.replace(/\W/g, '')}.covis`);
    const shim = runShim(path.join(FIXTURE, 'main.ts'), trace, { node, cwd: FIXTURE, env: { COVIS_TRANSFORM_CACHE: '0' } });
    assert.deepEqual({ stdout: shim.stdout, stderr: shim.stderr, code: shim.code }, { stdout: reference.stdout, stderr: reference.stderr, code: reference.code });
    const model = readTrace(trace);
    const greet = model.tasks.find((t) => t?.name.includes('greet'));
    assert.ok(greet, `no greet task in ${model.tasks.map((t) => t?.name).join(', ')}`);
    const site = model.sites.get(greet.defSite);
    assert.equal(site?.file, path.join(FIXTURE, 'main.ts'));
    assert.equal(site?.line, 28, "greet() is defined on line 28 of main.ts");
  });
}

after(() => fs.rmSync(work, { recursive: true, force: true }));
