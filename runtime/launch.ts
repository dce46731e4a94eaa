/**
 * Starts a program under the shim with a private pipe (fd 3) for the event stream. Shared by
 * the CLI and the extension. Only the parent holds the other end of the pipe, so the stream is
 * reachable by nobody else; no port, no file.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { FrameType, type End } from '../protocol/events';
import { FrameDecoder, encodeJsonFrame } from '../protocol/frames';
import type { Frame } from '../protocol/events';
import { OPTIONS_ENV, type ShimOptions } from './options';

export const TRACE_FD = 3;

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
  /** stdin/stdout/stderr of the program; fd 3 is always our pipe. */
  stdio?: [StdioOptions, StdioOptions, StdioOptions] | ['inherit' | 'pipe', 'inherit' | 'pipe', 'inherit' | 'pipe'];
  shim?: Omit<ShimOptions, 'fd' | 'parentPid' | 'tracePath'>;
}

export interface RecordedProcess {
  child: ChildProcess;
  /** Resolves with the program's exit once the stream is fully read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StreamListener {
  /** Raw bytes exactly as they form a .covis file (header and frames). */
  onBytes?(bytes: Uint8Array): void;
  onFrames?(frames: Frame[]): void;
  /** The stream could not be decoded (should not happen; reported, recording continues raw). */
  onError?(error: Error): void;
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
  const shim: ShimOptions = { ...request.shim, fd: TRACE_FD, parentPid: process.pid };
  const stdio = [...(request.stdio ?? ['inherit', 'inherit', 'inherit']), 'pipe'] as StdioOptions;
  const child = spawn(request.node ?? process.execPath, [...shimArgs(request.registerPath), request.program, ...(request.args ?? [])], {
    cwd: request.cwd,
    env: { ...(request.env ?? process.env), [OPTIONS_ENV]: JSON.stringify(shim) },
    stdio,
  });
  const decoder = new FrameDecoder();
  let end: End | undefined;
  let decodeFailed = false;
  const pipe = child.stdio[TRACE_FD] as NodeJS.ReadableStream | null;
  const streamDone = new Promise<void>((resolve) => {
    if (!pipe) return resolve();
    pipe.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      listener.onBytes?.(bytes);
      if (decodeFailed) return;
      try {
        const frames = decoder.push(bytes);
        for (const frame of frames) if (frame.type === FrameType.End) end = frame.end;
        if (frames.length) listener.onFrames?.(frames);
      } catch (error) {
        decodeFailed = true;
        listener.onError?.(error as Error);
      }
    });
    pipe.on('end', resolve);
    pipe.on('error', resolve);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      void streamDone.then(() => {
        if (!end && decoder.version) {
          // The program died without writing its End frame: say how, so the trace reads as cut short.
          const closing: End = { reason: signal ? 'signal' : 'crash', exitCode: code, dropped: 0, events: 0, ...(signal ? { signal } : {}) };
          const bytes = encodeJsonFrame(FrameType.End, closing);
          listener.onBytes?.(bytes);
          listener.onFrames?.([{ type: FrameType.End, end: closing }]);
        }
        resolve({ code, signal });
      });
    });
  });
  return { child, exited };
}
