/**
 * ESM hooks (module.register): strip types and place probes in the user's ES modules, and
 * resolve TypeScript's `./x.js` → `./x.ts` convention. Runs on Node's hooks thread, so site ids
 * come from a range of their own (the main thread's CommonJS hook counts from 1).
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeFileFilter, isTypeScript } from './filter';
import type { ShimOptions } from './options';
import { formatOf } from './packageScope';
import { UserSyntaxError, asNodeSyntaxReport, transformSource, useStripperAt } from './transform';
import * as path from 'node:path';

interface InitData {
  options: ShimOptions;
  shimDir: string;
}

type NextResolve = (specifier: string, context: unknown) => Promise<{ url: string; format?: string }>;
type NextLoad = (url: string, context: unknown) => Promise<{ format?: string; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }>;

let shouldInstrument: (file: string) => boolean = () => false;
let siteId = 1 << 24;
const nextSiteId = (): number => siteId++;

export function initialize(data: InitData): void {
  shouldInstrument = makeFileFilter(data.options, data.shimDir);
  useStripperAt(path.join(data.shimDir, 'typescript-stripper.js'));
}

/** The first statement instrument() places (after a hashbang line and directives). */
const ALREADY_INSTRUMENTED = /^(?:#![^\n]*\n)?(?:\s*(?:'[^']*'|"[^"]*")\s*;?)*;?__covis\.sites\(/;

const TS_FOR_JS: Record<string, string> = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts' };

export async function resolve(specifier: string, context: { parentURL?: string }, nextResolve: NextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = /^\.{1,2}\//.test(specifier) && context.parentURL?.startsWith('file:');
    if (!relative || (error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const ext = Object.keys(TS_FOR_JS).find((e) => specifier.endsWith(e));
    const candidates = ext
      ? [specifier.slice(0, -ext.length) + TS_FOR_JS[ext]]
      : [`${specifier}.ts`, `${specifier}.mts`, `${specifier}/index.ts`];
    for (const candidate of candidates) {
      const url = new URL(candidate, context.parentURL).href;
      if (fs.existsSync(fileURLToPath(url))) return { url, shortCircuit: true };
    }
    throw error;
  }
}

export async function load(url: string, context: { format?: string }, nextLoad: NextLoad) {
  if (!url.startsWith('file:')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const probes = shouldInstrument(file);
  if (isTypeScript(file)) {
    const source = fs.readFileSync(file, 'utf8');
    const format = formatOf(file, source);
    // CommonJS goes through the CommonJS loader, where register.ts has its own hook.
    if (format === 'commonjs') return { format, shortCircuit: true };
    try {
      return { format, source: transformSource({ source, file, module: true, probes, nextSiteId }).code, shortCircuit: true };
    } catch (error) {
      // Node's layout (file:line, line, caret, message) without our frames; it reaches the main thread by its stack.
      if (error instanceof UserSyntaxError) throw asNodeSyntaxReport(error, load, 'node-do-not-add-exception-line');
      throw error;
    }
  }
  const loaded = await nextLoad(url, context);
  if (!probes || loaded.format !== 'module' || loaded.source == null) return loaded;
  const source = typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source as Uint8Array).toString('utf8');
  // Node 20 runs a --require preload in this hooks thread as well, which registers a second copy
  // of these hooks: the copy's result arrives here already instrumented. Do not do it twice.
  if (ALREADY_INSTRUMENTED.test(source)) return loaded;
  return { ...loaded, source: transformSource({ source, file, module: true, probes, nextSiteId }).code };
}
