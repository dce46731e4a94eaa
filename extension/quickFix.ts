/**
 * The quick fix of a covis/sequential-awaits diagnostic: "Run both at once with Promise.all".
 * Offered only when the document's text, as it is now, is one of the shapes
 * promiseAllRewrite.ts is sure about and still holds the two awaits the run recorded; the edit
 * changes the open document (the user saves it, or not).
 */
import * as vscode from 'vscode';
import type { FindingOf } from '../protocol/findings';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { TraceFindings } from './findings';
import { promiseAllRewrite } from './promiseAllRewrite';

export const PROMISE_ALL_TITLE = 'Run both at once with Promise.all';
const RULE = 'covis/sequential-awaits';

type SequentialAwaits = FindingOf<typeof RULE>;

function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : code === undefined ? undefined : String(code);
}

export class PromiseAllFix implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly findings: TraceFindings) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || ruleOf(diagnostic) !== RULE) continue;
      const finding = this.findingOf(document, diagnostic);
      const action = finding && this.fix(document, diagnostic, finding);
      if (action) actions.push(action);
    }
    return actions;
  }

  /** The finding a diagnostic was made from: same file, rule, first line and message. */
  private findingOf(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): SequentialAwaits | undefined {
    return this.findings.findings.find(
      (f): f is SequentialAwaits => f.ruleId === RULE && f.file === document.uri.fsPath && f.line === diagnostic.range.start.line + 1 && f.message === diagnostic.message,
    );
  }

  private fix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, finding: SequentialAwaits): vscode.CodeAction | undefined {
    const { first, second } = finding.data;
    if (first.at.file !== second.at.file || second.at.line < first.at.line || second.at.line > document.lineCount) return undefined;
    const lines: string[] = [];
    for (let line = first.at.line; line <= second.at.line; line++) lines.push(document.lineAt(line - 1).text);
    const text = promiseAllRewrite(lines, { ...first.at, text: first.text }, { ...second.at, text: second.text });
    if (text === undefined) return undefined;
    const action = new vscode.CodeAction(PROMISE_ALL_TITLE, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, new vscode.Range(first.at.line - 1, 0, second.at.line - 1, lines[lines.length - 1].length), text);
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    return action;
  }
}
