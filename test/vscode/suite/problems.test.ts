// Findings in the editor after a real run of findings.ts (TypeScript: its source is read through
// esbuild in the installed extension): diagnostics at their lines with the rule as code, the
// Promise.all quick fix applied to the open document (and reverted, never saved), no fix once the
// lines moved, the panel told, the settings, and a new run replacing them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture, openFixture, positionOf, runFixture, waitFor } from './util';

const FIX_TITLE = 'Run both at once with Promise.all';

function covisDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'covis');
}

function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code as { value: string | number; target: vscode.Uri };
  return String(code.value);
}

async function waitForDiagnostics(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  return waitFor(`${count} covis diagnostics on ${uri.fsPath}`, () => {
    const list = covisDiagnostics(uri);
    return list.length === count && list;
  });
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((a): a is vscode.CodeAction => 'title' in a && a.title === FIX_TITLE);
}

/** Throws away the editor's changes to the fixture (it is never saved). */
async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor('the fixture reverted', () => !doc.isDirty);
}

describe('findings in the editor', () => {
  const uri = fixture('findings.ts');
  const onDisk = () => fs.readFileSync(uri.fsPath, 'utf8');

  it('after a run, the Problems panel shows each finding at its line, with its rule', async () => {
    await runFixture('findings.ts');
    const { document } = await openFixture('findings.ts');
    const diagnostics = await waitForDiagnostics(uri, 2);
    assert.deepEqual(diagnostics.map(ruleOf).sort(), ['covis/loop-blocked', 'covis/sequential-awaits']);

    const pair = diagnostics.find((d) => ruleOf(d) === 'covis/sequential-awaits')!;
    const first = positionOf(document, 'await fetchUser(id)');
    const second = positionOf(document, 'await fetchOrders(id)');
    assert.deepEqual([pair.range.start.line, pair.range.start.character], [first.line, first.character]);
    assert.deepEqual([pair.range.end.line, pair.range.end.character], [second.line, document.lineAt(second.line).text.length], 'to the end of the second await\'s line');
    assert.equal(pair.severity, vscode.DiagnosticSeverity.Information);
    assert.match(pair.message, /`fetchUser\(id\)` and `fetchOrders\(id\)`/);
    assert.equal((pair.code as { target: vscode.Uri }).target.toString(true), 'https://github.com/covis/coroutine-visualizer/blob/main/docs/findings.md#sequential-awaits');
    assert.equal(pair.relatedInformation?.length, 1);
    assert.equal(pair.relatedInformation![0].location.uri.fsPath, uri.fsPath);
    assert.equal(pair.relatedInformation![0].location.range.start.line, second.line);
    assert.equal(pair.relatedInformation![0].message, 'the second await');

    const blocked = diagnostics.find((d) => ruleOf(d) === 'covis/loop-blocked')!;
    const resumedAt = positionOf(document, 'await sleep(15)');
    assert.deepEqual([blocked.range.start.line, blocked.range.start.character], [resumedAt.line, resumedAt.character]);
    assert.equal(blocked.range.end.line, resumedAt.line, 'one line: the rest of it');
    assert.equal(blocked.severity, vscode.DiagnosticSeverity.Warning);
    // Recorded with exact slice starts (findings on): no "up to".
    assert.match(blocked.message, /crunch held the thread for \d+ ms/);
  });

  it('the panel gets the same findings', async () => {
    const a = await api();
    await waitFor('the panel to receive 2 findings', () => {
      const p = a.panel();
      return p.visible && p.stats.findingsMessages > 0 && p.stats.findings === 2;
    });
  });

  it('the quick fix turns the two awaits into one Promise.all in the open document, unsaved', async () => {
    const { document } = await openFixture('findings.ts');
    const pair = covisDiagnostics(uri).find((d) => ruleOf(d) === 'covis/sequential-awaits')!;
    const fixes = await quickFixes(uri, pair.range);
    assert.equal(fixes.length, 1, 'one Promise.all fix');
    assert.equal(fixes[0].kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(fixes[0].edit, 'a workspace edit');
    const line = pair.range.start.line;
    const before = document.getText();
    try {
      assert.equal(await vscode.workspace.applyEdit(fixes[0].edit!), true);
      assert.equal(document.lineAt(line).text, '  const [user, orders] = await Promise.all([fetchUser(id), fetchOrders(id)]);');
      assert.equal(document.lineAt(line + 1).text, '  return { user, orders };');
      assert.equal(document.lineCount, before.split('\n').length - 1, 'two lines became one');
      assert.equal(document.isDirty, true);
      assert.equal(onDisk(), before, 'nothing written to disk');
    } finally {
      await revert(document);
    }
    assert.equal(document.getText(), before);
  });

  it('offers no fix once the lines it was about have moved', async () => {
    const { document } = await openFixture('findings.ts');
    const pair = covisDiagnostics(uri).find((d) => ruleOf(d) === 'covis/sequential-awaits')!;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '// a line above\n');
    try {
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      assert.deepEqual(await quickFixes(uri, pair.range), []);
      assert.deepEqual(await quickFixes(uri, pair.range.with(pair.range.start.translate(1), pair.range.end.translate(1))), []);
    } finally {
      await revert(document);
    }
    assert.equal((await quickFixes(uri, pair.range)).length, 1, 'back in place: offered again');
  });

  it('coroutineVisualizer.findings.blockMs and .enabled: recomputed or cleared at once', async () => {
    const config = vscode.workspace.getConfiguration('coroutineVisualizer.findings');
    try {
      await config.update('blockMs', 1000, vscode.ConfigurationTarget.Workspace);
      const fewer = await waitForDiagnostics(uri, 1);
      assert.equal(ruleOf(fewer[0]), 'covis/sequential-awaits', 'a 120 ms slice is not a block at a 1000 ms threshold');
      await config.update('enabled', false, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, 0);
      const a = await api();
      await waitFor('the panel told: no findings', () => a.panel().stats.findings === 0);
    } finally {
      await config.update('blockMs', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(uri, 2);
  });

  it('a new run replaces them: findings of concurrent.ts, none left on findings.ts; its fix for two bare awaits', async () => {
    await runFixture('concurrent.ts');
    await waitForDiagnostics(uri, 0);
    const other = fixture('concurrent.ts');
    const [repeat] = await waitForDiagnostics(other, 1);
    assert.equal(ruleOf(repeat), 'covis/sequential-awaits');
    const { document } = await openFixture('concurrent.ts');
    assert.equal(repeat.range.start.line, positionOf(document, 'await delay(30 * id)').line);
    const [fix] = await quickFixes(other, repeat.range);
    assert.ok(fix, 'a fix for `await delay(30 * id); await delay(20);`');
    const before = document.getText();
    try {
      assert.equal(await vscode.workspace.applyEdit(fix.edit!), true);
      assert.equal(document.lineAt(repeat.range.start.line).text, '  await Promise.all([delay(30 * id), delay(20)]);');
      assert.equal(document.lineAt(repeat.range.start.line + 1).text, '  return `user${id}`;');
    } finally {
      await revert(document);
    }
    assert.equal(document.getText(), before);
  });
});
