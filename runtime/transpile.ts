/**
 * TypeScript, TSX/JSX and ES-module syntax in CommonJS files → JavaScript Node runs, with esbuild,
 * the engine tsx is built on, and the options tsx gives it: the file's tsconfig.json compiler
 * options (decorators, JSX factory, class fields, import elision as isolatedModules transpilers
 * do it), Node's own version as target, names kept, `import =`/`export =` and ESM syntax
 * turned into CommonJS where the file is loaded as CommonJS. Results are cached on disk by
 * content (transformCache.ts), so a second run of the same files does not start esbuild.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TransformOptions } from 'esbuild';
import { namespaceCallNeedsTypeScript, transpileWithTypeScript, typescriptVersionFor, wantsDecoratorMetadata } from './projectTypeScript';
import { compilerOptionsFor, type CompilerOptions } from './tsconfig';
import { readCached, writeCached } from './transformCache';

type Esbuild = typeof import('esbuild');
let esbuild: Esbuild | undefined;

function loadEsbuild(): Esbuild {
  // Required on the first cache miss only: a warm start never loads it (nor starts its service).
  esbuild ??= require('esbuild') as Esbuild;
  return esbuild;
}

export type OutputFormat = 'esm' | 'cjs';

export interface Transpiled {
  code: string;
  /** Source map (JSON) of `code` back to the file as written. */
  map: string;
  /** esbuild's output calls a namespace import, which tsc's output would not (projectTypeScript.ts). */
  namespaceCall?: boolean;
}

const isTranspiled = (entry: unknown): entry is Transpiled => typeof (entry as Transpiled)?.code === 'string' && typeof (entry as Transpiled).map === 'string';

/** esbuild's report of a syntax or transform error, turned into Node's layout by transform.ts. */
export interface TranspileFailure {
  file: string;
  line: number;
  /** 0-based, in characters. */
  column: number;
  lineText: string;
  message: string;
}

export class TranspileError extends Error {
  constructor(readonly failures: TranspileFailure[]) {
    super(failures.map((f) => `${f.file}:${f.line}:${f.column + 1}: ${f.message}`).join('\n'));
  }
}

const LOADERS: Record<string, TransformOptions['loader']> = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.jsx': 'jsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
};

/** Files esbuild must see before Node can run them. */
export function needsTranspile(file: string): boolean {
  return /\.(?:[mc]?ts|tsx|jsx)$/.test(file);
}

/** `import.meta` in a file compiled to CommonJS: what an ES module would see (as tsx defines it). */
function importMetaDefine(file: string): Record<string, string> {
  return { 'import.meta': JSON.stringify({ dirname: path.dirname(file), filename: file, url: pathToFileURL(file).href }) };
}

function optionsFor(file: string, source: string, format: OutputFormat, compilerOptions: CompilerOptions): TransformOptions {
  return {
    loader: LOADERS[path.extname(file)] ?? 'ts',
    sourcefile: file,
    format,
    // CommonJS output gets the annotations Node's cjs-module-lexer reads, so that ES modules
    // importing a converted file see its named exports.
    platform: 'node',
    target: `node${process.versions.node}`,
    sourcemap: 'external',
    sourcesContent: false,
    // esbuild renames a binding when two collide; keep `fn.name` and class names as written.
    keepNames: true,
    tsconfigRaw: { compilerOptions: compilerOptions as NonNullable<Exclude<TransformOptions['tsconfigRaw'], string | undefined>>['compilerOptions'] },
    ...(format === 'cjs' && source.includes('import.meta') ? { define: importMetaDefine(file) } : {}),
    logLevel: 'silent',
  };
}

export function transpile(source: string, file: string, format: OutputFormat): Transpiled {
  const compilerOptions = compilerOptionsFor(file);
  if (wantsDecoratorMetadata(source, file, compilerOptions)) {
    const withMetadata = transpileByTypeScript(source, file, format, compilerOptions);
    if (withMetadata) return withMetadata;
  }
  const options = optionsFor(file, source, format, compilerOptions);
  const cached = readCached(source, options, isTranspiled);
  // esbuild's output that tsc would compile otherwise, kept when the project's TypeScript could not be had: try it again.
  if (cached) return (cached.namespaceCall && transpileByTypeScript(source, file, format, compilerOptions)) || cached;
  let result;
  try {
    result = loadEsbuild().transformSync(source, options);
  } catch (error) {
    const errors = (error as { errors?: { text: string; location: { file: string; line: number; column: number; lineText: string } | null }[] }).errors;
    if (!errors?.length) throw error;
    throw new TranspileError(
      errors.map((e) => ({ file, line: e.location?.line ?? 1, column: e.location?.column ?? 0, lineText: e.location?.lineText ?? '', message: e.text })),
    );
  }
  const transpiled: Transpiled = { code: result.code, map: result.map };
  if (namespaceCallNeedsTypeScript(result.warnings.map((w) => w.text), format, compilerOptions)) transpiled.namespaceCall = true;
  writeCached(source, options, transpiled);
  return (transpiled.namespaceCall && transpileByTypeScript(source, file, format, compilerOptions)) || transpiled;
}

/** Through the project's TypeScript (projectTypeScript.ts); undefined when it cannot. */
function transpileByTypeScript(source: string, file: string, format: OutputFormat, compilerOptions: CompilerOptions): Transpiled | undefined {
  const version = typescriptVersionFor(file);
  if (!version) return undefined;
  const key = { engine: 'typescript', version, file, format, compilerOptions };
  const cached = readCached(source, key, isTranspiled);
  if (cached) return cached;
  const transpiled = transpileWithTypeScript(source, file, format, compilerOptions);
  if (transpiled) writeCached(source, key, transpiled);
  return transpiled;
}
