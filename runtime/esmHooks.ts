/**
 * What our ES module hooks do, written once for both ways Node runs them: on its hooks thread
 * behind module.register (loader.ts, async) and in the program's own thread behind
 * module.registerHooks (register.ts, Node >= 24: no thread to start, which was most of what
 * the shim added to a program's start). Strip types and place probes in the user's ES modules,
 * and resolve TypeScript's `./x.js` → `./x.ts` convention. CommonJS is left to the CommonJS
 * hook in register.ts in both cases.
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isTypeScript } from './filter';
import { formatOf } from './packageScope';
import type { SourceMapSink } from './callSites';
import { UserSyntaxError, asNodeSyntaxReport, transformSource } from './transform';

export interface Resolved {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}

export interface Loaded {
  format?: string | null;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}

/** The first statement instrument() places (after a hashbang line and directives). */
const ALREADY_INSTRUMENTED = /^(?:#![^\n]*\n)?(?:\s*(?:'[^']*'|"[^"]*")\s*;?)*;?__covis\.sites\(/;

const TS_FOR_JS: Record<string, string> = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts' };

export class EsmHooks {
  constructor(
    private readonly shouldInstrument: (file: string) => boolean,
    private readonly nextSiteId: () => number,
    /** Told each module's source map, when the modules run in this thread (call sites use it). */
    private readonly onSourceMap?: SourceMapSink,
  ) {}

  /** After Node failed to resolve `specifier`: the TypeScript file it names, or the same error. */
  resolveTypeScript(specifier: string, context: { parentURL?: string }, error: unknown): Resolved {
    const relative = /^\.{1,2}\//.test(specifier) && context.parentURL?.startsWith('file:');
    if (!relative || (error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const ext = Object.keys(TS_FOR_JS).find((e) => specifier.endsWith(e));
    const candidates = ext ? [specifier.slice(0, -ext.length) + TS_FOR_JS[ext]] : [`${specifier}.ts`, `${specifier}.mts`, `${specifier}/index.ts`];
    for (const candidate of candidates) {
      const url = new URL(candidate, context.parentURL).href;
      if (fs.existsSync(fileURLToPath(url))) return { url, shortCircuit: true };
    }
    throw error;
  }

  /**
   * A module we load ourselves, without Node's loader (which, on Node 20, does not know
   * TypeScript): undefined for anything else, which then goes through `afterLoad`.
   */
  loadTypeScript(url: string, hook: (...args: never[]) => unknown): Loaded | undefined {
    if (!url.startsWith('file:')) return undefined;
    const file = fileURLToPath(url);
    if (!isTypeScript(file)) return undefined;
    const source = fs.readFileSync(file, 'utf8');
    const format = formatOf(file, source);
    // CommonJS goes through the CommonJS loader, where register.ts has its own hook.
    if (format === 'commonjs') return { format, shortCircuit: true };
    try {
      return { format, source: this.transform(url, file, source, this.shouldInstrument(file)), shortCircuit: true };
    } catch (error) {
      // Node's layout (file:line, line, caret, message) without our frames.
      if (error instanceof UserSyntaxError) throw asNodeSyntaxReport(error, hook, 'node-do-not-add-exception-line');
      throw error;
    }
  }

  /** What Node loaded, with probes placed if it is one of the user's ES modules. */
  afterLoad(url: string, loaded: Loaded): Loaded {
    if (!url.startsWith('file:') || loaded.format !== 'module' || loaded.source == null) return loaded;
    const file = fileURLToPath(url);
    if (!this.shouldInstrument(file)) return loaded;
    const source = typeof loaded.source === 'string' ? loaded.source : Buffer.from(loaded.source as Uint8Array).toString('utf8');
    // A hooks thread that another preload started (`--import tsx` before ours) ran our preload
    // unmarked (hooksThread.ts), which registered a second copy of these hooks: the copy's
    // result arrives here already instrumented. Do not do it twice.
    if (ALREADY_INSTRUMENTED.test(source)) return loaded;
    return { ...loaded, source: this.transform(url, file, source, true) };
  }

  /** An ES module's code, with probes placed or only its types stripped; its source map goes to onSourceMap. */
  private transform(url: string, file: string, source: string, probes: boolean): string {
    const { code, sourceMap } = transformSource({ source, file, module: true, probes, nextSiteId: this.nextSiteId });
    if (sourceMap) this.onSourceMap?.(url, sourceMap);
    return code;
  }
}
