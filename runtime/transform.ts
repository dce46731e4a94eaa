/**
 * Source → runnable, instrumented JavaScript with an inline source map to the user's file.
 * TypeScript, TSX/JSX and ES-module syntax in a CommonJS file are first compiled by esbuild as
 * tsx compiles them (transpile.ts); the instrumenter then works on that JavaScript, reading
 * where each definition was written through esbuild's map, and the two maps are chained.
 */
import remapping from '@jridgewell/remapping';
import { encode, type SourceMapMappings } from '@jridgewell/sourcemap-codec';
import { pathToFileURL } from 'node:url';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { instrument, type InstrumentOptions, type InstrumentResult, type SiteTuple } from './instrument';
import { readExistingSourceMap, type ExistingSourceMap } from './existingSourceMap';
import { LineIndexedMap } from './lineIndexedMap';
import { assignSiteIds, clashesWithPlaceholders, placeholderIds } from './siteIds';
import { readCached, writeCached } from './transformCache';
import { TranspileError, needsTranspile, transpile } from './transpile';

export interface TransformRequest {
  source: string;
  file: string;
  module: boolean;
  /** ES-module syntax in a file loaded as CommonJS (compiled to CommonJS, as tsx does). */
  esmSyntaxInCommonJs?: boolean;
  /** Instrument (false: only strip types, e.g. for excluded TypeScript files). */
  probes: boolean;
  nextSiteId: () => number;
  /** See InstrumentOptions.markStart. */
  markStart?: boolean;
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
  /** A plain JavaScript file's own source map (existingSourceMap.ts), which Node's frames then go through. */
  existing?: ExistingSourceMap;
  /** Map from `code` to the source as written, when it was compiled. */
  map?: string;
}

/** JavaScript Node can run: esbuild's output where the file needs it, else the source itself. */
function toJavaScript(request: TransformRequest): Stripped {
  if (!needsTranspile(request.file) && !request.esmSyntaxInCommonJs) {
    const existing = readExistingSourceMap(request.source, request.file);
    // Its comment goes: the instrumented code names the chained map instead.
    return existing ? { code: request.source.slice(0, request.source.length - existing.comment.length), existing } : { code: request.source };
  }
  try {
    return transpile(request.source, request.file, request.module ? 'esm' : 'cjs');
  } catch (error) {
    if (error instanceof TranspileError) throw toUserSyntaxError(error);
    throw error;
  }
}

/** esbuild's first error in Node's layout: `file:line`, the line as written, a caret under the column. */
function toUserSyntaxError(error: TranspileError): UserSyntaxError {
  const [first] = error.failures;
  const result = new UserSyntaxError(error.failures.length > 1 ? `${first.message} (and ${error.failures.length - 1} more)` : first.message);
  // The caret counts characters; a tab in the line stays a tab, as in Node's own report.
  const indent = first.lineText.slice(0, first.column).replace(/[^\t]/g, ' ');
  arrows.set(result, `${first.file}:${first.line}\n${first.lineText}\n${indent}^\n`);
  return result;
}

/**
 * What instrumenting a file gives, with placeholder site ids (siteIds.ts): kept in the transform
 * cache, keyed by the source and its compiled code. `code` undefined: nothing to instrument (no
 * coroutines, or JavaScript with a syntax error, which Node then reports its own way).
 */
interface Instrumented {
  code?: string;
  /** The source map comment to append (inline, base64). */
  mapComment?: string;
  sites: SiteTuple[];
  siteCount: number;
  mappings?: string;
  lines?: number[];
}

const isInstrumented = (entry: unknown): entry is Instrumented => Array.isArray((entry as Instrumented)?.sites) && typeof (entry as Instrumented).siteCount === 'number';

/**
 * Part of every instrumented entry's cache key: the build of the instrumenter (set by
 * scripts/build.mjs), so a changed instrumenter starts afresh. Run from its sources (tests),
 * it has none, and instrumented code is not kept.
 */
declare const COVIS_INSTRUMENTER_BUILD: string | undefined;
const instrumenterBuild = typeof COVIS_INSTRUMENTER_BUILD === 'string' ? COVIS_INSTRUMENTER_BUILD : undefined;

