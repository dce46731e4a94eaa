// The pattern snippets are contributed (VS Code offers them in completion) and Insert
// Pattern… inserts one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './util';

interface Contribution {
  language: string;
  path: string;
}

function contributions(): { root: string; snippets: Contribution[] } {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  return { root: extension.extensionPath, snippets: (extension.packageJSON.contributes?.snippets ?? []) as Contribution[] };
}

describe('snippets', () => {
  it('ships every contributed snippet file', function () {
    const { root, snippets } = contributions();
    if (snippets.length === 0) this.skip();
    for (const s of snippets) assert.ok(fs.existsSync(path.join(root, s.path)), `${s.path} is in the extension`);
    assert.ok(snippets.some((s) => s.language === 'typescript'));
  });

  it('offers the TypeScript patterns in completion', async () => {
    const { snippets } = contributions();
    assert.ok(snippets.some((s) => s.language === 'typescript'), 'TypeScript snippets are contributed');
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'co-' });
    await vscode.window.showTextDocument(doc);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 3));
    const snippetItems = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.ok(snippetItems.some((i) => String(typeof i.label === 'string' ? i.label : i.label.label).startsWith('co-')), snippetItems.map((i) => JSON.stringify(i.label)).join(', '));
  });

  it('Insert Pattern… inserts a chosen pattern', async () => {
    const { snippets } = contributions();
    assert.ok(snippets.some((s) => s.language === 'typescript'), 'TypeScript snippets are contributed');
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: '' });
    await vscode.window.showTextDocument(doc);
    const inserted = await vscode.commands.executeCommand('coroutineVisualizer.insertPattern', 'co-generator');
    const text = doc.getText();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.equal(inserted, true);
    assert.match(text, /function\*/);
  });
});
