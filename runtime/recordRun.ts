/**
 * One recorded run, as `covis record` and `covis check` make it: a program file started under the
 * shim, or a command (`node --test`, `npx mocha`, `npm test`) whose Node processes load it through
 * NODE_OPTIONS; every loop collected into one stream. Ctrl+C and signals sent to covis are passed
 * on; with a timeout, the program is stopped (SIGTERM) once it has run that long.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sampleOptions } from '../protocol/events';
import { makeSpool } from './collector';
import { SOURCE_EXTENSIONS } from './filter';
import { collectLoops, launchRecorded, nodeOptionsWithShim, type RecordedProcess, type StreamListener } from './launch';
import { OPTIONS_ENV, type ShimOptions } from './options';
import { isPythonProgram, launchPython } from './python';

export const REGISTER = path.join(__dirname, 'register.js');

export interface RunOptions {
  include?: string[];
  exclude?: string[];
  sample?: number;
  mainOnly?: boolean;
  /** Stop the program (SIGTERM to it and every recorded process) after this many ms. */
  timeoutMs?: number;
  /** Exact slice starts (ShimOptions.clockResumes). */
  clockResumes?: boolean;
  /** Interpreter for a .py program (default: COVIS_PYTHON, else python3). */
  python?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The timeout stopped it. */
  timedOut: boolean;
  /** When the timeout stopped it, on the machine's monotonic clock and the wall clock (ms), to place the stop on the trace's time line. */
  stoppedAt?: { monotonicMs: number; epochMs: number };
}

/** A program file (app.ts, server.js) rather than a command (node, npm, npx mocha, vitest). */
export function isProgramFile(program: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => program.endsWith(ext)) && fs.existsSync(program) && fs.statSync(program).isFile();
}

function shimOptionsOf(options: RunOptions): Omit<ShimOptions, 'spool' | 'parentPid' | 'tracePath'> {
  return { include: options.include, exclude: options.exclude, ...(options.sample ? { sample: sampleOptions(options.sample) } : {}), ...(options.mainOnly ? { mainOnly: true } : {}), ...(options.clockResumes ? { clockResumes: true } : {}) };
}

/** Runs `program` (or the command) with `args`, its trace streamed to `listener`. Rejects when a command cannot be started. */
export async function recordRun(program: string, args: string[], listener: StreamListener, options: RunOptions): Promise<RunResult> {
  const recording = isPythonProgram(program)
    ? launchPython({ program, args, python: options.python, shim: shimOptionsOf(options) }, listener)
    : isProgramFile(program)
      ? launchRecorded({ program, args, registerPath: REGISTER, shim: shimOptionsOf(options) }, listener)
      : startCommand(program, args, listener, options);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => recording.stop(signal));
  let stoppedAt: RunResult['stoppedAt'];
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          stoppedAt = { monotonicMs: Number(process.hrtime.bigint()) / 1e6, epochMs: Date.now() };
          recording.stop('SIGTERM');
        }, options.timeoutMs);
  try {
    const { code, signal } = await recording.exited;
    return { code, signal, timedOut: stoppedAt !== undefined, ...(stoppedAt ? { stoppedAt } : {}) };
  } finally {
    clearTimeout(timer);
  }
}

/** A command: run as given, every Node process it starts loading the shim through NODE_OPTIONS. */
function startCommand(command: string, args: string[], listener: StreamListener, options: RunOptions): RecordedProcess {
  const spool = makeSpool();
  const shim: ShimOptions = { ...shimOptionsOf(options), spool };
  const env = { ...process.env, NODE_OPTIONS: nodeOptionsWithShim(REGISTER, process.env.NODE_OPTIONS), [OPTIONS_ENV]: JSON.stringify(shim) };
  const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  return { child, ...collectLoops(child, spool, listener) };
}

/** Why a command recorded nothing, for its message: Vitest and Jest load test files past the shim's hooks. */
export function nothingRecordedHint(command: string, args: string[]): string {
  const line = [command, ...args].join(' ');
  const runner = /\bvitest\b/.test(line)
    ? ' (Vitest loads test files itself: add the plugin coroutine-visualizer/vite to its config)'
    : /\bjest\b/.test(line)
      ? ' (Jest loads test files itself: use the transformer coroutine-visualizer/jest in its config)'
      : /\bpython[\d.]*(\.exe)?$/.test(command)
        ? ' (to record a Python program, name its .py file: covis record -- app.py)'
        : '';
  return `no process of \`${line}\` ran a file of yours, so nothing was recorded${runner}`;
}
