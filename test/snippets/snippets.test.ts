/**
 * The pattern snippets (snippets/*.code-snippets): well-formed, the same patterns in every
 * language, tab stops in order, contributed through package.json; and every body, expanded with
 * its defaults, type-checks (TS/JS, strict) and runs (TS under the shim, JS with node, Python
 * with python3) printing what the pattern promises.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ts from 'typescript';
import { expandSnippet } from './expand';
import { REGISTER, ROOT } from './trace';

interface SnippetEntry {
  prefix: string;
  description: string;
  body: string[];
}

const LANGUAGES = ['typescript', 'javascript', 'python'] as const;
type Language = (typeof LANGUAGES)[number];
const EXTENSION: Record<Language, string> = { typescript: 'ts', javascript: 'js', python: 'py' };

function loadSnippets(language: Language): Map<string, SnippetEntry & { title: string }> {
  const file = path.join(ROOT, 'snippets', `${language}.code-snippets`);
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, SnippetEntry>;
  const byPrefix = new Map<string, SnippetEntry & { title: string }>();
  for (const [title, entry] of Object.entries(json)) {
    assert.ok(!byPrefix.has(entry.prefix), `${language}: duplicate prefix ${entry.prefix}`);
    byPrefix.set(entry.prefix, { ...entry, title });
  }
  return byPrefix;
}

const snippets = Object.fromEntries(LANGUAGES.map((l) => [l, loadSnippets(l)])) as Record<Language, ReturnType<typeof loadSnippets>>;

/** What each pattern's program prints with its default placeholders, in every language. */
const EXPECTED_OUTPUT: Record<string, RegExp> = {
  'co-generator': /averaged 3 values/,
  'co-say-after': /^Hello$/m,
  'co-sequential-vs-concurrent': /Hello\s+World\s+Task1\s+Task2/,
  'co-try-await': /Operation failed: connection reset/,
  'co-all-settled': /task 1 ok\s+error: task 2 failed\s+task 3 ok/,
  'co-all-fail-fast': /failed fast:.*part 1 failed/,
  'co-async-dispose': /using db\s+closed db/,
  'co-dispose-finally': /using db\s+closed db/,
  'co-read-file': /read \d+ characters/,
  'co-producer-consumer': /consumed 1[\s\S]*consumed 5/,
  'co-worker-thread': /\d{6,}/,
  'co-timeout': /timed out/,
  'co-cancel': /cleanup\s+cancelled/,
  'co-semaphore': /1,\s*2,\s*3,\s*4,\s*5/,
  'co-race': /data from mirror-b/,
  'co-first-success': /first success: b/,
};

describe('snippet files', () => {
  it('every language ships the same patterns, each with a co- prefix, a title and a description', () => {
    const prefixes = [...snippets.typescript.keys()].sort();
    assert.ok(prefixes.length >= 15, `only ${prefixes.length} patterns`);
    for (const language of LANGUAGES) {
      assert.deepEqual([...snippets[language].keys()].sort(), prefixes, `${language} differs from typescript`);
      for (const [prefix, entry] of snippets[language]) {
        assert.match(prefix, /^co-[a-z]+(-[a-z]+)*$/, `${language}: bad prefix ${prefix}`);
        assert.ok(entry.description.length >= 20, `${language} ${prefix}: description too short`);
        assert.ok(entry.title.length > 0);
        assert.ok(Array.isArray(entry.body) && entry.body.length > 1, `${language} ${prefix}: body should be an array of lines`);
      }
    }
    assert.deepEqual(Object.keys(EXPECTED_OUTPUT).sort(), prefixes, 'every pattern has an expected output in this test');
  });

  it('tab stops are numbered 1..N in order of appearance, each has a default, and $0 ends it', () => {
    for (const language of LANGUAGES) {
      for (const [prefix, entry] of snippets[language]) {
        const { tabStops, defaults } = expandSnippet(entry.body);
        const numbered = tabStops.filter((n) => n > 0);
        const where = `${language} ${prefix}`;
        assert.ok(numbered.length >= 1, `${where}: no tab stops`);
        assert.deepEqual(numbered, numbered.map((_, i) => i + 1), `${where}: tab stops ${numbered.join(',')} are not 1..N in order`);
        for (const n of numbered) assert.ok((defaults.get(n) ?? '').length > 0, `${where}: tab stop ${n} has no default`);
        assert.ok(tabStops.includes(0), `${where}: no final $0`);
      }
    }
  });

  it('package.json contributes the three snippet files for their languages', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes?: { snippets?: { language: string; path: string }[] } };
    const contributed = pkg.contributes?.snippets ?? [];
    for (const language of LANGUAGES) {
      const entry = contributed.find((s) => s.language === language);
      assert.ok(entry, `no snippets contributed for ${language}`);
      assert.equal(path.normalize(entry.path), path.normalize(`./snippets/${language}.code-snippets`));
    }
    for (const entry of contributed) assert.ok(readFileSync(path.join(ROOT, entry.path), 'utf8').length > 0);
  });
});

