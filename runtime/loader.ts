/**
 * ESM hooks for module.register (Node 20 and 22): they run on Node's hooks thread, so site ids
 * come from a range of their own (the main thread's CommonJS hook counts from 1). The work
 * itself is in esmHooks.ts, shared with the in-thread hooks of Node >= 24.
 */
import type { MessagePort } from 'node:worker_threads';
import type { SourceMapMessage, SourceMapSink } from './callSites';
import { EsmHooks, type Loaded, type Resolved } from './esmHooks';
import { makeFileFilter } from './filter';
import type { ShimOptions } from './options';
import { reportTsconfigProblems } from './tsconfig';

export interface LoaderData {
  options: ShimOptions;
  shimDir: string;
  /** Where to send each transformed module's source map (see callSites.ts); absent when not recording. */
  sourceMaps?: MessagePort;
  /** The script of the worker or child process these hooks serve, when recording it. */
  loopEntry?: string;
}

let siteId = 1 << 24;
const nextSiteId = (): number => siteId++;
let hooks = new EsmHooks(() => false, nextSiteId);

export function initialize(data: LoaderData): void {
  const port = data.sourceMaps;
  const sendSourceMap: SourceMapSink | undefined = port && ((scriptName, map) => port.postMessage({ scriptName, mappings: map.mappings, lines: map.lines } satisfies SourceMapMessage));
  if (data.options.verbose) reportTsconfigProblems((message) => process.stderr.write(`coroutine-visualizer: ${message}\n`));
  hooks = new EsmHooks(makeFileFilter(data.options, data.shimDir), nextSiteId, sendSourceMap, data.loopEntry);
}

export async function resolve(specifier: string, context: { parentURL?: string; conditions?: readonly string[] }, nextResolve: (specifier: string, context: unknown) => Promise<Resolved>): Promise<Resolved> {
  let resolved = hooks.resolveAlias(specifier, context);
  try {
    resolved ??= await nextResolve(specifier, context);
  } catch (error) {
    resolved = hooks.resolveTypeScript(specifier, context, error);
  }
  return hooks.forImport(resolved, context);
}

export async function load(url: string, context: unknown, nextLoad: (url: string, context: unknown) => Promise<Loaded>): Promise<Loaded> {
  return hooks.loadTypeScript(url, load) ?? hooks.afterLoad(url, await nextLoad(url, context));
}
