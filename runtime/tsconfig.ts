/**
 * The tsconfig.json that applies to a file, read with get-tsconfig (the reader tsx uses): the
 * nearest one whose `files`/`include`/`exclude` take the file in, as VS Code's TypeScript server
 * picks it, with `extends` resolved. Its compiler options drive the transform (decorators, JSX,
 * class fields, import elision) and its `paths`/`baseUrl` the resolution of bare specifiers.
 */
import * as path from 'node:path';
import { createPathsMatcher, getTsconfig, type TsConfigJsonResolved, type TsConfigResult } from 'get-tsconfig';

export type CompilerOptions = NonNullable<TsConfigJsonResolved['compilerOptions']>;

const parsed = new Map<string, unknown>();
const byFile = new Map<string, TsConfigResult | null>();
const matchers = new Map<string, ((specifier: string) => string[]) | null>();

function tsconfigOf(file: string): TsConfigResult | null {
  let found = byFile.get(file);
  if (found === undefined) {
    try {
      found = getTsconfig(file, 'tsconfig.json', parsed, true);
    } catch (error) {
      // A broken tsconfig.json must not stop the program: TypeScript's defaults apply, and we say so once.
      process.emitWarning(`coroutine-visualizer: cannot read the tsconfig.json for ${file}: ${(error as Error).message}`);
      found = null;
    }
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
