/**
 * "Visualize" above every async function / generator (and above a file with top-level await),
 * and, once a trace has run the file, a second lens with the instance counts (of every loop
 * that ran the function: main thread, workers, child processes) that selects the first
 * instance in the panel.
 */
import * as vscode from 'vscode';
import { scanCoroutines } from './asyncScan';
import { isRunnable } from './config';
import type { Ctx } from './ctx';
import { SiteIndex } from './siteIndex';
import { countStates, instancesPerLoop } from './taskText';

export class CoroutineCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private lastFire = 0;

  constructor(private readonly ctx: Ctx) {
    // Counts change as a live trace grows; a lens refresh each second is plenty.
    this.subscription = ctx.onDidChangeTrace((trace) => {
      const now = Date.now();
      if (!trace?.live || now - this.lastFire > 1000) {
        this.lastFire = now;
        this.changed.fire();
      }
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isRunnable(document.uri)) return [];
    if (!vscode.workspace.getConfiguration('coroutineVisualizer', document.uri).get<boolean>('codeLens', true)) return [];
    const scan = scanCoroutines(document.getText(), document.fileName);
    const lenses: vscode.CodeLens[] = [];
    const run: vscode.Command = { title: '$(play) Visualize', command: 'coroutineVisualizer.visualizeFile', arguments: [document.uri], tooltip: 'Run this file under the recorder and show its coroutines as swimlanes' };
    if (scan.topLevelAwaits.length && scan.functions.every((f) => f.line > 0)) {
      lenses.push(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), run));
    }
    const trace = this.ctx.trace;
    const index = trace ? new SiteIndex(trace.model) : undefined;
    const defs = index?.functionSites(document.uri.fsPath) ?? [];
    for (const fn of scan.functions) {
      const range = new vscode.Range(fn.line, 0, fn.line, 0);
      lenses.push(new vscode.CodeLens(range, run));
      const site = defs.find((s) => s.line === fn.line + 1 && s.name.split('.').pop() === fn.name);
      if (!site || !trace || !index) continue;
      const tasks = index.tasksOf(site);
      if (tasks.length === 0) continue;
      const loops = instancesPerLoop(trace.model, tasks).length;
      lenses.push(
        new vscode.CodeLens(range, {
          title: `${countStates(trace.model, tasks)}${loops > 1 ? ` · in ${loops} loops` : ''}`,
          command: 'coroutineVisualizer.selectTask',
          arguments: [tasks[0].id],
          tooltip: 'Select the first instance in the swimlanes',
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
