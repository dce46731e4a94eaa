// Hover before any run (explains, offers to run) and after a run (instances and states from
// the trace, links that select a task in the panel); CodeLens before and after.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, hoverText, openFixture, positionOf, runFixture } from './util';

async function lenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
}

describe('hover and CodeLens', () => {
  it('explains an async generator before any run, in the seed terms', async () => {
    const { document } = await openFixture('generators.ts');
    const text = await hoverText(document, positionOf(document, 'ticks(n', 1));
    assert.match(text, /async generator `ticks`/);
    assert.match(text, /not run yet/);
    assert.match(text, /suspended/);
    assert.match(text, /1 yield point/);
    assert.match(text, /command:coroutineVisualizer\.visualizeFile/);
  });

  it('explains an async function: runs synchronously until its first await, unlike Python', async () => {
    const { document } = await openFixture('generators.ts');
    const text = await hoverText(document, positionOf(document, 'consume(): Promise', 1));
    assert.match(text, /synchronously, until its first `await`/);
    assert.match(text, /unlike Python/);
    assert.match(text, /completed/);
  });

  it('explains await itself', async () => {
    const { document } = await openFixture('generators.ts');
    const text = await hoverText(document, positionOf(document, 'await new Promise', 1));
    assert.match(text, /suspended/);
    assert.match(text, /event loop/);
  });

  it('puts a Visualize CodeLens above every coroutine function', async () => {
    const { document } = await openFixture('concurrent.ts');
    const found = await lenses(document);
    const visualize = found.filter((l) => l.command?.command === 'coroutineVisualizer.visualizeFile');
    const lines = visualize.map((l) => l.range.start.line);
    assert.ok(lines.includes(positionOf(document, 'async function fetchUser').line), 'lens above fetchUser');
    assert.ok(lines.includes(positionOf(document, 'async function main').line), 'lens above main');
    assert.ok(!lines.includes(positionOf(document, 'function delay').line), 'no lens above a plain function');
  });

  it('after a run, shows instance count and per-instance state with select links', async () => {
    await runFixture('concurrent.ts');
    const { document } = await openFixture('concurrent.ts');
    const text = await hoverText(document, positionOf(document, 'fetchUser(id', 1));
    assert.match(text, /last session/);
    assert.match(text, /2 instances: 2 completed/);
    assert.match(text, /completed in \d/);
    // The value each instance returned (a block body's `return`).
    assert.match(text, /→ \S*user1/);
    assert.match(text, /→ \S*user2/);
    assert.match(text, /running [\d.]+ ms, suspended [\d.]+ ms/);
    assert.match(text, /command:coroutineVisualizer\.selectTask\?/);
  });

  it('after a run, hovering an await says how often tasks were suspended there', async () => {
    const { document } = await openFixture('concurrent.ts');
    const text = await hoverText(document, positionOf(document, 'await delay(30', 1));
    assert.match(text, /suspended here 2 times/);
    assert.match(text, /fetchUser|#\d/);
  });

  it('after a run, hovering the call in Promise.all lists the tasks it created', async () => {
    const { document } = await openFixture('concurrent.ts');
    const text = await hoverText(document, positionOf(document, 'fetchUser(1)', 1));
    assert.match(text, /fetchUser/);
    assert.match(text, /2 instances|1 instance/);
  });

  it('after a run, the CodeLens shows instance counts', async () => {
    const { document } = await openFixture('concurrent.ts');
    const found = await lenses(document);
    assert.ok(found.some((l) => l.command?.title === '2 instances: 2 completed'), found.map((l) => l.command?.title).join(' | '));
  });

  it('selects a task in the panel from the hover link', async () => {
    const a = await api();
    const before = a.panel().stats.selects;
    await vscode.commands.executeCommand('coroutineVisualizer.selectTask', 1);
    assert.equal(a.panel().stats.selects, before + 1);
  });

  it('after a run with a worker thread, hover and CodeLens count the instances of both threads', async () => {
    const trace = await runFixture('threads.ts');
    const model = trace.model;
    const worker = model.loops.find((loop) => /^worker \d+ \(threadsWorker\.ts\)$/.test(loop.name));
    assert.ok(worker, `a loop for the worker: ${model.loops.map((loop) => loop.name).join(', ')}`);
    assert.ok(model.tasks.some((t) => t && t.loop === worker.index && t.name === 'answer'), 'the worker\'s task reached the panel\'s model');
    const { document } = await openFixture('threadsShared.ts');
    const text = await hoverText(document, positionOf(document, 'work(n', 1));
    assert.match(text, /2 instances/);
    assert.match(text, /in 2 loops/);
    assert.match(text, /worker \d+ \(threadsWorker\.ts\)/);
    const found = await lenses(document);
    assert.ok(found.some((l) => /^2 instances: 2 completed/.test(l.command?.title ?? '')), found.map((l) => l.command?.title).join(' | '));
  });
});
