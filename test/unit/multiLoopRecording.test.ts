// A real recording of several loops (test/unit/fixtures/loops/main.mjs: work() on the main
// thread, in two worker threads and in a forked child), through `covis record` and `covis
// export` as a user runs them: the Chrome export, the summary, the text lanes and what the
// editor's hover and CodeLens count. Needs the build (node scripts/build.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import type { ChromeTrace } from '../../protocol/chromeTrace';
import { decodeTrace } from '../../protocol/frames';
import { buildModel, type TraceModel } from '../../protocol/model';
import { renderTextLanes } from '../../runtime/textLanes';
import { formatSummary } from '../../runtime/traceSummary';
import { SiteIndex } from '../../extension/siteIndex';
import { countStates, loopSpread, taskNotes } from '../../extension/taskText';
import { assertValidChromeTrace, flows, processNames, threadNames } from './chromeTraceCheck';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const FIXTURES = path.join(ROOT, 'test/unit/fixtures/loops');
const SHARED = path.join(FIXTURES, 'shared.mjs');
/** The line of `async function work` in shared.mjs, and of its await. */
const WORK_LINE = 4;
const AWAIT_LINE = 5;

function covis(args: string[]): string {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('COVIS_') || name === 'NODE_OPTIONS' || name.startsWith('NODE_TEST')) delete env[name];
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `covis ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

let dir: string;
let trace: string;
let model: TraceModel;
let chrome: ChromeTrace;

before(() => {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run node scripts/build.mjs first');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'covis-loops-'));
  trace = path.join(dir, 'loops.covis');
  covis(['record', '-q', '-o', trace, '--', path.join(FIXTURES, 'main.mjs')]);
  model = buildModel(decodeTrace(fs.readFileSync(trace)).frames);
  const json = path.join(dir, 'loops.json');
  covis(['export', trace, '--format', 'chrome', '-o', json]);
  chrome = JSON.parse(fs.readFileSync(json, 'utf8')) as ChromeTrace;
});

const mainPid = (): number => model.loops[0].hello!.pid;
const childPid = (): number => model.loops.find((loop) => /^child\.mjs/.test(loop.name))!.hello!.pid;

test('the recording has the four loops the program ran', () => {
  const [first, ...others] = model.loops.map((loop) => loop.name.replace(/\d+/g, 'N'));
  assert.equal(first, 'main.mjs (pid N)');
  assert.deepEqual(others.sort(), ['child.mjs (pid N)', 'worker N (worker.mjs)', 'worker N (worker.mjs)']);
  assert.equal(model.links.length, 3);
});

test('chrome export: each process under its pid, each loop a named thread, tasks under their loop\'s process', () => {
  assertValidChromeTrace(chrome);
  const processes = processNames(chrome);
  assert.deepEqual([...processes.keys()].sort(), [mainPid(), childPid()].sort());
  assert.match(processes.get(mainPid())!, /^node .*main\.mjs$/);
  assert.match(processes.get(childPid())!, /^node .*child\.mjs$/);
  const names = threadNames(chrome);
  assert.equal(names.get(`${mainPid()}/0`), 'main thread');
  assert.equal(names.get(`${childPid()}/0`), 'main thread');
  const workers = [...names].filter(([, name]) => /^worker \d+ \(worker\.mjs\)$/.test(name));
  assert.equal(workers.length, 2);
  for (const [key] of workers) assert.ok(key.startsWith(`${mainPid()}/`), `a worker thread is in the main process: ${key}`);
  // Every task is a thread of its own loop's process.
  for (const task of model.tasks) {
    if (!task) continue;
    const pid = model.loops[task.loop].hello!.pid;
    assert.match(names.get(`${pid}/${task.id}`) ?? '', new RegExp(`^${task.name.replace(/[<>]/g, '.')} \\(.*\\) #${task.id}$`));
  }
  const works = [...names].filter(([, name]) => /^work \(shared\.mjs:4\)/.test(name)).map(([key]) => Number(key.split('/')[0]));
  assert.deepEqual(works.sort(), [mainPid(), mainPid(), mainPid(), childPid()].sort());
});

