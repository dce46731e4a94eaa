/**
 * lineIndexedMap.ts answers lookups by decoding one line: it must agree with a full decoder
 * (@jridgewell/trace-mapping) at every generated position, for maps of instrumented JavaScript
 * and of TypeScript that esbuild compiled (an enum inlined), whose lines move.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TraceMap, encodedMappings, originalPositionFor } from '@jridgewell/trace-mapping';
import type { SiteTuple } from '../../runtime/instrument';
import { transformSource, type TransformResult } from '../../runtime/transform';
import type { LineIndexedMap } from '../../runtime/lineIndexedMap';

const CORPUS = path.join(__dirname, '../runtime/corpus');

function transform(file: string, source: string): TransformResult {
  let id = 1;
  return transformSource({ source, file, module: file.endsWith('.mjs') || file.endsWith('.mts'), probes: true, nextSiteId: () => id++ });
}

function transformed(file: string, source: string): { code: string; sourceMap: LineIndexedMap; sites: SiteTuple[] } {
  const { code, sourceMap, sites } = transform(file, source);
  assert.ok(sourceMap, `${file} was instrumented`);
  return { code, sourceMap, sites };
}

/** The map inlined in `code`, as Node reads it. */
function inlineMap(code: string): TraceMap {
  const base64 = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(code)?.[1];
  assert.ok(base64, 'an inline source map');
  return new TraceMap(Buffer.from(base64, 'base64').toString('utf8'));
}

/** Compares every column of every generated line (and one past each line's end). */
function agreesEverywhere(code: string, sourceMap: LineIndexedMap): number {
  const full = inlineMap(code);
  assert.equal(sourceMap.mappings, encodedMappings(full), 'the map comment holds the same mappings');
  let mapped = 0;
  code.split('\n').forEach((text, index) => {
    for (let column = 1; column <= text.length + 1; column++) {
      const expected = originalPositionFor(full, { line: index + 1, column: column - 1 });
      const actual = sourceMap.originalPosition(index + 1, column);
      const want = expected.line === null ? undefined : { source: 0, line: expected.line, column: expected.column + 1 };
      assert.deepEqual(actual, want, `generated ${index + 1}:${column}`);
      if (want) mapped++;
    }
  });
  return mapped;
}

test('one-line lookups agree with a full decoder on every corpus program', () => {
  const files = fs.readdirSync(CORPUS).filter((f) => /\.(m?js|ts)$/.test(f));
  assert.ok(files.length >= 20, 'the corpus is there');
  let mapped = 0;
  let programs = 0;
  for (const name of files) {
    const file = path.join(CORPUS, name);
    const { code, sourceMap } = transform(file, fs.readFileSync(file, 'utf8'));
    // A program without coroutines is left as it is: no map.
    if (!sourceMap) continue;
    programs++;
    mapped += agreesEverywhere(code, sourceMap);
  }
  assert.ok(programs >= 20, `programs compared: ${programs}`);
  assert.ok(mapped > 10_000, `positions compared: ${mapped}`);
});

test('lines that moved (TypeScript compiled, an enum inlined) map back to where they were written', () => {
  const source = ['enum Mode { Fast, Slow }', 'namespace N { export const x = 1; }', 'async function job(mode: Mode): Promise<number> {', '  await null;', '  return mode + N.x;', '}', 'job(Mode.Slow);', ''].join('\n');
  const { code, sourceMap, sites } = transformed('/x/app.ts', source);
  agreesEverywhere(code, sourceMap);
  // The call, written `job(Mode.Slow)` on line 7 (the transform inlines the enum's value).
  const generatedLine = code.split('\n').findIndex((l) => l.startsWith('job(')) + 1;
  assert.notEqual(generatedLine, 7, 'the transform moved the line');
  assert.deepEqual(sourceMap.originalPosition(generatedLine, 1), { source: 0, line: 7, column: 1 });
  // Sites, in the code's own table as well as returned, name the lines as written.
  const written = sites.map(([, , name, line, column]) => `${name} ${line}:${column}`);
  assert.deepEqual(written, ['job 3:1', 'await null 4:3']);
  // Ids are padded to a fixed width in the code (runtime/siteIds.ts), which JSON reads alike.
  const registered = /__covis\.sites\("\/x\/app\.ts",(\[.*?\]\])\)/.exec(code)?.[1];
  assert.deepEqual(JSON.parse(registered ?? 'null'), sites, 'the code registers the same sites');
});

test('positions outside the map have no original', () => {
  const { sourceMap } = transformed('/x/app.js', 'async function f() { await 1; }\nf();\n');
  assert.equal(sourceMap.originalPosition(0, 1), undefined);
  assert.equal(sourceMap.originalPosition(1000, 1), undefined);
});
