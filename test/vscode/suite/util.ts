/** Helpers shared by the VS Code suite: the extension's API, the fixture workspace, polling. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CoroutineVisualizerApi } from '../../../extension/api';

export const EXTENSION_ID = 'covis.coroutine-visualizer';

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs the fixture workspace open');
  return folder.uri.fsPath;
}

export function fixture(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), name));
}

export async function api(): Promise<CoroutineVisualizerApi> {
  const extension = vscode.extensions.getExtension<CoroutineVisualizerApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : extension.activate();
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  return vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

/** Position (0-based) of the first occurrence of `text` in a document, plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not in ${doc.uri.fsPath}`);
  return doc.positionAt(at + offset);
}

export async function hoverText(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n---\n');
}

/** Runs a fixture to its end through the real command and returns the trace it left. */
export async function runFixture(name: string): Promise<NonNullable<ReturnType<CoroutineVisualizerApi['currentTrace']>>> {
  const a = await api();
  await openFixture(name);
  const result = await vscode.commands.executeCommand<{ code: number | null; error?: string } | undefined>('coroutineVisualizer.visualizeFile', fixture(name));
  if (!result) throw new Error('visualizeFile returned nothing (refused to run?)');
  if (result.error) throw new Error(result.error);
  const trace = a.currentTrace();
  if (!trace) throw new Error('no trace after the run');
  return trace;
}

export function taskNames(model: { tasks: { name: string }[] }): string[] {
  return model.tasks.filter(Boolean).map((t) => t.name).sort();
}
