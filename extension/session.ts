/**
 * One run of the user's program under the shim: spawns it with launchRecorded, or a .py file
 * with launchPython (its loops collected from a private spool folder), shows its output in a terminal the user can type into, and feeds every
 * byte of the stream into a live Trace. Errors (no Node, program fails to start, the stream
 * cannot be decoded) are reported plainly and the trace so far stays viewable.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { launchRecorded, type RecordedProcess, type StreamListener } from '../runtime/launch';
import { isPythonProgram, launchPython, pythonCommand } from '../runtime/python';
import type { RunSettings } from './config';
import type { Log } from './log';
import { KeptRun } from './lastRun';
import { ProgramTerminal } from './programTerminal';
import { Trace } from './trace';

export interface SessionResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all. */
  error?: string;
}

export class Session implements vscode.Disposable {
  readonly trace: Trace;
  readonly terminal: vscode.Terminal;
  readonly done: Promise<SessionResult>;
  private readonly pty = new ProgramTerminal();
  private process?: RecordedProcess;
  private killTimer?: ReturnType<typeof setTimeout>;
  private readonly kept?: KeptRun;

  constructor(
    readonly program: string,
    settings: RunSettings,
    registerPath: string,
    private readonly log: Log,
    /** Where the bytes are kept as they arrive, so a reloaded panel can show this run again. */
    keepPath?: string,
  ) {
    const name = path.basename(program);
    this.kept = keepPath ? new KeptRun(keepPath, (message) => log.error(message)) : undefined;
    this.trace = new Trace({ title: name, program, tracePath: keepPath }, true);
    this.terminal = vscode.window.createTerminal({ name: `Coroutines: ${name}`, pty: this.pty, iconPath: new vscode.ThemeIcon('type-hierarchy') });
    this.terminal.show(true);
    log.info(`run ${settings.node} --require ${registerPath} ${program} ${settings.args.join(' ')} (cwd ${settings.cwd})`);
    this.done = this.start(settings, registerPath);
  }

  private async start(settings: RunSettings, registerPath: string): Promise<SessionResult> {
    let result: SessionResult;
    try {
      const shim = { include: settings.include, exclude: settings.exclude, sample: settings.sample, mainOnly: settings.mainOnly, clockResumes: settings.clockResumes };
      const common = { program: this.program, args: settings.args, cwd: settings.cwd, env: settings.env, stdio: ['pipe', 'pipe', 'pipe'] as ['pipe', 'pipe', 'pipe'], shim };
      const listener: StreamListener = {
        onBytes: (bytes) => {
          this.kept?.append(bytes);
          this.trace.append(bytes);
        },
        onError: (error) => this.log.error(`trace stream could not be decoded: ${error.message}`),
        onWaiting: (pids) => this.pty.write(`\n\x1b[2m[the program ended; still recording ${pids.join(', ')}, which it started]\x1b[0m\n`),
      };
      this.process = isPythonProgram(this.program)
        ? launchPython({ ...common, python: settings.python }, listener)
        : launchRecorded({ ...common, node: settings.node, registerPath }, listener);
      this.pty.attach(this.process.child);
      this.log.info(`started pid ${this.process.child.pid ?? '?'}`);
      const { code, signal } = await this.process.exited;
      result = { code, signal };
      this.pty.write(`\n\x1b[2m[${path.basename(this.program)} exited ${signal ? `on ${signal}` : `with code ${code}`}]\x1b[0m\n`);
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      const message =
        err.code === 'ENOENT' && isPythonProgram(this.program)
          ? `Python was not found ("${pythonCommand(settings.python, settings.env)}"). Install Python 3.11+, select an interpreter in the Python extension, or set "coroutineVisualizer.pythonPath".`
          : err.code === 'ENOENT'
          ? `Node was not found at "${settings.node}". Install Node 20+ or set "coroutineVisualizer.nodePath".`
          : `could not start the program: ${err.message}`;
      this.pty.write(`\x1b[31m${message}\x1b[0m\n`);
      result = { code: null, signal: null, error: message };
    }
    clearTimeout(this.killTimer);
    this.kept?.close();
    if (this.trace.decodeError) this.log.error(`trace stream problem: ${this.trace.decodeError.message}`);
    this.trace.finish();
    this.log.info(`session ended: ${result.error ?? (result.signal ? `signal ${result.signal}` : `exit code ${result.code}`)}`);
    return result;
  }

  get running(): boolean {
    return this.trace.live;
  }

  get pid(): number | undefined {
    return this.process?.child.pid;
  }

  /** SIGTERM, then SIGKILL if the program ignores it: Stop must always stop (processes it started included). */
  stop(): void {
    const recording = this.process;
    if (!recording || !this.running) return;
    this.log.info(`stopping pid ${recording.child.pid}`);
    recording.stop('SIGTERM');
    this.killTimer = setTimeout(() => {
      if (this.running) recording.stop('SIGKILL');
    }, 2000);
  }

  dispose(): void {
    this.stop();
    this.terminal.dispose();
  }
}
