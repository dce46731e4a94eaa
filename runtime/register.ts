/**
 * Entry of the shim: `node --import coroutine-visualizer/register app.ts`.
 * It must never throw into the user's program: everything is inside try/catch, it loads once,
 * it is silent unless `verbose`, and it records only in the process it was started for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, isMainThread, threadId } from 'node:worker_threads';
import { receiveSourceMapsOn, rememberSourceMap, type SourceMapSink } from './callSites';
import { makeFileFilter } from './filter';
import { loopFileName } from './collector';
import { describeLoop, loopEntryFile, watchOtherLoops } from './loops';
import { watchLoop } from './loop';
import { readOptions, type ShimOptions } from './options';
import { EsmHooks, type Loaded, type Resolved } from './esmHooks';
import { inHooksThread, markingHooksThread } from './hooksThread';
import { idleProbes } from './idleProbes';
import { PROBES_GLOBAL } from './probes';
import type { LoaderData } from './loader';
import { formatOf, hasEsmSyntax } from './packageScope';
import { quietInterval, quietTimeout } from './quietInterval';
import { PROBES_KEY } from './probesKey';
import { Recorder } from './recorder';
import { reportTsconfigProblems } from './tsconfig';
import { ClaimedFileSink, FdSink, type Sink } from './sink';
import { summarizeError } from './summary';
import { resolvePathAlias, resolveTypeScriptTwin } from './resolveTs';
import { UserSyntaxError, asNodeSyntaxReport, transformSource } from './transform';
import { needsTranspile } from './transpile';

const LOADED = Symbol.for('coroutine-visualizer.loaded');
const MAIN_THREAD_SITE_BASE = 1;

function log(options: ShimOptions, message: string): void {
  if (options.verbose) process.stderr.write(`coroutine-visualizer: ${message}\n`);
}

/**
 * Where this loop's frames go. In a recording of several loops (a spool folder, under `covis
 * record` or the extension) every thread and process has a file of its own; with COVIS_TRACE
 * alone, one process of a tree owns the file. Claimed at once when the entry script is the
 * user's, and otherwise (npm, a test runner in node_modules, a worker) only when the first
 * instrumented file runs: the loops running the user's code record, not those in front of them.
 */
function openSink(options: ShimOptions, isUserFile: (file: string) => boolean): Sink | (() => Sink | undefined) | undefined {
  const target = options.spool ?? options.tracePath;
  if (!target) return undefined;
  // `mainOnly` under a command (no launcher to tell its child by pid): the first process claims.
  const lock = options.spool ? (options.mainOnly && options.parentPid === undefined ? path.join(options.spool, 'main.lock') : undefined) : `${path.resolve(target)}.lock`;
  const claim = (): Sink | undefined => {
    try {
      if (!options.spool) return ClaimedFileSink.claim(target, lock!);
      const file = loopFile(options.spool);
      return lock ? ClaimedFileSink.claim(file, lock) : FdSink.openFile(file);
    } catch (error) {
      process.stderr.write(`coroutine-visualizer: cannot write the trace ${target}: ${(error as Error).message}\n`);
      return undefined;
    }
  };
  // `node --test a.test.ts`: argv[1] names a test file that a child process runs, not this one.
  const runsEntry = isMainThread && !process.execArgv.some((arg) => arg === '--test' || arg.startsWith('--test='));
  const entry = process.argv[1];
  return runsEntry && entry && isUserFile(path.resolve(entry)) ? (claim() ?? NO_SINK) : claim;
}

/** `<pid>-<threadId>.covis` in the spool; a reused pid gets a suffix rather than overwrite a loop. */
function loopFile(spool: string): string {
  const base = path.join(spool, loopFileName(process.pid, threadId)).replace(/\.covis$/, '');
  for (let n = 1; ; n++) {
    const file = n === 1 ? `${base}.covis` : `${base}-${n}.covis`;
    if (!fs.existsSync(file)) return file;
  }
}

/** A claim that failed: another process owns the trace. */
const NO_SINK = (): undefined => undefined;

function shouldRecord(options: ShimOptions): boolean {
  if (options.spool) {
    if (!options.mainOnly) return true;
    return isMainThread && (options.parentPid === undefined || options.parentPid === process.ppid);
  }
  return isMainThread && !!options.tracePath;
}

