/**
 * Recording terminals: a terminal whose Node processes load the shim through
 * NODE_OPTIONS=--require, so `npm start`, a test runner or a server can be watched. Every
 * process (and worker thread) that runs one of the user's files writes its loop into a spool
 * folder, and a collector follows them into one trace, as in a normal session.
 *
 * - Record Node Programs in a New Terminal: an empty one, for whatever the user types.
 * - Record npm Script…: runs one of package.json's scripts there (the test script by default,
 *   `coroutineVisualizer.testScript`), so a test suite is recorded as it runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LoopCollector, makeSpool } from '../../runtime/collector';
import { nodeOptionsWithShim } from '../../runtime/launch';
import { OPTIONS_ENV, type ShimOptions } from '../../runtime/options';
import { SECTION } from '../config';
import type { Ctx } from '../ctx';
import type { PanelManager } from '../panel';
import { Trace } from '../trace';
import { requireTrust } from '../trust';
import type { Cmd } from './run';

const POLL_MS = 250;

interface RecordingTerminal {
  name: string;
  cwd?: string;
  /** Typed into the terminal once it is open. */
  command?: string;
  message: (spool: string) => string;
}

function openRecordingTerminal(ctx: Ctx, panels: PanelManager, request: RecordingTerminal): vscode.Terminal {
  const spool = makeSpool();
  const findingsOn = vscode.workspace.getConfiguration(SECTION).get<boolean>('findings.enabled') !== false;
  const shim: ShimOptions = { spool, ...(findingsOn ? { clockResumes: true } : {}) };
  const terminal = vscode.window.createTerminal({
    name: request.name,
    env: { NODE_OPTIONS: nodeOptionsWithShim(ctx.registerPath, process.env.NODE_OPTIONS), [OPTIONS_ENV]: JSON.stringify(shim) },
    cwd: request.cwd ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    message: request.message(spool),
  });
  terminal.show();
  if (request.command) terminal.sendText(request.command);
  const trace = new Trace({ title: request.name }, true);
  let shown = false;
  const collector = new LoopCollector(spool, (bytes) => {
    if (!shown) {
      ctx.setTrace(trace);
      panels.show(true);
      shown = true;
    }
    trace.append(bytes);
  });
  const timer = setInterval(() => collector.poll(), POLL_MS);
  const stop = (): void => {
    clearInterval(timer);
    collector.finish();
  };
  const closed = vscode.window.onDidCloseTerminal((t) => {
    if (t !== terminal) return;
    stop();
    closed.dispose();
    trace.finish();
  });
  ctx.subscriptions.push({ dispose: stop }, closed);
  return terminal;
}

export function recordTerminal(ctx: Ctx, panels: PanelManager): Cmd {
  return (): vscode.Terminal | undefined => {
    if (!requireTrust(ctx)) return undefined;
    return openRecordingTerminal(ctx, panels, {
      name: 'Coroutines: recording terminal',
      message: () => 'Node programs started here are recorded and shown in the Coroutines panel.',
    });
  };
}

/** The scripts of the package.json nearest the active editor's file, or of the first workspace folder. */
function findScripts(): { dir: string; scripts: Record<string, string> } | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const starts = [active?.scheme === 'file' ? path.dirname(active.fsPath) : undefined, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath].filter((d): d is string => !!d);
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const manifest = path.join(dir, 'package.json');
      if (fs.existsSync(manifest)) {
        try {
          const scripts = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
          return { dir, scripts };
        } catch {
          return undefined;
        }
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return undefined;
}

export function recordScript(ctx: Ctx, panels: PanelManager): Cmd {
  return async (script?: unknown): Promise<vscode.Terminal | undefined> => {
    if (!requireTrust(ctx)) return undefined;
    const found = findScripts();
    if (!found || !Object.keys(found.scripts).length) {
      void vscode.window.showWarningMessage('Coroutine Visualizer: no package.json with scripts here to record.');
      return undefined;
    }
    let name = typeof script === 'string' ? script : undefined;
    if (!name) {
      const preferred = vscode.workspace.getConfiguration('coroutineVisualizer').get<string>('testScript', 'test');
      const items = Object.entries(found.scripts)
        .map(([label, detail]) => ({ label, detail }))
        .sort((a, b) => Number(b.label === preferred) - Number(a.label === preferred));
      name = (await vscode.window.showQuickPick(items, { title: 'Record npm script', placeHolder: 'The script to run with its Node processes recorded' }))?.label;
      if (!name) return undefined;
    }
    if (!(name in found.scripts)) {
      void vscode.window.showWarningMessage(`Coroutine Visualizer: package.json in ${found.dir} has no script "${name}".`);
      return undefined;
    }
    return openRecordingTerminal(ctx, panels, {
      name: `Coroutines: npm run ${name}`,
      cwd: found.dir,
      command: `npm run ${name}`,
      message: () => `npm run ${name}, recorded and shown in the Coroutines panel.`,
    });
  };
}
