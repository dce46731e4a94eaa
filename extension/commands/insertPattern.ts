/** Insert Pattern…: a QuickPick of the contributed pattern snippets, inserted at the cursor. */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { readPatternSnippets, type PatternSnippet } from '../snippets';
import type { Cmd } from './run';

interface PatternItem extends vscode.QuickPickItem {
  snippet: PatternSnippet;
}

/** Snippets for the editor's language; every snippet when none fits it (a plain-text file, say). */
function fits(snippet: PatternSnippet, languageId: string | undefined): boolean {
  if (!languageId || !snippet.language) return true;
  return snippet.language.split(',').map((l) => l.trim()).includes(languageId);
}

export function insertPattern(ctx: Ctx): Cmd {
  return async (name?: string): Promise<boolean> => {
    const snippets = readPatternSnippets(ctx.extension.extensionPath, ctx.extension.extension.packageJSON);
    if (snippets.length === 0) {
      void vscode.window.showInformationMessage('Coroutine Visualizer: this build ships no pattern snippets (snippets/ is empty).');
      return false;
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Coroutine Visualizer: open a file to insert a pattern into.');
      return false;
    }
    const language = editor.document.languageId;
    const candidates = snippets.filter((s) => fits(s, language));
    const list = candidates.length ? candidates : snippets;
    let chosen = name ? list.find((s) => s.name === name || s.prefix.split(', ').includes(name)) : undefined;
    if (!chosen) {
      const items: PatternItem[] = list.map((snippet) => ({
        label: snippet.name,
        description: snippet.prefix,
        detail: snippet.description,
        snippet,
      }));
      chosen = (await vscode.window.showQuickPick(items, { title: 'Insert a coroutine pattern', matchOnDescription: true, matchOnDetail: true }))?.snippet;
    }
    if (!chosen) return false;
    return editor.insertSnippet(new vscode.SnippetString(chosen.body));
  };
}