function startRecorder(options: ShimOptions, isUserFile: (file: string) => boolean): Recorder | undefined {
  const sink = openSink(options, isUserFile);
  if (!sink || sink === NO_SINK) return undefined;
  // Taken now, before user code could install fake timers or clocks.
  const now = performance.now.bind(performance);
  const realSetImmediate = setImmediate;
  // Not queueMicrotask: it creates an AsyncResource per call (a quarter of a timer turn's cost).
  const resolved = Promise.resolve();
  const then = Promise.prototype.then;
  const recorder = new Recorder({
    sink,
    batchSize: 1 << 16,
    flushEveryMs: 100,
    maxBytes: options.maxBytes ?? 1 << 30,
    now,
    sample: options.sample,
    clockResumes: options.clockResumes,
    setImmediate: (callback) => realSetImmediate(callback),
    queueMicrotask: (callback) => void then.call(resolved, callback),
    later: (ms, callback) => quietTimeout(ms, callback, then),
  });
  recorder.start({
    ...describeLoop(),
    node: process.version,
    argv: process.argv.slice(1),
    cwd: process.cwd(),
    startEpochMs: performance.timeOrigin + recorder.origin,
    monotonicMs: monotonicAt(recorder.origin, now),
    ...(options.sample ? { sample: options.sample } : {}),
  });
  quietInterval(100, () => recorder.flush(), then);
  watchLoop(recorder, { announceTimers: !options.sample });
  if (options.spool && !options.mainOnly) watchOtherLoops(recorder, options.spool);
  watchExit(recorder);
  return recorder;
}

/** process.hrtime at the moment `now()` read `time` (both are monotonic; their difference is fixed). */
function monotonicAt(time: number, now: () => number): number {
  const hr = Number(process.hrtime.bigint()) / 1e6;
  return hr - (now() - time);
}

function watchExit(recorder: Recorder): void {
  let drained = false;
  let uncaught: unknown;
  process.on('beforeExit', () => (drained = true));
  // The monitor variant observes without changing what an uncaught error does.
  process.on('uncaughtExceptionMonitor', (error, origin) => {
    if (process.listenerCount('uncaughtException') > 0) return;
    uncaught = error;
    if (origin === 'unhandledRejection') recorder.markUnhandled(error);
  });
  process.on('exit', (code) => {
    const reason = uncaught !== undefined ? 'uncaught-exception' : drained ? 'exit' : 'process-exit';
    // summarizeError reads no getters: an error's own `message` getter must not run at exit.
    const error = uncaught !== undefined ? summarizeError(uncaught) : undefined;
    recorder.finish({ reason, exitCode: code, ...(error ? { error } : {}) });
  });
}

type CommonJsModule = { id?: string; _compile(code: string, file: string): void };
type ModuleInternals = {
  _extensions: Record<string, (module: CommonJsModule, file: string) => void>;
  _resolveFilename(request: string, parent: { filename?: string | null } | undefined, ...rest: unknown[]): string;
};

/**
 * CommonJS: compile TypeScript, JSX and ES-module syntax (as tsx does) and place probes, through
 * `Module._extensions` (the hook tsx, esbuild-register and pirates use). Registering .ts/.tsx/
 * .jsx there is also what lets `require('./x')` find `x.ts`.
 */
function installCommonJsHooks(shouldInstrument: (file: string) => boolean, nextSiteId: () => number, onSourceMap: SourceMapSink | undefined, loopEntry: string | undefined): void {
  const Module = require('node:module') as ModuleInternals;
  for (const ext of ['.js', '.cjs', '.ts', '.cts', '.mts', '.tsx', '.jsx']) {
    const previous = Module._extensions[ext] ?? Module._extensions['.js'];
    Module._extensions[ext] = function covisCompile(this: unknown, module: CommonJsModule, file: string) {
      const compiled = needsTranspile(file);
      const probes = shouldInstrument(file);
      // Read here only where it decides something (a top-level await, ESM syntax in a user's .js
      // file); any other file is left to Node's own loader, which reads it once.
      const source = compiled || (probes && ext === '.js') ? fs.readFileSync(file, 'utf8') : undefined;
      const esm = ext === '.mts' || (ext !== '.cjs' && ext !== '.cts' && formatOf(file, source) === 'module');
      if (esm && compiled && module.id === '.') {
        // Loaded with --require, Node 20 runs a .mts (or an ESM-scoped .ts) entry as CommonJS:
        // it only sends .mjs and "type": "module" entries to the ES module loader. Do what
        // it does for those: import the entry, which our ESM hooks then compile and instrument.
        // A failure surfaces as Node's own report of an unhandled rejection (exit 1).
        void import(pathToFileURL(file).href);
        return;
      }
      // A user's .js file with import/export in a CommonJS scope: tsx compiles it to CommonJS.
      const esmSyntaxInCommonJs = !esm && ext === '.js' && probes && hasEsmSyntax(source!);
      if (esm || (!probes && !compiled)) return previous.call(this, module, file);
      let code: string;
      try {
        let sourceMap;
        ({ code, sourceMap } = transformSource({ source: source ?? fs.readFileSync(file, 'utf8'), file, module: false, esmSyntaxInCommonJs, probes, nextSiteId, markStart: file === loopEntry }));
        if (sourceMap) onSourceMap?.(file, sourceMap);
      } catch (error) {
        // A syntax error: reported like Node's own (file:line, line, caret, message), not from this line.
        if (error instanceof UserSyntaxError) throw asNodeSyntaxReport(error, covisCompile, 'node-do-not-add-exception-line');
        throw error;
      }
      module._compile(code, file);
    };
  }
  installCommonJsResolver(Module);
}

/**
 * tsconfig `paths` first, then what TypeScript sources mean by `./x.js` when there is no x.js,
 * then Node's resolution. Node's error for a module that is not there is thrown by Node itself,
 * not caught and thrown again here: an uncaught one then reads as without the shim.
 */
