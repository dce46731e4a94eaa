/**
 * Findings in the Problems panel: one diagnostic per finding at the line it is about, with the
 * rule as its code (linked to the rule's section of docs/findings.md) and the other places it
 * names (the second await, the chain of waiting tasks) as related information. Replaced when
 * the findings change, cleared when a new run starts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ruleHelpUri, type Finding, type Severity } from '../protocol/findings';
import type { TraceFindings } from './findings';

export const DIAGNOSTIC_SOURCE = 'covis';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  note: vscode.DiagnosticSeverity.Information,
};

/** Length of a line (1-based) of a file, read once per publication; undefined when unknown. */
export type LineLength = (file: string, line: number) => number | undefined;

/** From the finding's column to the end of its last line (endLine, else its own line). */
export function findingRange(finding: Finding, lineLength: LineLength): vscode.Range {
  const line = Math.max(0, finding.line - 1);
  const endLine = Math.max(line, (finding.endLine ?? finding.line) - 1);
  const column = Math.max(0, finding.column - 1);
  const length = lineLength(finding.file, endLine + 1);
  // Unknown length: past the end, which VS Code clamps to the line's end.
  const end = length === undefined ? Number.MAX_SAFE_INTEGER : endLine === line ? Math.max(length, column) : length;
  return new vscode.Range(line, column, endLine, end);
}

export function toDiagnostic(finding: Finding, lineLength: LineLength): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(findingRange(finding, lineLength), finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(ruleHelpUri(finding.ruleId)) };
  diagnostic.relatedInformation = finding.related.map(
    (related) =>
      new vscode.DiagnosticRelatedInformation(
        new vscode.Location(vscode.Uri.file(related.place.file), new vscode.Position(Math.max(0, related.place.line - 1), Math.max(0, related.place.column - 1))),
        related.message,
      ),
  );
  return diagnostic;
}

/** Line lengths from the open document when there is one (what the user sees), else from disk. */
function lineLengths(): LineLength {
  const lines = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!lines.has(file)) {
      const open = vscode.workspace.textDocuments.find((doc) => doc.uri.scheme === 'file' && doc.uri.fsPath === file);
      let text: string | undefined;
      try {
        text = open?.getText() ?? fs.readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      lines.set(file, text?.split(/\r?\n/));
    }
    return lines.get(file)?.[line - 1]?.length;
  };
}

function exists(file: string): boolean {
  return vscode.workspace.textDocuments.some((doc) => doc.uri.scheme === 'file' && doc.uri.fsPath === file) || fs.existsSync(file);
}

export class FindingDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly subscription: vscode.Disposable;

  constructor(findings: TraceFindings) {
    this.subscription = findings.onDidChange(({ findings: list }) => this.publish(list));
  }

  publish(findings: readonly Finding[]): void {
    this.collection.clear();
    const lineLength = lineLengths();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const finding of findings) {
      // Places inside Node itself (`node:internal/…`), and files not on this machine (a trace
      // recorded elsewhere), have no document to mark; the panel's list still shows them.
      if (!path.isAbsolute(finding.file) || !exists(finding.file)) continue;
      const list = byFile.get(finding.file) ?? [];
      list.push(toDiagnostic(finding, lineLength));
      byFile.set(finding.file, list);
    }
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
