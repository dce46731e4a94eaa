/** A status-bar item while a session runs: what the program is doing, and a click stops it. */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { traceStatus } from './taskText';

export class SessionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('coroutineVisualizer.session', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(ctx: Ctx) {
    this.item.name = 'Coroutine Visualizer session';
    this.item.command = 'coroutineVisualizer.stop';
    this.subscription = ctx.onDidChangeTrace((trace) => {
      if (!trace?.live) {
        this.item.hide();
        return;
      }
      this.item.text = `$(debug-stop) ${trace.origin.title}: ${traceStatus(trace.model)}`;
      this.item.tooltip = 'Coroutine Visualizer is recording this program. Click to stop it.';
      this.item.show();
    });
  }

  get text(): string | undefined {
    return this.item.text;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
