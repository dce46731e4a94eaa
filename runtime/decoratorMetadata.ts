/**
 * `emitDecoratorMetadata`: the `design:type` / `design:paramtypes` / `design:returntype`
 * metadata that dependency injection reads (NestJS, TypeORM, inversify, tsyringe). esbuild does
 * not emit it, nor does tsx; TypeScript does, from the types as written. So a file with decorators
 * under a tsconfig that asks for metadata is compiled with the project's own TypeScript
 * (`transpileModule`, one file at a time, as ts-node's transpile-only mode does), found from the
 * file's directory. Without TypeScript installed the file goes to esbuild, as under tsx, and the
 * shim says once that metadata is missing.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { CompilerOptions } from './tsconfig';
import type { OutputFormat, Transpiled } from './transpile';

type TypeScript = typeof import('typescript');

const compilers = new Map<string, TypeScript | null>();
let warned = false;

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
        process.emitWarning(`coroutine-visualizer: ${file} asks for emitDecoratorMetadata, which needs the project's own TypeScript (npm install -D typescript); compiled without decorator metadata, as tsx does`);
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

export function transpileWithMetadata(source: string, file: string, format: OutputFormat, options: CompilerOptions): Transpiled | undefined {
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
  // A syntax error: esbuild reports it (transform.ts lays its report out as Node's).
  if (!result.sourceMapText || result.diagnostics?.some((d) => d.category === ts.DiagnosticCategory.Error)) return undefined;
  const map = JSON.parse(result.sourceMapText) as { sources: string[]; file?: string };
  map.sources = [file];
  delete map.file;
  // TypeScript links the map it would write beside the output; the shim inlines it instead.
  const code = result.outputText.replace(/\n\/\/# sourceMappingURL=[^\n]*\s*$/, '\n');
  return { code, map: JSON.stringify(map) };
}