interface WithMap {
  code: string;
  sites: SiteTuple[];
  /** Of `code` back to the file as written. */
  map: { version: 3; sources: string[]; sourcesContent: string[]; names: string[]; mappings: string };
  sourceMap: LineIndexedMap;
}

/**
 * Probes placed in compiled code, its map chained onto the compiler's. `prelude` goes before the
 * code on its first line (the map's first line shifted by as much). Undefined: nothing to place.
 */
function instrumentWithMap(request: Pick<TransformRequest, 'file' | 'module' | 'source' | 'markStart'>, compiled: Stripped, nextSiteId: () => number, prelude = ''): WithMap | undefined {
  const result = instrumentOrNot(compiled.code, { file: request.file, module: request.module, nextSiteId, markStart: request.markStart, writtenAt: compiled.map ? positionsIn(compiled.map) : undefined });
  if (!result) return undefined;
  if (prelude) result.map.mappings[0] = result.map.mappings[0]?.map(([column, ...rest]) => [column + prelude.length, ...rest] as (typeof result.map.mappings)[0][0]) ?? [];
  let decoded: { mappings: SourceMapMappings; names: string[] } = result.map;
  if (!compiled.map && !compiled.existing && !prelude) decoded = { mappings: unmapWhereUnmoved(result.map.mappings), names: result.map.names };
  if (compiled.map) {
    // Chain: instrumented → compiled (our map) → as written (the compiler's map); only one level deep.
    const compiledMap = compiled.map;
    let chained = false;
    const chain = remapping({ ...result.map, version: 3 }, () => (chained ? null : ((chained = true), compiledMap)), { decodedMappings: true });
    decoded = { mappings: chain.mappings as SourceMapMappings, names: chain.names };
  }
  const sourceMap = LineIndexedMap.fromDecoded(decoded.mappings);
  const map: WithMap['map'] = {
    version: 3 as const,
    // Node names ES modules by URL and CommonJS files by path in stack traces; match it.
    sources: [request.module ? pathToFileURL(request.file).href : request.file],
    sourcesContent: [request.source],
    names: decoded.names,
    mappings: sourceMap.mappings,
  };
  if (compiled.existing) {
    // What Node reads: the instrumented file back to the sources the file was built from.
    const existing = compiled.existing.map;
    let chained = false;
    const chain = remapping({ ...map, sources: [request.file] }, () => (chained ? null : ((chained = true), existing)));
    const toSources = { version: 3 as const, sources: chain.sources as string[], sourcesContent: (chain.sourcesContent ?? []) as string[], names: chain.names, mappings: String(chain.mappings) };
    return { code: prelude + result.code, sites: result.sites, map: toSources, sourceMap };
  }
  return { code: prelude + result.code, sites: result.sites, map, sourceMap };
}

/**
 * Plain JavaScript: positions the probes did not move (nothing inserted before them on their
 * line) lose their original position in the map, keeping only the generated column. Node then
 * formats a frame there as V8 does (an ES module's file:// URL, bare anonymous locations, no
 * extra line under an uncaught error's source excerpt), as without the shim and under tsx,
 * rather than in its source-map layout; the position it prints is the one written. Frames at
 * moved positions (after an await's probe on its line) keep the mapped layout.
 */
function unmapWhereUnmoved(mappings: SourceMapMappings): SourceMapMappings {
  return mappings.map((line, generatedLine) => line.map((segment) => (segment.length >= 4 && segment[2] === generatedLine && segment[3] === segment[0] ? [segment[0]] : segment)));
}

function instrumentCompiled(request: TransformRequest, compiled: Stripped, nextSiteId: () => number): Instrumented {
  const done = instrumentWithMap(request, compiled, nextSiteId);
  if (!done) return { sites: [], siteCount: 0 };
  return { code: done.code, mapComment: mapComment(done.map), sites: done.sites, siteCount: done.sites.length, mappings: done.sourceMap.mappings, lines: [...done.sourceMap.lines] };
}