test('chrome export: an arrow for each message, from its sender to the main thread\'s message turn, and for each start', () => {
  const messages = flows(chrome, 'message');
  assert.equal(messages.length, 3);
  for (const { start, end } of messages) {
    assert.deepEqual([end.pid, end.tid], [mainPid(), 0], 'received by the main thread');
    const turn = chrome.traceEvents.find((e) => e.ph === 'X' && e.cat === 'loop' && e.pid === end.pid && e.tid === end.tid && e.ts <= end.ts && end.ts <= e.ts + e.dur!);
    assert.equal(turn?.name, 'message', 'in the turn that delivered it');
    const sender = model.tasks[start.tid];
    assert.ok(sender, `sent by a task: ${JSON.stringify(start)}`);
    if (start.pid === end.pid) assert.ok(start.ts <= end.ts, 'one process, one clock: sent before received');
  }
  assert.deepEqual(messages.map(({ start }) => start.pid).sort(), [mainPid(), mainPid(), childPid()].sort());
  const spawns = flows(chrome, 'spawns');
  assert.deepEqual(spawns.map(({ start }) => model.tasks[start.tid]?.name).sort(), ['inChild', 'inWorker', 'inWorker']);
  assert.deepEqual(spawns.map(({ end }) => end.pid).sort(), [mainPid(), mainPid(), childPid()].sort());
});

test('summary names the four loops; lanes group the tasks under a heading per loop', () => {
  assert.match(formatSummary(model), /, 4 loops: main\.mjs \(pid \d+\), (worker \d+ \(worker\.mjs\), ){2}child\.mjs \(pid \d+\), .*ended normally$/);
  assert.equal(covis(['summary', trace]).trim(), formatSummary(model));
  const lines = renderTextLanes(model).split('\n');
  const headings = lines.filter((line) => line.startsWith('── '));
  assert.equal(headings.length, 4);
  assert.match(headings[1], /^── worker \d+ \(worker\.mjs\) · started by inWorker #\d+ ─+$/);
  assert.match(headings[3], /^── child\.mjs \(pid \d+\) · started by inChild #\d+ ─+$/);
  // Each loop's work lane sits in its own group.
  const groups = lines.join('\n').split(/^── .*$/m).slice(1);
  for (const group of groups) assert.match(group, /^ *work shared\.mjs:4 +│/m);
});

test('hover and CodeLens count the instances of work() in all four loops, and say where each ran', () => {
  const index = new SiteIndex(model);
  const target = index.hoverTarget(SHARED, WORK_LINE, 'work', 23);
  assert.equal(target?.kind, 'function');
  const tasks = target!.kind === 'function' ? target!.tasks : [];
  assert.equal(countStates(model, tasks), '4 instances: 4 completed');
  assert.match(loopSpread(model, tasks)!, /^in 4 loops: main\.mjs \(pid \d+\) ×1, worker \d+ \(worker\.mjs\) ×1, worker \d+ \(worker\.mjs\) ×1, child\.mjs \(pid \d+\) ×1$/);
  const [def] = index.functionSites(SHARED);
  assert.equal(index.functionSites(SHARED).length, 1, 'one CodeLens place for the four loops that loaded shared.mjs');
  assert.equal(def.line, WORK_LINE);
  assert.equal(index.tasksOf(def).length, 4);
  const suspend = index.hoverTarget(SHARED, AWAIT_LINE, 'await', 3);
  assert.ok(suspend?.kind === 'suspend' && suspend.suspensions === 4 && suspend.everHere.length === 4);
});

test('a helper awaiting its worker\'s or child\'s reply reads as woken by that message', () => {
  const notes = model.tasks.filter((t) => t && (t.name === 'inWorker' || t.name === 'inChild')).map((t) => taskNotes(model, t));
  assert.equal(notes.length, 3);
  for (const [where, woken] of notes) {
    assert.match(where, /^in main\.mjs \(pid \d+\)$/);
    assert.match(woken ?? '', /^woken by message from (worker \d+|process \d+)$/);
  }
  assert.ok(notes.some(([, woken]) => woken === `woken by message from process ${childPid()}`));
});
