/**
 * Settings of the runtime shim, passed in one environment variable so the launcher (CLI or
 * extension) and the shim agree on a typed shape. `COVIS_TRACE=path` is the short form.
 */
import type { SampleOptions } from '../protocol/events';

export interface ShimOptions {
  /** Write the trace to this file. */
  tracePath?: string;
  /**
   * A recording of several loops: every thread and process that runs a file of the user's writes
   * its own `<pid>-<threadId>.covis` here, and the launcher's collector merges them.
   */
  spool?: string;
  /** The launcher's pid: with `mainOnly`, only its child records. */
  parentPid?: number;
  /** Record only the program's main thread, not the worker threads and processes it starts. */
  mainOnly?: boolean;
  /** Globs (absolute-path style, e.g. "**\/src/**") of files to instrument; default: everything not excluded. */
  include?: string[];
  /** Globs of files never instrumented; node_modules is always added unless `includeNodeModules`. */
  exclude?: string[];
  includeNodeModules?: boolean;
  /** Stop recording after this many bytes of trace (events are then counted as dropped). */
  maxBytes?: number;
  /**
   * Record only some instances of each coroutine function, to keep the cost low enough to leave
   * on: the first `first`, then one in `every`. Left-out instances cost a branch per probe;
   * their children hang under the nearest recorded ancestor.
   */
  sample?: SampleOptions;
  /** Read the clock at every resume (Hello.clock 'per-event'): exact slices for `covis check`. */
  clockResumes?: boolean;
  /** Print what the shim does to stderr. */
  verbose?: boolean;
}

export const OPTIONS_ENV = 'COVIS_OPTIONS';
export const TRACE_ENV = 'COVIS_TRACE';

export function readOptions(env: NodeJS.ProcessEnv): ShimOptions {
  let options: ShimOptions = {};
  const raw = env[OPTIONS_ENV];
  if (raw) {
    try {
      options = JSON.parse(raw) as ShimOptions;
    } catch {
      process.stderr.write(`coroutine-visualizer: ignoring ${OPTIONS_ENV}, it is not valid JSON\n`);
    }
  }
  if (!options.tracePath && !options.spool && env[TRACE_ENV]) options.tracePath = env[TRACE_ENV];
  return options;
}

/** Under `covis record`, the extension or a recording terminal: a recorder is there for probes to call. */
export function isRecording(env: NodeJS.ProcessEnv): boolean {
  return !!(env[OPTIONS_ENV] || env[TRACE_ENV]);
}
