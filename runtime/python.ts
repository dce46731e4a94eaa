/**
 * Recording a Python program: `python3 -m covis_recorder app.py args…` with this package's
 * python/ folder on PYTHONPATH, writing its loop into a spool folder that the collector reads
 * as it reads a Node program's (docs/python.md). The recorder is the standard library only, so
 * nothing is installed into the user's environment.
 */
import { spawn, type IOType, type StdioOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeSpool } from './collector';
import { collectLoops, type RecordedProcess, type StreamListener } from './launch';
import { OPTIONS_ENV, type ShimOptions } from './options';

/** The folder holding the covis_recorder package: python/ at the package root (beside dist/ and runtime/). */
export const PYTHON_DIR = path.resolve(__dirname, '..', 'python');

/** Environment variable naming the Python interpreter when no option does. */
export const PYTHON_ENV = 'COVIS_PYTHON';

export const PYTHON_EXTENSIONS = ['.py', '.pyw'];

/** A Python script (app.py) that exists, recorded with the Python recorder rather than the Node shim. */
export function isPythonProgram(program: string): boolean {
  return PYTHON_EXTENSIONS.some((ext) => program.endsWith(ext)) && fs.existsSync(program) && fs.statSync(program).isFile();
}

/** The interpreter to run: an explicit choice, else COVIS_PYTHON, else python3 (python on Windows) from PATH. */
export function pythonCommand(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit || env[PYTHON_ENV] || (process.platform === 'win32' ? 'python' : 'python3');
}

/** PYTHONPATH with the recorder's folder first (the recorder takes it out again before the program runs). */
export function pythonPathWithRecorder(existing: string | undefined): string {
  return [PYTHON_DIR, ...(existing ? [existing] : [])].join(path.delimiter);
}

export interface PythonLaunchRequest {
  program: string;
  args?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Interpreter (see pythonCommand). */
  python?: string;
  stdio?: [IOType, IOType, IOType];
  shim?: Omit<ShimOptions, 'spool' | 'parentPid' | 'tracePath'>;
}

export function launchPython(request: PythonLaunchRequest, listener: StreamListener): RecordedProcess {
  const spool = makeSpool();
  const base = request.env ?? process.env;
  const shim: ShimOptions = { ...request.shim, spool, parentPid: process.pid };
  const env: NodeJS.ProcessEnv = { ...base, [OPTIONS_ENV]: JSON.stringify(shim), PYTHONPATH: pythonPathWithRecorder(base.PYTHONPATH) };
  const child = spawn(pythonCommand(request.python, base), ['-m', 'covis_recorder', request.program, ...(request.args ?? [])], {
    cwd: request.cwd,
    env,
    stdio: (request.stdio ?? ['inherit', 'inherit', 'inherit']) as StdioOptions,
  });
  return { child, ...collectLoops(child, spool, listener, child.pid) };
}
