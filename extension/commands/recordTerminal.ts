/**
 * Record in a Terminal (NODE_OPTIONS): opens a terminal whose Node processes load the shim
 * through NODE_OPTIONS=--require, so `npm start`, a test runner or a server can be watched. The
 * shim writes a trace file (COVIS_TRACE; only the first Node process of the tree records), and
 * we follow that file as it grows, like the pipe of a normal session.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeOptionsWithShim } from '../../runtime/launch';
import type { Ctx } from '../ctx';
import type { PanelManager } from '../panel';
import { Trace } from '../trace';
import { requireTrust } from '../trust';
import type { Cmd } from './run';

const POLL_MS = 250;

export function recordTerminal(ctx: Ctx, panels: PanelManager): Cmd {
  return (): vscode.Terminal | undefined => {
    if (!requireTrust(ctx)) return undefined;
    const tracePath = path.join(os.tmpdir(), `covis-terminal-${Date.now()}.covis`);
    const terminal = vscode.window.createTerminal({
      name: 'Coroutines: recording terminal',
      env: { NODE_OPTIONS: nodeOptionsWithShim(ctx.registerPath, process.env.NODE_OPTIONS), COVIS_TRACE: tracePath },
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      message: `Node programs started here are recorded to ${tracePath} and shown in the Coroutines panel.`,
    });
    terminal.show();
    const trace = new Trace({ title: 'terminal', tracePath }, true);
    let offset = 0;
    let shown = false;
    const timer = setInterval(() => {
      fs.promises
        .readFile(tracePath)
        .then((bytes) => {
          if (bytes.length <= offset) return;
          if (!shown) {
            ctx.setTrace(trace);
            panels.show(true);
            shown = true;
          }
          trace.append(bytes.subarray(offset));
          offset = bytes.length;
        })
        .catch(() => undefined); // not written yet
    }, POLL_MS);
    const closed = vscode.window.onDidCloseTerminal((t) => {
      if (t !== terminal) return;
      clearInterval(timer);
      closed.dispose();
      trace.finish();
    });
    ctx.subscriptions.push({ dispose: () => clearInterval(timer) }, closed);
    return terminal;
  };
}
