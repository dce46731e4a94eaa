/**
 * Files that esbuild (and so tsx) compiles into something that does not run as tsc's output
 * does, compiled instead with the project's own TypeScript (`transpileModule`, one file at a
 * time, as ts-node's transpile-only mode does), found from the file's directory:
 *
 * - `emitDecoratorMetadata`: the `design:type` / `design:paramtypes` / `design:returntype`
 *   metadata that dependency injection reads (NestJS, TypeORM, inversify, tsyringe). esbuild
 *   does not emit it; TypeScript does, from the types as written.
 * - a namespace import called or constructed (`import * as IORedis from 'ioredis'; new
 *   IORedis()`) in CommonJS output without `esModuleInterop`: tsc compiles it to the module
 *   itself, which works; esbuild to a namespace object, and warns that the call will crash.
 *
 * Without TypeScript installed, esbuild's output runs, as under tsx, and the shim says so once.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { CompilerOptions } from './tsconfig';
import type { OutputFormat, Transpiled } from './transpile';

type TypeScript = typeof import('typescript');

const compilers = new Map<string, TypeScript | null>();
let warned = false;

/** What esbuild says when it compiles a namespace import into a call that will crash. */
const NAMESPACE_CALL = /will crash at run-time because it's an import namespace object/;

/** esbuild's warnings say a namespace import is called, and tsc would compile the file so that the call works. */
export function namespaceCallNeedsTypeScript(warnings: readonly string[], format: OutputFormat, options: CompilerOptions): boolean {
  return format === 'cjs' && !options.esModuleInterop && warnings.some((text) => NAMESPACE_CALL.test(text));
}

/** Decorators in a file whose tsconfig asks for their metadata. */
export function wantsDecoratorMetadata(source: string, file: string, options: CompilerOptions): boolean {
  return !!options.experimentalDecorators && !!options.emitDecoratorMetadata && /\.(?:[mc]?ts|tsx)$/.test(file) && /(?:^|[\s(,])@[A-Za-z_$]/m.test(source);
}

/** The TypeScript compiler the project installed (resolved from the file's directory), or null. */
function typescriptFor(file: string): TypeScript | null {
  const dir = path.dirname(file);
  let found = compilers.get(dir);
  if (found === undefined) {
    try {
      found = createRequire(file)('typescript') as TypeScript;
    } catch {
      found = null;
      if (!warned) {
        warned = true;
        process.emitWarning(`coroutine-visualizer: ${file} needs the project's own TypeScript to run as tsc compiles it (decorator metadata, or a namespace import called as a function); without it (npm install -D typescript) it is compiled as tsx compiles it`);
      }
    }
    compilers.set(dir, found);
  }
  return found;
}

/** The version of the TypeScript that would compile `file`, for the transform cache's key (undefined: none installed). */
export function typescriptVersionFor(file: string): string | undefined {
  return typescriptFor(file)?.version;
}

export function transpileWithTypeScript(source: string, file: string, format: OutputFormat, options: CompilerOptions): Transpiled | undefined {
  const ts = typescriptFor(file);
  if (!ts) return undefined;
  const { options: converted } = ts.convertCompilerOptionsFromJson(options, path.dirname(file));
  // One file at a time: module resolution plays no part (and NodeNext would not allow CommonJS output).
  delete converted.moduleResolution;
  const compilerOptions = {
    ...converted,
    module: format === 'cjs' ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext,
    // Node's own version can run what TypeScript leaves of modern syntax.
    target: converted.target ?? ts.ScriptTarget.ES2022,
    verbatimModuleSyntax: false,
    sourceMap: true,
    inlineSourceMap: false,
    inlineSources: false,
    declaration: false,
    declarationMap: false,
    noEmit: false,
  };
  const result = ts.transpileModule(source, { fileName: file, compilerOptions, reportDiagnostics: true });
  // A syntax error (a diagnostic in the file; option conflicts have none): esbuild reports it (transform.ts lays its report out as Node's).
  if (!result.sourceMapText || result.diagnostics?.some((d) => d.file && d.category === ts.DiagnosticCategory.Error)) return undefined;
  const map = JSON.parse(result.sourceMapText) as { sources: string[]; file?: string };
  map.sources = [file];
  delete map.file;
  // TypeScript links the map it would write beside the output; the shim inlines it instead.
  const code = result.outputText.replace(/\n\/\/# sourceMappingURL=[^\n]*\s*$/, '\n');
  return { code, map: JSON.stringify(map) };
}
