/**
 * Workspace trust: running the user's program is code execution, so it needs a trusted
 * workspace. Viewing, saving and exporting traces do not run anything and stay available.
 */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

export const UNTRUSTED_MESSAGE =
  'Running code is disabled in an untrusted workspace. Trust this workspace to run and visualize programs; opening and viewing trace files still works.';

/** True when running code is allowed; otherwise tells the user why not (with a way to fix it). */
export function requireTrust(ctx: Ctx): boolean {
  if (ctx.isTrusted) return true;
  ctx.log.info('refused to run code: the workspace is not trusted');
  void vscode.window.showWarningMessage(`Coroutine Visualizer: ${UNTRUSTED_MESSAGE}`, 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
