// The extension loads from its packaged folder, activates for TypeScript files, and
// registers every command it declares.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor } from './util';

describe('activation', () => {
  it('is installed and activates when a TypeScript file opens', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'extension installed');
    await openFixture('generators.ts');
    await waitFor('activation on onLanguage:typescript', () => extension.isActive, 20000);
  });

  it('declares only the activation events it needs', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { activationEvents: string[] };
    assert.deepEqual([...pkg.activationEvents].sort(), ['onLanguage:javascript', 'onLanguage:javascriptreact', 'onLanguage:python', 'onLanguage:typescript', 'onLanguage:typescriptreact', 'onWebviewPanel:coroutineVisualizer.swimlanes']);
  });

  it('registers every contributed command', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = pkg.contributes.commands.map((c) => c.command);
    assert.ok(declared.includes('coroutineVisualizer.visualizeFile'));
    for (const id of ['stop', 'openTrace', 'saveTrace', 'exportChromeTrace', 'insertPattern'].map((n) => `coroutineVisualizer.${n}`)) {
      assert.ok(declared.includes(id), `${id} declared`);
    }
    for (const id of declared) assert.ok(registered.has(id), `${id} registered`);
  });

  it('shows the Visualize button in the editor title for runnable files', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const title = pkg.contributes.menus['editor/title'].find((m) => m.command === 'coroutineVisualizer.visualizeFile');
    assert.ok(title?.when?.includes('isWorkspaceTrusted'), 'hidden in untrusted workspaces');
  });
});
