/**
 * Entry point: builds the context, registers commands and providers, returns the API.
 * Everything else lives in its own module; this file only wires them together.
 */
import * as vscode from 'vscode';
import { createApi, type CoroutineVisualizerApi } from './api';
import { CoroutineCodeLensProvider } from './codeLens';
import { insertPattern } from './commands/insertPattern';
import { recordScript, recordTerminal } from './commands/recordTerminal';
import { selectTask, stop, visualizeFile, type Cmd } from './commands/run';
import { exportChromeTrace, openTrace, saveTrace } from './commands/traceFiles';
import { Ctx } from './ctx';
import { SuspendedLineDecorations } from './decorations';
import { FindingDiagnostics } from './diagnostics';
import { TraceFindings } from './findings';
import { CoroutineHoverProvider } from './hover';
import { PanelManager } from './panel';
import { PromiseAllFix } from './quickFix';
import { SessionStatusBar } from './statusBar';

/** The languages whose files the runtime can run (and hover/CodeLens care about). */
const SELECTOR: vscode.DocumentSelector = [
  { language: 'typescript', scheme: 'file' },
  { language: 'javascript', scheme: 'file' },
  { language: 'typescriptreact', scheme: 'file' },
  { language: 'javascriptreact', scheme: 'file' },
  { language: 'python', scheme: 'file' },
];

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): CoroutineVisualizerApi {
  ctx = new Ctx(context);
  const findings = new TraceFindings(ctx);
  const diagnostics = new FindingDiagnostics(findings);
  const panels = new PanelManager(ctx, findings);
  const decorations = new SuspendedLineDecorations(ctx);
  const statusBar = new SessionStatusBar(ctx);
  const codeLens = new CoroutineCodeLensProvider(ctx);
  const commands: Record<string, Cmd> = {
    visualizeFile: visualizeFile(ctx, panels),
    stop: stop(ctx),
    selectTask: selectTask(ctx, panels),
    openTrace: openTrace(ctx, panels),
    saveTrace: saveTrace(ctx),
    exportChromeTrace: exportChromeTrace(ctx),
    insertPattern: insertPattern(ctx),
    recordTerminal: recordTerminal(ctx, panels),
    recordScript: recordScript(ctx, panels),
    showPanel: () => panels.show(false),
  };
  for (const [name, command] of Object.entries(commands)) {
    ctx.subscriptions.push(vscode.commands.registerCommand(`coroutineVisualizer.${name}`, command));
  }
  ctx.subscriptions.push(
    findings,
    diagnostics,
    panels,
    decorations,
    statusBar,
    codeLens,
    vscode.languages.registerHoverProvider(SELECTOR, new CoroutineHoverProvider(ctx)),
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLens),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new PromiseAllFix(findings), { providedCodeActionKinds: PromiseAllFix.kinds }),
  );
  context.subscriptions.push(ctx);
  ctx.log.info(`activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted: running code is disabled'})`);
  return createApi(ctx, panels, decorations, statusBar);
}

export function deactivate(): void {
  // Stops a running program: it must not outlive the editor window that started it.
  ctx?.dispose();
  ctx = undefined;
}
