/**
 * Starts a program under the shim and collects its trace: the program's loop and those of the
 * worker threads and Node processes it starts, each written into a private spool folder and
 * put into one stream by the collector (runtime/collector.ts). Shared by the CLI and the
 * extension. The folder is the user's own (mode 0700): no port, nothing another user can read.
 */
import { spawn, type ChildProcess, type IOType, type StdioOptions } from 'node:child_process';
import type { Frame } from '../protocol/events';
import { FrameDecoder } from '../protocol/frames';
import { LoopCollector, makeSpool } from './collector';
import { OPTIONS_ENV, type ShimOptions } from './options';

/** How often the collector reads the loops' files while the program runs. */
const POLL_MS = 50;
export interface LaunchRequest {
  /** The program file (any of .ts .mts .cts .js .mjs .cjs). */
  program: string;
  args?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Node executable; defaults to the one running this code. */
  node?: string;
  /** Path of the built register.js (dist/register.js of this package). */
  registerPath: string;
  /** stdin/stdout/stderr of the program. */
  stdio?: [IOType, IOType, IOType];
  shim?: Omit<ShimOptions, 'spool' | 'parentPid' | 'tracePath'>;
}

export interface RecordedProcess {
  child: ChildProcess;
  /**
   * Resolves with the program's exit once every recorded loop has ended (processes the program
   * started may outlive it) and the trace is fully read.
   */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to the program and to every recorded process still running. */
  stop(signal: NodeJS.Signals): void;
}

export interface StreamListener {
  /** Raw bytes exactly as they form a .covis file (header and frames). */
  onBytes?(bytes: Uint8Array): void;
  onFrames?(frames: Frame[]): void;
  /** The stream could not be decoded (should not happen; reported, recording continues raw). */
  onError?(error: Error): void;
  /** The program has ended but processes it started still run and are still recorded. */
  onWaiting?(pids: number[]): void;
}

/**
 * Quotes nothing: spawn passes argv directly, so paths with spaces are safe.
 * `--require`, not `--import`: any `--import` makes Node evaluate a CommonJS entry from inside
 * the ES module loader's promise job, so microtasks queued by the entry's top level run before
 * its process.nextTick callbacks (the opposite of a plain `node app.js`). A preload by
 * `--require` leaves the entry's first tick exactly as it is without the shim.
 */
export function shimArgs(registerPath: string): string[] {
  return ['--require', registerPath];
}

/** NODE_OPTIONS value that puts our --require (keeps a CommonJS entry's first tick exact) before the user's own options; quoted for spaces. */
export function nodeOptionsWithShim(registerPath: string, existing: string | undefined): string {
  return [`--require ${JSON.stringify(registerPath)}`, existing ?? ''].join(' ').trim();
}

export function launchRecorded(request: LaunchRequest, listener: StreamListener): RecordedProcess {
  const spool = makeSpool();
  const shim: ShimOptions = { ...request.shim, spool, parentPid: process.pid };
  const env: NodeJS.ProcessEnv = { ...(request.env ?? process.env), [OPTIONS_ENV]: JSON.stringify(shim) };
  // Worker threads and fork() inherit the --require; `node child.js` started any other way needs NODE_OPTIONS.
  if (!shim.mainOnly) env.NODE_OPTIONS = nodeOptionsWithShim(request.registerPath, env.NODE_OPTIONS);
  const child = spawn(request.node ?? process.execPath, [...shimArgs(request.registerPath), request.program, ...(request.args ?? [])], {
    cwd: request.cwd,
    env,
    stdio: (request.stdio ?? ['inherit', 'inherit', 'inherit']) as StdioOptions,
  });
  return { child, ...collectLoops(child, spool, listener, child.pid) };
}

/**
 * Collects the trace of `child` and of what it starts from `spool` while they run: the stream
 * goes to `listener`. `rootPid`: the process whose main thread is loop 0 (else the first seen).
 */
export function collectLoops(child: ChildProcess, spool: string, listener: StreamListener, rootPid?: number): Omit<RecordedProcess, 'child'> {
  const decoder = new FrameDecoder();
  let decodeFailed = false;
  const collector = new LoopCollector(
    spool,
    (bytes) => {
      listener.onBytes?.(bytes);
      if (decodeFailed) return;
      try {
        const frames = decoder.push(bytes);
        if (frames.length) listener.onFrames?.(frames);
      } catch (error) {
        decodeFailed = true;
        listener.onError?.(error as Error);
      }
    },
    rootPid,
  );
  const poller = setInterval(() => collector.poll(), POLL_MS);
  let stopping: NodeJS.Signals | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(poller);
      collector.finish();
      reject(error);
    });
    child.on('close', (code, signal) => {
      void (async () => {
        collector.poll();
        let waiting = collector.running;
        if (waiting.length && !stopping) listener.onWaiting?.(waiting);
        while (waiting.length) {
          if (stopping) for (const pid of waiting) kill(pid, stopping);
          await new Promise((wake) => setTimeout(wake, POLL_MS));
          collector.poll();
          waiting = collector.running;
        }
        clearInterval(poller);
        collector.finish({ code, signal });
        resolve({ code, signal });
      })();
    });
  });
  const stop = (signal: NodeJS.Signals): void => {
    stopping = signal;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    for (const pid of collector.running) kill(pid, signal);
  };
  return { exited, stop };
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Gone already.
  }
}