/**
 * For Jest's transformer: probes placed in the CommonJS that the project's own transformer
 * (babel-jest, ts-jest) made of `source`, with `prelude` first; the map goes back to `source`.
 */
export function instrumentForJest(source: string, file: string, compiled: { code: string; map?: string }, nextSiteId: () => number, prelude: string): { code: string; map: object } | undefined {
  const done = instrumentWithMap({ file, module: false, source }, compiled, nextSiteId, prelude);
  return done && { code: done.code, map: done.map };
}

export function transformSource(request: TransformRequest): TransformResult {
  const compiled = toJavaScript(request);
  if (!request.probes) return { code: withMap(compiled.code, compiled.map), sites: [] };
  let instrumented: Instrumented;
  if (clashesWithPlaceholders(compiled.code)) {
    instrumented = instrumentCompiled(request, compiled, request.nextSiteId);
    return instrumented.code === undefined ? { code: withMap(compiled.code, compiled.map), sites: [] } : finish(instrumented, instrumented.code, instrumented.sites);
  }
  const key = { engine: 'instrument', version: instrumenterBuild, file: request.file, module: request.module, markStart: !!request.markStart };
  const keySource = `${request.source}\0${compiled.code}\0${compiled.existing ? JSON.stringify(compiled.existing.map) : ''}`;
  const cached = instrumenterBuild ? readCached(keySource, key, isInstrumented) : undefined;
  if (cached) instrumented = cached;
  else {
    const ids = placeholderIds();
    instrumented = instrumentCompiled(request, compiled, ids.next);
    instrumented.siteCount = ids.count();
    if (instrumenterBuild) writeCached(keySource, key, instrumented);
  }
  if (instrumented.code === undefined) return { code: withMap(compiled.code, compiled.map), sites: [] };
  const { code, sites } = assignSiteIds(instrumented.code, instrumented.sites, instrumented.siteCount, request.nextSiteId);
  return finish(instrumented, code, sites);
}

function finish(instrumented: Instrumented, code: string, sites: SiteTuple[]): TransformResult {
  const sourceMap = new LineIndexedMap(instrumented.mappings!, Int32Array.from(instrumented.lines!));
  return { code: `${code}${instrumented.mapComment}`, sites, sourceMap };
}

/**
 * For a bundler's plugin (Vite, Vitest): probes placed in JavaScript an earlier step compiled.
 * The map returned is of this step only (the bundler chains it); `inputMap`, from the input back
 * to the file as written, only places the sites at the user's lines. Undefined: nothing to do.
 */
export function instrumentForPlugin(code: string, file: string, nextSiteId: () => number, inputMap?: string): { code: string; map: object } | undefined {
  const result = instrumentOrNot(code, { file, module: true, nextSiteId, writtenAt: inputMap ? positionsIn(inputMap) : undefined });
  if (!result) return undefined;
  return { code: result.code, map: { version: 3, sources: [file], names: result.map.names, mappings: encode(result.map.mappings) } };
}

/**
 * The instrumenter's result with its map, or undefined when there is nothing to place (no
 * coroutines) or the JavaScript does not parse: Node then gets the file as it is and reports
 * a syntax error its own way.
 */
function instrumentOrNot(code: string, options: InstrumentOptions): (InstrumentResult & { map: NonNullable<InstrumentResult['map']> }) | undefined {
  try {
    const result = instrument(code, options);
    return result.map ? { ...result, map: result.map } : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Where a position of compiled code was written in the source. */
export function positionsIn(map: string): (line: number, column: number) => { line: number; column: number } {
  const traced = new TraceMap(map);
  return (line, column) => {
    const original = originalPositionFor(traced, { line, column: column - 1 });
    return original.line === null ? { line, column } : { line: original.line, column: original.column + 1 };
  };
}

function mapComment(map: string | object): string {
  const json = typeof map === 'string' ? map : JSON.stringify(map);
  return `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(json).toString('base64')}\n`;
}

function withMap(code: string, map: string | object | undefined): string {
  return map ? `${code}${mapComment(map)}` : code;
}
