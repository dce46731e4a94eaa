// A real program run end to end: the session model receives the expected tasks, the panel
// receives every byte, and Save / Open / Export work on the result. Then a long-running
// program: status bar, suspended-line decorations and Stop.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, fixture, openFixture, positionOf, runFixture, taskNames, waitFor, workspaceDir } from './util';

describe('session', () => {
  it('runs a program and the model receives its tasks', async () => {
    const trace = await runFixture('concurrent.ts');
    assert.equal(trace.live, false);
    assert.deepEqual(taskNames(trace.model), ['fetchUser', 'fetchUser', 'main']);
    assert.ok(trace.model.tasks.filter(Boolean).every((t) => t.outcome === 'completed'));
    assert.equal(trace.model.end?.reason, 'exit');
    assert.equal(trace.model.end?.exitCode, 0);
  });

  it('sends the whole trace to the visible panel', async () => {
    const a = await api();
    const trace = a.currentTrace()!;
    const stats = await waitFor('the panel to receive every byte', () => {
      const p = a.panel();
      return p.visible && p.stats.ready > 0 && p.stats.bytesSent === trace.byteLength && p.stats;
    });
    assert.ok(stats.resets >= 1);
  });

  it('saves, reopens and exports the trace', async () => {
    const dir = workspaceDir();
    const saved = vscode.Uri.file(path.join(dir, 'out', 'concurrent.covis'));
    fs.mkdirSync(path.dirname(saved.fsPath), { recursive: true });
    await vscode.commands.executeCommand('coroutineVisualizer.saveTrace', saved);
    const a = await api();
    assert.equal(fs.statSync(saved.fsPath).size, a.currentTrace()!.byteLength);
    assert.equal(await vscode.commands.executeCommand('coroutineVisualizer.openTrace', saved), true);
    assert.equal(a.currentTrace()!.title, 'concurrent.covis');
    assert.deepEqual(taskNames(a.currentTrace()!.model), ['fetchUser', 'fetchUser', 'main']);
    const chrome = vscode.Uri.file(path.join(dir, 'out', 'concurrent.chrome.json'));
    await vscode.commands.executeCommand('coroutineVisualizer.exportChromeTrace', chrome);
    const json = JSON.parse(fs.readFileSync(chrome.fsPath, 'utf8')) as { traceEvents: unknown[] };
    assert.ok(json.traceEvents.length > 0);
  });

  it('reports a file that is not a trace plainly and keeps the current one', async () => {
    const a = await api();
    const before = a.currentTrace();
    const bogus = vscode.Uri.file(path.join(workspaceDir(), 'out', 'bogus.covis'));
    fs.writeFileSync(bogus.fsPath, 'not a trace');
    assert.equal(await vscode.commands.executeCommand('coroutineVisualizer.openTrace', bogus), false);
    assert.equal(a.currentTrace()?.title, before?.title);
  });

  it('runs an example of the teaching material end to end and keeps it for a reload', async () => {
    const trace = await runFixture('examples/sequential-vs-concurrent.ts');
    assert.deepEqual(taskNames(trace.model), ['<top-level await>', 'concurrent', 'main', 'sayAfter', 'sayAfter', 'sayAfter', 'sayAfter', 'sequential']);
    assert.equal(trace.model.end?.exitCode, 0);
    // Not saved by the user, yet a reloaded panel has it: kept in the extension's storage.
    const kept = (await api()).lastTracePath();
    assert.ok(kept && fs.existsSync(kept), `kept last run: ${kept}`);
    assert.ok(!kept.startsWith(workspaceDir()), 'nothing is written into the workspace');
    assert.equal(fs.statSync(kept).size, trace.byteLength);
  });

  it('runs generators and async generators', async () => {
    const trace = await runFixture('generators.ts');
    assert.deepEqual(taskNames(trace.model), ['averager', 'consume', 'ticks']);
  });

  it('shows a live session: status bar, suspended lines, then Stop', async () => {
    const a = await api();
    const { document } = await openFixture('longRunning.ts');
    const done = vscode.commands.executeCommand<{ code: number | null; signal: string | null }>('coroutineVisualizer.visualizeFile', fixture('longRunning.ts'));
    await waitFor('three live sleepers', () => a.currentTrace()?.live && a.currentTrace()!.model.tasks.filter((t) => t?.name === 'sleeper').length === 3);
    await waitFor('the status bar item', () => /sleeper|tasks/.test(a.statusBarText() ?? '') || /tasks/.test(a.statusBarText() ?? ''));
    const awaitLine = positionOf(document, 'await sleep(').line + 1;
    await waitFor(`decorations on line ${awaitLine}`, () => a.decoratedLines().get(document.uri.toString())?.includes(awaitLine));
    await vscode.commands.executeCommand('coroutineVisualizer.stop');
    const result = await done;
    assert.ok(result.signal === 'SIGTERM' || result.code !== 0, `stopped: ${JSON.stringify(result)}`);
    assert.equal(a.currentTrace()!.live, false);
    await waitFor('decorations cleared', () => !a.decoratedLines().get(document.uri.toString())?.length);
  });

  it('shows a syntax error plainly and keeps what was recorded', async () => {
    const broken = path.join(workspaceDir(), 'broken.ts');
    fs.writeFileSync(broken, 'async function oops( {\n  await 1;\n}\n');
    const result = await vscode.commands.executeCommand<{ code: number | null }>('coroutineVisualizer.visualizeFile', vscode.Uri.file(broken));
    assert.notEqual(result.code, 0);
    const a = await api();
    assert.equal(a.currentTrace()!.live, false);
  });

  it('says so when Node cannot be found', async () => {
    const config = vscode.workspace.getConfiguration('coroutineVisualizer');
    await config.update('nodePath', '/nonexistent/node', vscode.ConfigurationTarget.Workspace);
    try {
      const result = await vscode.commands.executeCommand<{ error?: string }>('coroutineVisualizer.visualizeFile', fixture('concurrent.ts'));
      assert.match(result.error ?? '', /Node was not found/);
    } finally {
      await config.update('nodePath', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('records the test script (npm run test) in a recording terminal: the test file\'s tasks reach the panel', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal | undefined>('coroutineVisualizer.recordScript', 'test');
    assert.ok(terminal, 'a terminal was opened');
    try {
      const a = await api();
      // The trace file is followed as it grows: wait until both tasks are there and have ended.
      const trace = await waitFor('the test file\'s tasks, completed', () => {
        const t = a.currentTrace();
        const loads = t?.title === 'Coroutines: npm run test' ? t.model.tasks.filter((task) => task?.name === 'loadUser') : [];
        return loads.length === 2 && loads.every((task) => task.outcome === 'completed') && t;
      }, 60_000);
      assert.deepEqual(taskNames(trace.model).filter((n) => n === 'loadUser'), ['loadUser', 'loadUser']);
    } finally {
      terminal.dispose();
    }
  });

  it('says so when the script does not exist', async () => {
    assert.equal(await vscode.commands.executeCommand('coroutineVisualizer.recordScript', 'no-such-script'), undefined);
  });
});
