/**
 * What our ES module hooks do, written once for both ways Node runs them: on its hooks thread
 * behind module.register (loader.ts, async) and in the program's own thread behind
 * module.registerHooks (register.ts, Node >= 24: no thread to start, which was most of what
 * the shim added to a program's start). Compile TypeScript and JSX and place probes in the
 * user's ES modules, and resolve what TypeScript projects import (resolveTs.ts). CommonJS is
 * left to the CommonJS hooks in register.ts in both cases.
 */
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { facadeSource, facadeTarget, facadeUrl } from './commonJsFacade';
import { formatOf } from './packageScope';
import type { SourceMapSink } from './callSites';
import { resolvePathAlias, resolveSourceSpecifier } from './resolveTs';
import { UserSyntaxError, asNodeSyntaxReport, transformSource } from './transform';
import { needsTranspile } from './transpile';
import { PROBE, PROBES_GLOBAL } from './probes';

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
const ALREADY_INSTRUMENTED = new RegExp(`^(?:#![^\\n]*\\n)?(?:\\s*(?:'[^']*'|"[^"]*")\\s*;?)*;?${PROBES_GLOBAL}\\.${PROBE.sites}\\(`);

function readSource(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export class EsmHooks {
  constructor(
    private readonly shouldInstrument: (file: string) => boolean,
    private readonly nextSiteId: () => number,
    /** Told each module's source map, when the modules run in this thread (call sites use it). */
    private readonly onSourceMap?: SourceMapSink,
    /** The script a worker or child process was started with (see InstrumentOptions.markStart). */
    private readonly loopEntry?: string,
  ) {}

  /** A tsconfig `paths` alias, resolved before Node looks in node_modules (TypeScript's order). */
  resolveAlias(specifier: string, context: { parentURL?: string }): Resolved | undefined {
    if (!context.parentURL?.startsWith('file:')) return undefined;
    const file = resolvePathAlias(specifier, fileURLToPath(context.parentURL));
    return file ? { url: pathToFileURL(file).href, shortCircuit: true } : undefined;
  }

  /** After Node failed to resolve `specifier`: the source file TypeScript would take, or the same error. */
  resolveTypeScript(specifier: string, context: { parentURL?: string }, error: unknown): Resolved {
    const code = (error as { code?: string }).code;
    if (!context.parentURL?.startsWith('file:') || (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_UNSUPPORTED_DIR_IMPORT')) throw error;
    const file = resolveSourceSpecifier(specifier, fileURLToPath(context.parentURL));
    if (file) return { url: pathToFileURL(file).href, shortCircuit: true };
    throw error;
  }

  /**
   * What an `import` (not a require: Node 24 runs these hooks for both) of compiled CommonJS
   * resolves to: the facade that gives it its named exports (commonJsFacade.ts).
   */
  forImport(resolved: Resolved, context: { parentURL?: string; conditions?: readonly string[] }): Resolved {
    if (!context.parentURL || !resolved.url.startsWith('file:') || context.conditions?.includes('require')) return resolved;
    const file = fileURLToPath(resolved.url);
    if (!needsTranspile(file) || formatOf(file, readSource(file)) !== 'commonjs') return resolved;
    return { ...resolved, url: facadeUrl(resolved.url), shortCircuit: true };
  }

  /**
   * A module we load ourselves, without Node's loader (which, on Node 20, does not know
   * TypeScript): undefined for anything else, which then goes through `afterLoad`.
   */
  loadTypeScript(url: string, hook: (...args: never[]) => unknown): Loaded | undefined {
    if (!url.startsWith('file:')) return undefined;
    const facadeOf = facadeTarget(url);
    if (facadeOf) return { format: 'module', source: facadeSource(facadeOf), shortCircuit: true };
    const file = fileURLToPath(url);
    if (!needsTranspile(file)) return undefined;
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
    const { code, sourceMap } = transformSource({ source, file, module: true, probes, nextSiteId: this.nextSiteId, markStart: file === this.loopEntry });
    if (sourceMap) this.onSourceMap?.(url, sourceMap);
    return code;
  }
}