describe('snippet bodies, expanded with their defaults', () => {
  let dir = '';
  const files = new Map<string, string>();

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'covis-snippets-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'snippet-check', private: true, type: 'module' }));
    for (const language of LANGUAGES) {
      for (const [prefix, entry] of snippets[language]) {
        const file = path.join(dir, `${language}-${prefix}.${EXTENSION[language]}`);
        writeFileSync(file, expandSnippet(entry.body).text + '\n');
        files.set(`${language} ${prefix}`, file);
      }
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('type-check under strict TypeScript (JS with checkJs)', () => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      moduleDetection: ts.ModuleDetectionKind.Force,
      lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      strict: true,
      noUnusedLocals: true,
      allowJs: true,
      checkJs: true,
      noEmit: true,
      skipLibCheck: true,
    };
    const roots = [...files.values()].filter((f) => !f.endsWith('.py'));
    const program = ts.createProgram(roots, options);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    const text = ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' });
    assert.equal(diagnostics.length, 0, text);
  });

  it('`await using` is down-levelled by tsc to code Node 20 runs', () => {
    const source = expandSnippet(snippets.typescript.get('co-async-dispose')!.body).text;
    assert.match(source, /await using /);
    const out = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    assert.doesNotMatch(out, /await using /);
    const file = path.join(dir, 'downlevelled-async-dispose.mjs');
    writeFileSync(file, out);
    const run = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, EXPECTED_OUTPUT['co-async-dispose']);
  });

  const tsx = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
  for (const language of LANGUAGES) {
    for (const prefix of snippets[language].keys()) {
      it(`${language} ${prefix} runs`, () => {
        const file = files.get(`${language} ${prefix}`)!;
        const source = readFileSync(file, 'utf8');
        let command: string;
        let args: string[];
        if (language === 'python') [command, args] = ['python3', [file]];
        else if (language === 'javascript') [command, args] = [process.execPath, [file]];
        // Node 20's V8 cannot parse `await using`; the shim only strips types, so that one
        // snippet runs through tsx (esbuild down-levels it), the others under the shim.
        else if (/\bawait using\b/.test(source)) [command, args] = [process.execPath, ['--import', tsx, file]];
        else [command, args] = [process.execPath, ['--import', pathToFileURL(REGISTER).href, file]];
        const run = spawnSync(command, args, { cwd: dir, encoding: 'utf8', timeout: 15_000 });
        assert.equal(run.status, 0, `${command} ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
        assert.match(run.stdout, EXPECTED_OUTPUT[prefix], `${language} ${prefix} printed:\n${run.stdout}`);
      });
    }
  }

  it('python snippets compile with py_compile', () => {
    const py = [...files.values()].filter((f) => f.endsWith('.py'));
    const run = spawnSync('python3', ['-m', 'py_compile', ...py], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });
});
