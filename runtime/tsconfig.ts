/**
 * The tsconfig.json that applies to a file, read with get-tsconfig (the reader tsx uses): the
 * nearest one whose `files`/`include`/`exclude` take the file in, as VS Code's TypeScript server
 * picks it, with `extends` resolved. Its compiler options drive the transform (decorators, JSX,
 * class fields, import elision) and its `paths`/`baseUrl` the resolution of bare specifiers.
 * `TSX_TSCONFIG_PATH` (tsx's setting, or `COVIS_TSCONFIG`) names one tsconfig for every file
 * it takes in, as tsx reads it; files it leaves out get TypeScript's defaults.
 */
import * as path from 'node:path';
import { createFilesMatcher, createPathsMatcher, getTsconfig, parseTsconfig, type TsConfigJsonResolved, type TsConfigResult } from 'get-tsconfig';

export type CompilerOptions = NonNullable<TsConfigJsonResolved['compilerOptions']>;

const parsed = new Map<string, unknown>();
/** The nearest tsconfig.json of each directory, whatever it includes. */
const nearestByDir = new Map<string, TsConfigResult | null>();
const fileMatchers = new Map<string, (file: string) => unknown>();
/** Files the nearest tsconfig.json leaves out, and the one further up that takes them in (VS Code's rule). */
const byFile = new Map<string, TsConfigResult | null>();
const matchers = new Map<string, ((specifier: string) => string[]) | null>();
let report: ((message: string) => void) | undefined;

/** Where a tsconfig.json that cannot be read is told (the shim's verbose log); silent otherwise, as tsx is. */
export function reportTsconfigProblems(to: (message: string) => void): void {
  report = to;
}

function read(lookup: () => TsConfigResult | null, file: string): TsConfigResult | null {
  try {
    return lookup();
  } catch (error) {
    // A broken tsconfig.json (an `extends` that is not installed…) must not stop the program:
    // TypeScript's defaults apply, as under tsx, which says nothing either.
    report?.(`cannot read the tsconfig.json for ${file}: ${(error as Error).message}`);
    return null;
  }
}

/**
 * Looked up once per directory, then checked against the file (`files`/`include`/`exclude`);
 * get-tsconfig's own per-file lookup normalized paths for a tenth of a 100-module start.
 */
function includesFile(config: TsConfigResult, file: string): boolean {
  let includes = fileMatchers.get(config.path);
  if (!includes) {
    includes = createFilesMatcher(config);
    fileMatchers.set(config.path, includes);
  }
  return !!includes(file);
}

/** The one tsconfig named by the environment, read once (null: none named, or unreadable). */
let named: TsConfigResult | null | undefined;
function namedTsconfig(): TsConfigResult | null {
  if (named === undefined) {
    const given = process.env.COVIS_TSCONFIG || process.env.TSX_TSCONFIG_PATH;
    const file = given ? path.resolve(given) : undefined;
    named = file ? read(() => ({ path: file, config: parseTsconfig(file) }), file) : null;
  }
  return named;
}

function tsconfigOf(file: string): TsConfigResult | null {
  if (process.env.COVIS_TSCONFIG || process.env.TSX_TSCONFIG_PATH) {
    const config = namedTsconfig();
    return config && includesFile(config, file) ? config : null;
  }
  const dir = path.dirname(file);
  let nearest = nearestByDir.get(dir);
  if (nearest === undefined) {
    nearest = read(() => getTsconfig(dir, 'tsconfig.json', parsed), file);
    nearestByDir.set(dir, nearest);
  }
  if (!nearest) return null;
  if (includesFile(nearest, file)) return nearest;
  let found = byFile.get(file);
  if (found === undefined) {
    found = read(() => getTsconfig(file, 'tsconfig.json', parsed, true), file);
    byFile.set(file, found);
  }
  return found;
}

/** The compiler options that apply to `file` (empty when no tsconfig.json takes it in). */
export function compilerOptionsFor(file: string): CompilerOptions {
  return tsconfigOf(file)?.config.compilerOptions ?? {};
}

/** Where `paths`/`baseUrl` of the file's tsconfig.json map a bare specifier (absolute candidates, in order). */
export function pathCandidates(specifier: string, parentFile: string): string[] {
  const tsconfig = tsconfigOf(parentFile);
  if (!tsconfig) return [];
  let matcher = matchers.get(tsconfig.path);
  if (matcher === undefined) {
    matcher = createPathsMatcher(tsconfig);
    matchers.set(tsconfig.path, matcher);
  }
  return matcher ? matcher(specifier).map((candidate) => path.resolve(candidate)) : [];
}