function installCommonJsResolver(Module: ModuleInternals): void {
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function covisResolveFilename(this: unknown, request, parent, ...rest) {
    const parentFile = parent?.filename;
    const redirected = parentFile ? (resolvePathAlias(request, parentFile) ?? resolveTypeScriptTwin(request, parentFile)) : undefined;
    return redirected ?? resolveFilename.call(this, request, parent, ...rest);
  };
}

function register(): void {
  const options = readOptions(process.env);
  const shimDir = __dirname;
  const shouldInstrument = makeFileFilter(options, shimDir);
  if (options.verbose) reportTsconfigProblems((message) => log(options, message));
  const recorder = shouldRecord(options) ? startRecorder(options, shouldInstrument) : undefined;
  Object.defineProperty(globalThis, PROBES_GLOBAL, { value: recorder ?? idleProbes, configurable: true, enumerable: false, writable: false });
  Object.defineProperty(require('node:util'), Symbol.for(PROBES_KEY), { value: recorder ?? idleProbes, configurable: true, enumerable: false, writable: false });
  process.setSourceMapsEnabled(true);
  recorder?.callSites.trustFormatter(Error.prepareStackTrace);

  let siteId = MAIN_THREAD_SITE_BASE;
  const nextSiteId = (): number => siteId++;
  // Source maps are kept for mapping call sites, so only while recording.
  const onSourceMap = recorder ? rememberSourceMap : undefined;
  // Only while recording: marks where a worker's or child's script starts.
  const loopEntry = recorder ? loopEntryFile(options) : undefined;
  installCommonJsHooks(shouldInstrument, nextSiteId, onSourceMap, loopEntry);
  const hooksWhere = installEsmHooks(options, shimDir, shouldInstrument, nextSiteId, onSourceMap, loopEntry);
  log(options, `loaded in pid ${process.pid}${recorder ? ', recording' : ''}, ES module hooks ${hooksWhere}`);
}

interface InThreadHooks {
  resolve(specifier: string, context: { parentURL?: string; conditions?: readonly string[] }, next: (specifier: string, context: unknown) => Resolved): Resolved;
  load(url: string, context: unknown, next: (url: string, context: unknown) => Loaded): Loaded;
}

/** Node >= 24 runs hooks in the program's thread (module.registerHooks), where we test them. */
const IN_THREAD_HOOKS_SINCE = 24;

/** Returns where the hooks run, for the verbose log. */
function installEsmHooks(options: ShimOptions, shimDir: string, shouldInstrument: (file: string) => boolean, nextSiteId: () => number, onSourceMap: SourceMapSink | undefined, loopEntry: string | undefined): string {
  const nodeModule = require('node:module') as typeof import('node:module') & { registerHooks?: (hooks: InThreadHooks) => unknown };
  if (nodeModule.registerHooks && Number(process.versions.node.split('.')[0]) >= IN_THREAD_HOOKS_SINCE) {
    // No thread to start (the hooks thread was most of what the shim added to a start), and
    // one site-id counter for CommonJS and ES modules alike.
    const hooks = new EsmHooks(shouldInstrument, nextSiteId, onSourceMap, loopEntry);
    const load: InThreadHooks['load'] = (url, context, next) => hooks.loadTypeScript(url, load) ?? hooks.afterLoad(url, next(url, context));
    const resolve: InThreadHooks['resolve'] = (specifier, context, next) => {
      let resolved = hooks.resolveAlias(specifier, context);
      try {
        resolved ??= next(specifier, context);
      } catch (error) {
        resolved = hooks.resolveTypeScript(specifier, context, error);
      }
      return hooks.forImport(resolved, context);
    };
    nodeModule.registerHooks({ resolve, load });
    return 'in this thread';
  }
  // The thread sends each module's source map back, for call sites (only while recording).
  const sourceMaps = onSourceMap ? new MessageChannel() : undefined;
  markingHooksThread(() =>
    nodeModule.register(pathToFileURL(path.join(shimDir, 'loader.mjs')).href, {
      parentURL: pathToFileURL(`${process.cwd()}/`).href,
      data: { options, shimDir, sourceMaps: sourceMaps?.port2, loopEntry } satisfies LoaderData,
      transferList: sourceMaps ? [sourceMaps.port2] : [],
    }),
  );
  if (sourceMaps) receiveSourceMapsOn(sourceMaps.port1);
  return "on Node's hooks thread";
}

const globals = globalThis as Record<symbol, unknown>;
// Also checked here, not only in registerEntry: shim.js may be required directly.
if (!globals[LOADED] && !inHooksThread()) {
  // Not enumerable: console.log(globalThis) must look the same with and without the shim.
  Object.defineProperty(globalThis, LOADED, { value: true, configurable: true, enumerable: false, writable: false });
  try {
    register();
  } catch (error) {
    process.stderr.write(`coroutine-visualizer: could not start, running without it (${(error as Error).message})\n`);
  }
}
