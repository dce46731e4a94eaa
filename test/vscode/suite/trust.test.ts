// Workspace trust: code-server runs this suite trusted (--disable-workspace-trust), so the
// untrusted path is exercised through the extension's trust override; the manifest part
// (limited support, restricted settings) is checked as VS Code reads it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, fixture, workspaceDir } from './util';

describe('workspace trust', () => {
  afterEach(async () => (await api()).setTrustOverride(undefined));

  it('declares limited support and restricts the settings that choose what runs', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
    };
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const key of ['nodePath', 'args', 'cwd', 'env']) {
      assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(`coroutineVisualizer.${key}`), key);
    }
  });

  it('refuses to run code in an untrusted workspace', async () => {
    const a = await api();
    a.setTrustOverride(false);
    const before = a.currentTrace();
    const result = await vscode.commands.executeCommand('coroutineVisualizer.visualizeFile', fixture('concurrent.ts'));
    assert.equal(result, undefined);
    assert.equal(a.currentTrace()?.title, before?.title);
    assert.equal(a.currentTrace()?.live ?? false, false);
    assert.equal(await vscode.commands.executeCommand('coroutineVisualizer.recordTerminal'), undefined);
  });

  it('still opens and views trace files in an untrusted workspace', async () => {
    const a = await api();
    a.setTrustOverride(false);
    const saved = vscode.Uri.file(path.join(workspaceDir(), 'out', 'concurrent.covis'));
    assert.equal(await vscode.commands.executeCommand('coroutineVisualizer.openTrace', saved), true);
    assert.equal(a.currentTrace()?.title, 'concurrent.covis');
  });
});
