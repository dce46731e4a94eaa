/**
 * While a session runs, lines where tasks are suspended right now get an after-text such as
 * "⏸ 3 suspended · timer": the editor shows the same picture as the panel's open segments,
 * counting the tasks of every loop (workers, child processes) suspended at that line.
 * Cleared when the session ends, since "now" is then over.
 */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { suspendedByLine } from './siteIndex';
import { suspendedLineText } from './taskText';

export class SuspendedLineDecorations implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
    isWholeLine: true,
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.warningForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly disposables: vscode.Disposable[] = [];
  /** Lines decorated per editor document, for tests and to skip needless updates. */
  readonly current = new Map<string, number[]>();

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      this.type,
      ctx.onDidChangeTrace(() => this.update()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.update()),
    );
  }

  update(): void {
    const trace = this.ctx.trace;
    for (const editor of vscode.window.visibleTextEditors) {
      const key = editor.document.uri.toString();
      if (!trace?.live || editor.document.uri.scheme !== 'file') {
        if (this.current.has(key)) editor.setDecorations(this.type, []);
        this.current.delete(key);
        continue;
      }
      const model = trace.model;
      const byLine = suspendedByLine(model, editor.document.uri.fsPath);
      const options: vscode.DecorationOptions[] = [];
      for (const [line, tasks] of byLine) {
        if (line < 1 || line > editor.document.lineCount) continue;
        const { text, hover } = suspendedLineText(model, tasks);
        options.push({ range: new vscode.Range(line - 1, 0, line - 1, 0), renderOptions: { after: { contentText: text } }, hoverMessage: hover });
      }
      editor.setDecorations(this.type, options);
      this.current.set(key, [...byLine.keys()]);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
