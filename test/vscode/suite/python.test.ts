// A Python file in the editor: Run and Visualize records it with the Python recorder (python3,
// no Python extension installed here), CodeLens above its coroutine functions before and with
// instance counts after the run, the hover on a call after the run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverText, openFixture, positionOf, runFixture, taskNames } from './util';

async function lenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
}

describe('Python files', () => {
  it('puts a Visualize CodeLens above every async def, not above plain code', async () => {
    const { document } = await openFixture('say_after.py');
    const visualize = (await lenses(document)).filter((l) => l.command?.command === 'coroutineVisualizer.visualizeFile').map((l) => l.range.start.line);
    assert.deepEqual(visualize.sort((a, b) => a - b), [positionOf(document, 'async def say_after').line, positionOf(document, 'async def main').line]);
  });

  it('Run and Visualize records a .py file: its coroutines are tasks of the trace', async () => {
    const trace = await runFixture('say_after.py');
    const names = taskNames(trace.model);
    assert.equal(names.filter((n) => n === 'say_after').length, 4, names.join(', '));
    assert.ok(names.includes('main'), names.join(', '));
    assert.equal(trace.model.hello?.language, 'python');
  });

  it('after the run, the CodeLens counts say_after\'s instances and the hover lists them', async () => {
    const { document } = await openFixture('say_after.py');
    const titles = (await lenses(document)).map((l) => l.command?.title);
    assert.ok(titles.includes('4 instances: 4 completed'), titles.join(' | '));
    const text = await hoverText(document, positionOf(document, 'say_after(delay', 1));
    assert.match(text, /4 instances: 4 completed/);
  });
});
