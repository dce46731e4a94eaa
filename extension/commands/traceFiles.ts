/**
 * Open Trace File…, Save Trace As…, Export Chrome Trace…: none of them runs code, so they work
 * in untrusted workspaces too. Each takes an optional target Uri (tests and scripts) and asks
 * with a file dialog otherwise.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toChromeTrace } from '../../protocol/chromeTrace';
import type { Ctx } from '../ctx';
import { showError } from '../log';
import type { PanelManager } from '../panel';
import { Trace } from '../trace';
import type { Cmd } from './run';

const TRACE_FILTERS = { 'Coroutine traces': ['covis'], 'All files': ['*'] };

function defaultUri(ctx: Ctx, extension: string): vscode.Uri | undefined {
  const origin = ctx.trace?.origin;
  const base = origin?.program ?? origin?.tracePath;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (base) return vscode.Uri.file(base.replace(/\.[^./\\]+$/, '') + extension);
  return folder ? vscode.Uri.joinPath(folder, `trace${extension}`) : undefined;
}

export function openTrace(ctx: Ctx, panels: PanelManager): Cmd {
  return async (target?: vscode.Uri): Promise<boolean> => {
    const uri = target ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: TRACE_FILTERS, title: 'Open a Coroutine Visualizer trace' }))?.[0];
    if (!uri) return false;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      const trace = Trace.fromBytes({ title: path.basename(uri.fsPath), tracePath: uri.fsPath }, bytes);
      ctx.setTrace(trace);
      panels.show(false);
      ctx.log.info(`opened ${uri.fsPath}: ${trace.model.tasks.filter(Boolean).length} tasks${trace.model.truncated ? ' (cut short)' : ''}`);
      return true;
    } catch (error) {
      showError(ctx.log, `cannot open ${uri.fsPath}: ${(error as Error).message}`);
      return false;
    }
  };
}

function requireTrace(ctx: Ctx): Trace | undefined {
  if (!ctx.trace) void vscode.window.showInformationMessage('Coroutine Visualizer: there is no trace yet. Run a file or open a trace first.');
  return ctx.trace;
}

export function saveTrace(ctx: Ctx): Cmd {
  return async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    const trace = requireTrace(ctx);
    if (!trace) return undefined;
    const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: defaultUri(ctx, '.covis'), filters: TRACE_FILTERS, title: 'Save the trace' }));
    if (!uri) return undefined;
    // The bytes so far of a live trace are a valid (cut short) trace file too.
    await vscode.workspace.fs.writeFile(uri, trace.bytes.slice());
    ctx.lastTracePath = uri.fsPath;
    ctx.log.info(`saved ${trace.bytes.length} bytes to ${uri.fsPath}`);
    return uri;
  };
}

export function exportChromeTrace(ctx: Ctx): Cmd {
  return async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    const trace = requireTrace(ctx);
    if (!trace) return undefined;
    const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: defaultUri(ctx, '.chrome.json'), filters: { 'Chrome Trace Event JSON': ['json'] }, title: 'Export for Perfetto / chrome://tracing' }));
    if (!uri) return undefined;
    const json = JSON.stringify(toChromeTrace(trace.model));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
    ctx.log.info(`exported Chrome trace to ${uri.fsPath}`);
    if (!target) void vscode.window.showInformationMessage(`Exported ${path.basename(uri.fsPath)}: open it in https://ui.perfetto.dev or chrome://tracing.`);
    return uri;
  };
}
