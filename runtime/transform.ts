/**
 * Source → runnable, instrumented JavaScript with an inline source map to the user's file.
 * TypeScript is stripped by amaro (Node's own type stripper) in "strip-only" mode, which blanks
 * types in place so every offset stays the same; syntax that needs code generation (enums,
 * namespaces) falls back to "transform" mode and the two source maps are chained.
 */
import remapping from '@jridgewell/remapping';
import type { SourceMapMappings } from '@jridgewell/sourcemap-codec';
import { pathToFileURL } from 'node:url';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { instrument, type SiteTuple } from './instrument';
import { isTypeScript } from './filter';
import { LineIndexedMap } from './lineIndexedMap';

type Amaro = typeof import('amaro');
let amaro: Amaro | undefined;
let stripperPath = 'amaro';

/** Where the bundled type stripper lives (dist/typescript-stripper.js next to the shim). */
export function useStripperAt(path: string): void {
  stripperPath = path;
}

function loadAmaro(): Amaro {
  // A separate file, loaded on the first TypeScript file only: it is 90% of the shim's size
  // and JavaScript-only programs should not pay for parsing it.
  amaro ??= require(stripperPath) as Amaro;
  return amaro;
}

export interface TransformRequest {
  source: string;
  file: string;
  module: boolean;
  /** Instrument (false: only strip types, e.g. for excluded TypeScript files). */
  probes: boolean;
  nextSiteId: () => number;
}

export interface TransformResult {
  code: string;
  sites: SiteTuple[];
  /** The map of `code` back to the user's source (the one inlined in `code`), when probes were placed. */
  sourceMap?: LineIndexedMap;
}

export class UserSyntaxError extends SyntaxError {}
// On the prototype, not as a field: the stack's first line is written before fields are set.
UserSyntaxError.prototype.name = 'SyntaxError';

/** What Node prints above a syntax error: `file:line`, the offending line, a caret under the column (not a property: util.inspect would show it). */
const arrows = new WeakMap<UserSyntaxError, string>();

/**
 * Gives a TypeScript syntax error the layout of Node's own syntax-error report: the arrow, a
 * blank line, `SyntaxError: message` and the stack without the frames of `above` (the shim's
 * hook) and its callees. The caller throws the result on a source line that contains
 * 'node-do-not-add-exception-line': Node then does not print that line (the shim's, e.g.
 * dist/shim.js:11126 `throw toUserSyntaxError(…)`) above the error (src/node_errors.cc,
 * GetErrorSource); esbuild drops comments, so the marker is passed as an ignored argument.
 */
export function asNodeSyntaxReport(error: UserSyntaxError, above: (...args: never[]) => unknown, _marker: 'node-do-not-add-exception-line'): UserSyntaxError {
  Error.captureStackTrace(error, above);
  const arrow = arrows.get(error);
  if (arrow) error.stack = `${arrow}\n${error.stack}`;
  return error;
}

interface Stripped {
  code: string;
  /** Map from `code` to the TypeScript source when offsets moved (transform mode). */
  map?: string;
}

function stripTypes(source: string, file: string): Stripped {
  const { transformSync } = loadAmaro();
  try {
    return { code: transformSync(source, { mode: 'strip-only', filename: file }).code };
  } catch (stripError) {
    try {
      const result = transformSync(source, { mode: 'transform', sourceMap: true, filename: file });
      return { code: result.code, map: result.map };
    } catch {
      throw toUserSyntaxError(stripError, file, source);
    }
  }
}

/**
 * amaro 0.1 throws swc's report as a string: "  x Unexpected token `:`. …\n   ,-[2:1]\n 1 | …\n
 * 2 | function f(: string) {}\n   :            ^\n   `----". The header holds the line; the
 * caret, counted from the gutter's ':', the column. Anything else keeps the whole text.
 */
function toUserSyntaxError(error: unknown, file: string, source: string): UserSyntaxError {
  const text = ((error as { message?: string })?.message ?? String(error)).trim();
  const message = /^\s*x (.+)$/m.exec(text)?.[1];
  const caret = /^( *): (.*?)\^/m.exec(text);
  // The header names the line (`,-[2:1]`) when the file has several; else the gutter above the caret does.
  const gutter = caret ? [...text.slice(0, caret.index).matchAll(/^\s*(\d+) \|/gm)].pop()?.[1] : undefined;
  const line = Number(/,-\[(?:.*:)?(\d+):\d+\]/.exec(text)?.[1] ?? gutter);
  const sourceLine = source.split(/\r?\n/)[line - 1];
  if (!message || !caret || sourceLine === undefined) return new UserSyntaxError(`${file}: ${text}`);
  const result = new UserSyntaxError(message);
  arrows.set(result, `${file}:${line}\n${sourceLine}\n${' '.repeat(caret[2].length)}^\n`);
  return result;
}

export function transformSource(request: TransformRequest): TransformResult {
  const ts = isTypeScript(request.file);
  const stripped: Stripped = ts ? stripTypes(request.source, request.file) : { code: request.source };
  if (!request.probes) return { code: withMap(stripped.code, stripped.map), sites: [] };
  let result;
  try {
    const writtenAt = stripped.map ? positionsIn(stripped.map) : undefined;
    result = instrument(stripped.code, { file: request.file, module: request.module, nextSiteId: request.nextSiteId, writtenAt });
  } catch (error) {
    // A JavaScript syntax error: hand the file to Node untouched so it reports it its own way.
    if (error instanceof SyntaxError) return { code: withMap(stripped.code, stripped.map), sites: [] };
    throw error;
  }
  if (!result.map) return { code: withMap(stripped.code, stripped.map), sites: [] };
  let decoded: { mappings: SourceMapMappings; names: string[] } = result.map;
  if (stripped.map) {
    // Chain: instrumented → transformed (our map) → TypeScript (amaro's map); only one level deep.
    const strippedMap = stripped.map;
    let chained = false;
    const chain = remapping({ ...result.map, version: 3 }, () => (chained ? null : ((chained = true), strippedMap)), { decodedMappings: true });
    decoded = { mappings: chain.mappings as SourceMapMappings, names: chain.names };
  }
  const sourceMap = LineIndexedMap.fromDecoded(decoded.mappings);
  const map = {
    version: 3,
    // Node names ES modules by URL and CommonJS files by path in stack traces; match it.
    sources: [request.module ? pathToFileURL(request.file).href : request.file],
    sourcesContent: [request.source],
    names: decoded.names,
    mappings: sourceMap.mappings,
  };
  return { code: withMap(result.code, map), sites: result.sites, sourceMap };
}

/** Where a position of transformed (enum/namespace) code was written in the TypeScript source. */
function positionsIn(map: string): (line: number, column: number) => { line: number; column: number } {
  const traced = new TraceMap(map);
  return (line, column) => {
    const original = originalPositionFor(traced, { line, column: column - 1 });
    return original.line === null ? { line, column } : { line: original.line, column: original.column + 1 };
  };
}

function withMap(code: string, map: string | object | undefined): string {
  if (!map) return code;
  const json = typeof map === 'string' ? map : JSON.stringify(map);
  return `${code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(json).toString('base64')}\n`;
}
