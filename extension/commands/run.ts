/** Run and Visualize Current File, Stop, and Select Task (the hover links' target). */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isRunnable, readRunSettings, RUNNABLE_EXTENSIONS } from '../config';
import type { Ctx } from '../ctx';
import { showError } from '../log';
import type { PanelManager } from '../panel';
import { Session, type SessionResult } from '../session';
import { requireTrust } from '../trust';
import { lastRunPath } from '../lastRun';
import { pythonInterpreter } from '../python';
import { isPythonProgram } from '../../runtime/python';

export type Cmd = (...args: any[]) => unknown;

/** Accepts what menus, CodeLens (Uri) and hover links (a string) pass. */
function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  return vscode.window.activeTextEditor?.document.uri;
}

export function visualizeFile(ctx: Ctx, panels: PanelManager): Cmd {
  return async (arg?: unknown): Promise<SessionResult | undefined> => {
    if (!requireTrust(ctx)) return undefined;
    const uri = toUri(arg);
    if (!uri) {
      void vscode.window.showInformationMessage('Coroutine Visualizer: open a .ts, .js or .py file to run it.');
      return undefined;
    }
    if (!isRunnable(uri)) {
      void vscode.window.showWarningMessage(`Coroutine Visualizer can run ${RUNNABLE_EXTENSIONS.join(' ')} files saved on disk, not ${path.basename(uri.path) || uri.toString()}.`);
      return undefined;
    }
    // Nothing is saved for the user: say so when the editor holds changes the run will not see.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) {
      void vscode.window.showInformationMessage(`Coroutine Visualizer: running the saved version of ${path.basename(uri.fsPath)}; unsaved changes are not included.`);
    }
    const settings = readRunSettings(uri);
    if (isPythonProgram(uri.fsPath)) settings.python = await pythonInterpreter(uri, settings.python, ctx.log);
    const session = new Session(uri.fsPath, settings, ctx.registerPath, ctx.log, lastRunPath(ctx.extension, uri.fsPath));
    ctx.setTrace(session.trace, session);
    panels.show(true);
    const result = await session.done;
    if (result.error) showError(ctx.log, result.error);
    else if (session.trace.decodeError) {
      showError(ctx.log, `the trace stream from ${path.basename(uri.fsPath)} broke off (${session.trace.decodeError.message}); what arrived before stays in the panel.`);
    } else if (session.trace.model.eventCount === 0 && result.code !== 0) {
      showError(ctx.log, `${path.basename(uri.fsPath)} exited with code ${result.code} before anything was recorded (a syntax error?). Its output is in the terminal.`);
    }
    return result;
  };
}

export function stop(ctx: Ctx): Cmd {
  return () => {
    const session = ctx.session;
    if (!session?.running) {
      void vscode.window.showInformationMessage('Coroutine Visualizer: no program is running.');
      return;
    }
    session.stop();
  };
}

export function selectTask(ctx: Ctx, panels: PanelManager): Cmd {
  return (taskId: unknown) => {
    const id = Number(taskId);
    if (!ctx.trace || !Number.isInteger(id) || !ctx.trace.model.tasks[id]) {
      void vscode.window.showInformationMessage(`Coroutine Visualizer: task ${String(taskId)} is not in the current trace.`);
      return;
    }
    panels.selectTask(id);
  };
}
