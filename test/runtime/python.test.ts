/**
 * The Python recorder (python/covis_recorder, docs/python.md), run for real through
 * `covis record -- app.py`: the program behaves as under plain python3 (stdout, stderr, exit
 * status), and its trace, read with protocol/frames and protocol/model, shows the seed's
 * patterns: lanes, parents, waits and their durations, failures, a generator's send.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { EventKind, FrameType, PROTOCOL_VERSION, SUMMARY_IN_ARG2, TurnKind, WaitKind } from '../../protocol/events';
import { PYTHON_DIR } from '../../runtime/python';
import { SegmentState, type TaskInfo, type TraceModel } from '../../protocol/model';
import { CLI, cleanEnv, loopInvariantViolation, readTrace, ROOT, runNode, tempDir, type Run } from './helpers';

const PYTHON = process.env.COVIS_TEST_PYTHON ?? 'python3';
const EXAMPLES = path.join(ROOT, 'examples', 'python');
const FIXTURES = path.join(__dirname, 'fixtures', 'python');
/** Other CPythons to run one example with (3.12+ record through sys.monitoring); pyenv's, when present. */
const OTHER_PYTHONS = ['3.12', '3.13']
  .map((minor) => {
    const dir = path.join(process.env.PYENV_ROOT ?? '/root/.pyenv', 'versions');
    const version = fs.existsSync(dir) ? fs.readdirSync(dir).find((v) => v.startsWith(`${minor}.`)) : undefined;
    return { minor, bin: version ? path.join(dir, version, 'bin', 'python3') : '' };
  })
  .filter((p) => p.bin && fs.existsSync(p.bin));

const version = spawnSync(PYTHON, ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });
const NO_PYTHON = version.status === 0 && version.stdout.trim() === 'True' ? undefined : `${PYTHON} (3.11 or later) is not available`;
const work = tempDir('covis-py-');

function runPython(file: string, args: string[] = [], python = PYTHON): Run {
  const r = spawnSync(python, [file, ...args], { cwd: path.dirname(file), env: cleanEnv(), encoding: 'utf8', timeout: 30_000 });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status, signal: r.signal };
}

/** `covis record -q -o <trace> [--python …] -- file args` from the file's folder. */
function record(file: string, trace: string, args: string[] = [], python?: string): Run {
  return runNode([CLI, 'record', '-q', '-o', trace, ...(python ? ['--python', python] : []), '--', file, ...args], { cwd: path.dirname(file) });
}

/** Runs `file` plainly and recorded; asserts both behave alike; returns the recorded trace. */
function recordAlike(file: string, args: string[] = [], python = PYTHON): { run: Run; model: TraceModel } {
  const trace = path.join(work, `${path.basename(file, '.py')}-${path.basename(path.dirname(path.dirname(python))) || 'default'}.covis`);
  const plain = runPython(file, args, python);
  const recorded = record(file, trace, args, python === PYTHON ? undefined : python);
  assert.equal(recorded.stdout, plain.stdout);
  assert.equal(recorded.stderr, plain.stderr);
  assert.equal(recorded.code, plain.code);
  assert.equal(recorded.signal, plain.signal);
  return { run: recorded, model: readTrace(trace) };
}

const tasks = (model: TraceModel): TaskInfo[] => model.tasks.filter((t): t is TaskInfo => t !== undefined);
const named = (model: TraceModel, name: string): TaskInfo[] => tasks(model).filter((t) => t.name === name);
function one(model: TraceModel, name: string): TaskInfo {
  const found = named(model, name);
  assert.equal(found.length, 1, `one task named ${name}: ${tasks(model).map((t) => t.name).join(', ')}`);
  return found[0];
}

interface Wait {
  start: number;
  end: number;
  wait: number;
  other: number;
  site: string;
}

/** A task's suspended segments: what it waited on, for how long, at which await. */
function waits(model: TraceModel, task: TaskInfo): Wait[] {
  const s = model.segments;
  const out: Wait[] = [];
  for (let i = 0; i < model.segmentCount; i++) {
    if (s.task.data[i] !== task.id || s.state.data[i] !== SegmentState.Suspended) continue;
    out.push({ start: s.start.data[i], end: model.segmentEnd(i), wait: s.wait.data[i], other: s.other.data[i], site: model.sites.get(s.site.data[i])?.name ?? '' });
  }
  return out;
}

const callLine = (model: TraceModel, task: TaskInfo): number | undefined => model.sites.get(task.callSite)?.line;

describe('Python recorder', { skip: NO_PYTHON }, () => {
  test("wire.py's numbers are protocol/events.ts's: version, frame types, event, wait and turn kinds", () => {
    const script = 'import json, covis_recorder.wire as w; print(json.dumps({k: v for k, v in vars(w).items() if k.isupper() and type(v) is int}))';
    const r = spawnSync(PYTHON, ['-c', script], { env: { ...cleanEnv(), PYTHONPATH: PYTHON_DIR }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const w = JSON.parse(r.stdout) as Record<string, number>;
    assert.equal(w.PROTOCOL_VERSION, PROTOCOL_VERSION);
    assert.equal(w.SUMMARY_IN_ARG2, SUMMARY_IN_ARG2);
    assert.deepEqual([w.HELLO, w.SITES, w.STRINGS, w.EVENTS, w.END], [FrameType.Hello, FrameType.Sites, FrameType.Strings, FrameType.Events, FrameType.End]);
    assert.deepEqual(
      [w.CREATE, w.RESUME, w.SUSPEND, w.COMPLETE, w.FAIL, w.TURN_BEGIN, w.TURN_END, w.UNHANDLED, w.DROPPED, w.MICROTASKS],
      [EventKind.TaskCreate, EventKind.Resume, EventKind.Suspend, EventKind.Complete, EventKind.Fail, EventKind.TurnBegin, EventKind.TurnEnd, EventKind.Unhandled, EventKind.Dropped, EventKind.Microtasks],
    );
    assert.deepEqual(
      [w.W_VALUE, w.W_PROMISE, w.W_TASK, w.W_TIMER, w.W_IO, w.W_ALL, w.W_ALL_SETTLED, w.W_RACE, w.W_ANY, w.W_THENABLE, w.W_YIELD, w.W_FOR_AWAIT],
      [WaitKind.Value, WaitKind.Promise, WaitKind.Task, WaitKind.Timer, WaitKind.Io, WaitKind.All, WaitKind.AllSettled, WaitKind.Race, WaitKind.Any, WaitKind.Thenable, WaitKind.Yield, WaitKind.ForAwait],
    );
    assert.deepEqual([w.T_SCRIPT, w.T_TIMER, w.T_INTERVAL, w.T_IMMEDIATE, w.T_IO, w.T_MESSAGE], [TurnKind.Script, TurnKind.Timer, TurnKind.Interval, TurnKind.Immediate, TurnKind.Io, TurnKind.Message]);
  });

  test('say_after: sequential awaits one after the other, then two tasks side by side; timer waits as long as the sleeps', () => {
    const { run, model } = recordAlike(path.join(EXAMPLES, 'say_after.py'), ['0.1']);
    assert.equal(run.stdout, 'Hello\nWorld\nTask1\nTask2\n');
    assert.equal(model.hello?.language, 'python');
    assert.equal(model.end?.reason, 'exit');
    assert.equal(model.cutShort, false);
    assert.equal(loopInvariantViolation(model), undefined);
    const main = one(model, 'main');
    assert.equal(main.parent, 0);
    assert.equal(main.kind, 'async');
    const says = named(model, 'say_after');
    assert.equal(says.length, 4);
    for (const say of says) {
      assert.equal(say.parent, main.id);
      assert.equal(say.outcome, 'completed');
      const timers = waits(model, say).filter((w) => w.wait === WaitKind.Timer);
      assert.equal(timers.length, 1, `${say.id}: ${JSON.stringify(waits(model, say))}`);
      assert.equal(timers[0].site, 'await asyncio.sleep(delay)');
      const ms = timers[0].end - timers[0].start;
      assert.ok(ms >= 95 && ms < 400, `a 0.1 s sleep waited ${ms} ms`);
    }
    const [hello, world, task1, task2] = says;
    // Sequential: main awaits each coroutine directly, the second starts when the first is done.
    assert.deepEqual([callLine(model, hello), callLine(model, world), callLine(model, task1), callLine(model, task2)], [23, 24, 27, 28]);
    assert.ok(world.created >= hello.ended);
    const mainWaits = waits(model, main);
    assert.deepEqual(
      mainWaits.filter((w) => w.wait === WaitKind.Task).map((w) => [w.other, w.site]),
      [
        [hello.id, 'await say_after(DELAY, "Hello")'],
        [world.id, 'await say_after(DELAY, "World")'],
        [task1.id, 'await task1'],
      ],
    );
    // Concurrent: both tasks exist before either runs, and wait on their timers at the same time.
    assert.ok(task2.created < waits(model, task1).find((w) => w.wait === WaitKind.Timer)!.start);
    const t1 = waits(model, task1).find((w) => w.wait === WaitKind.Timer)!;
    const t2 = waits(model, task2).find((w) => w.wait === WaitKind.Timer)!;
    assert.ok(Math.min(t1.end, t2.end) - Math.max(t1.start, t2.start) > 80, 'the two timers overlap');
    assert.ok(main.ended - task1.created < 250, 'the concurrent half takes one delay');
  });

  test('producer-consumer over asyncio.Queue: both under main, the consumer waits in get(), the producer in put() when full', () => {
    const { run, model } = recordAlike(path.join(EXAMPLES, 'producer_consumer.py'), ['4']);
    assert.equal(run.stdout, 'processed item1\nprocessed item2\nprocessed item3\nprocessed item4\ndone\n');
    assert.equal(loopInvariantViolation(model), undefined);
    const main = one(model, 'main');
    const producer = one(model, 'producer');
    const consumer = one(model, 'consumer');
    assert.deepEqual([producer.parent, consumer.parent], [main.id, main.id]);
    assert.deepEqual([callLine(model, producer), callLine(model, consumer)], [43, 43]);
    assert.deepEqual(
      waits(model, main).map((w) => w.wait),
      [WaitKind.Value, WaitKind.All],
    );
    assert.equal(named(model, 'get_item').length, 4);
    assert.ok(named(model, 'get_item').every((t) => t.parent === producer.id && t.summary?.startsWith("'item")));
    assert.ok(named(model, 'process_item').every((t) => t.parent === consumer.id));
    const gets = waits(model, consumer).filter((w) => w.site === 'await queue.get()');
    assert.ok(gets.length >= 1 && gets.every((w) => w.wait === WaitKind.Promise), JSON.stringify(waits(model, consumer)));
    const puts = waits(model, producer).filter((w) => w.site.startsWith('await queue.put('));
    assert.ok(puts.length >= 1, `the producer waited for room: ${JSON.stringify(waits(model, producer))}`);
    assert.ok(tasks(model).every((t) => t.outcome === 'completed'));
  });

  test('gather(return_exceptions=True) with one failure: all-settled wait, the failure and the results summarized', () => {
    const { run, model } = recordAlike(path.join(EXAMPLES, 'gather_errors.py'));
    assert.match(run.stdout, /^Operation failed: connection reset\ntask1 done\nerror: ValueError\('task2 failed'\)\ntask3 done\n$/);
    const some = one(model, 'some_async_call');
    assert.equal(some.outcome, 'failed');
    assert.equal(some.summary, 'ConnectionError: connection reset');
    assert.equal(one(model, 'risky_operation').outcome, 'completed');
    const batch = one(model, 'batch_operations');
    assert.deepEqual(
      waits(model, batch).map((w) => w.wait),
      [WaitKind.AllSettled],
    );
    const [t1, t2, t3] = ['task1', 'task2', 'task3'].map((name) => one(model, name));
    assert.deepEqual([t1.parent, t2.parent, t3.parent], [batch.id, batch.id, batch.id]);
    assert.deepEqual([t1.outcome, t2.outcome, t3.outcome], ['completed', 'failed', 'completed']);
    assert.equal(t2.summary, 'ValueError: task2 failed');
    assert.equal(t1.summary, "'task1 done'");
    assert.equal(batch.outcome, 'completed');
    assert.equal(model.end?.reason, 'exit');
  });

  test('a generator driven by next() and send(): one lane per generator, suspended at each yield, resumed by each send', () => {
    const { run, model } = recordAlike(path.join(EXAMPLES, 'generator_send.py'));
    assert.equal(run.stdout, 'Starting coroutine\nReceived value: 42\nsimple_coroutine finished\naverage so far: 10.0\naverage so far: 15.0\naverage so far: 30.0\naveraged 3 values\n');
    const simple = one(model, 'simple_coroutine');
    assert.equal(simple.kind, 'generator');
    assert.deepEqual(
      waits(model, simple).map((w) => [w.wait, w.site]),
      [[WaitKind.Yield, 'yield']],
    );
    assert.equal(simple.outcome, 'completed');
    const averager = one(model, 'averager');
    // The priming next() runs it to its first yield; each of the 3 sends resumes it and it yields again.
    assert.deepEqual(
      waits(model, averager).map((w) => w.site),
      ['yield average', 'yield average', 'yield average', 'yield average'],
    );
    assert.equal(averager.outcome, 'completed');
    assert.equal(averager.summary, "'averaged 3 values'");
    assert.equal(callLine(model, averager), 37); // its first next()
  });

  test('yield from: the delegating generator and each sub-generator are lanes, the sub-generators its children', () => {
    const { run, model } = recordAlike(path.join(FIXTURES, 'yield_from.py'));
    assert.equal(run.stdout, '[20.0]\n');
    const [delegate] = named(model, 'delegate');
    assert.equal(delegate.kind, 'generator');
    const averagers = named(model, 'averager');
    assert.equal(averagers.length, 2, 'the one that returned 20.0, and the next one the loop started');
    for (const averager of averagers) assert.equal(averager.parent, delegate.id);
    assert.equal(averagers[0].outcome, 'completed');
    assert.equal(averagers[1].outcome, 'live');
  });

  test('covis summary, lanes and view read a Python trace as they read a Node one', () => {
    const trace = path.join(work, 'view.covis');
    assert.equal(record(path.join(EXAMPLES, 'generator_send.py'), trace).code, 0);
    const summary = runNode([CLI, 'summary', trace]);
    assert.match(summary.stdout, /^2 tasks, \d+ events, \d+ loop turns?, [\d.]+ ms, ended normally\n$/);
    const lanes = runNode([CLI, 'lanes', trace]);
    assert.match(lanes.stdout, /simple_coroutine generator_send\.py:9/);
    assert.match(lanes.stdout, /averager generator_send\.py:15/);
    const html = path.join(work, 'view.html');
    assert.equal(runNode([CLI, 'view', trace, '--html', html]).code, 0);
    assert.ok(fs.statSync(html).size > 1000);
  });

  test('two asyncio.run calls, module code between them and a loop of its own: every slice inside a turn', () => {
    const { run, model } = recordAlike(path.join(FIXTURES, 'two_runs.py'));
    assert.equal(run.stdout, '1\n[1, 2]\n2\n3\n');
    assert.equal(loopInvariantViolation(model), undefined);
    assert.deepEqual(
      tasks(model).map((t) => [t.name, t.outcome]),
      [
        ['one', 'completed'],
        ['gen', 'completed'],
        ['one', 'completed'],
        ['one', 'completed'],
      ],
    );
  });

  describe('bad input', () => {
    test("a syntax error: Python's own message, exit 1, a trace that says so", () => {
      const { run, model } = recordAlike(path.join(FIXTURES, 'syntax_error.py'));
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^ {2}File ".*syntax_error\.py", line 4\n {4}async def main\(:\n {19}\^\nSyntaxError: invalid syntax\n$/);
      assert.equal(model.end?.reason, 'uncaught-exception');
      assert.equal(model.end?.error, 'SyntaxError: invalid syntax');
    });

    test('an uncaught exception: the same traceback (no recorder frames), exit 1, the failed tasks', () => {
      const { run, model } = recordAlike(path.join(FIXTURES, 'uncaught.py'));
      assert.equal(run.code, 1);
      assert.match(run.stderr, /RuntimeError: kaboom\n\nThe above exception was the direct cause of the following exception:\n\nTraceback/);
      assert.doesNotMatch(run.stderr, /covis_recorder|runpy/);
      assert.equal(model.end?.reason, 'uncaught-exception');
      assert.equal(model.end?.error, 'ValueError: wrapped');
      assert.equal(one(model, 'boom').summary, 'RuntimeError: kaboom');
      assert.equal(one(model, 'main').summary, 'ValueError: wrapped');
    });

    test('KeyboardInterrupt: traceback, atexit handlers, then death by SIGINT, as Python does', () => {
      const { run, model } = recordAlike(path.join(FIXTURES, 'interrupted.py'));
      assert.equal(run.signal, 'SIGINT');
      assert.equal(run.stdout, 'start\natexit ran\n');
      assert.match(run.stderr, /\nKeyboardInterrupt\n$/);
      assert.equal(model.end?.reason, 'uncaught-exception');
      assert.equal(model.end?.signal, 'SIGINT');
      assert.equal(one(model, 'main').outcome, 'failed');
    });

    test('sys.exit(3) inside a coroutine: exit status 3, the trace ends process-exit 3', () => {
      const { run, model } = recordAlike(path.join(FIXTURES, 'exit3.py'));
      assert.equal(run.code, 3);
      assert.equal(model.end?.reason, 'process-exit');
      assert.equal(model.end?.exitCode, 3);
    });

    test('the program sees the globals, sys.argv, sys.path and PYTHONPATH of a plain run', () => {
      const { run } = recordAlike(path.join(FIXTURES, 'environment.py'), ['a', 'b c']);
      assert.match(run.stdout, /environment\.py', 'a', 'b c'\] True True\n\[\] None\n\[\]\nTrue\n$/);
    });

    test('no interpreter: covis says which one it tried and how to name another', () => {
      const r = record(path.join(EXAMPLES, 'generator_send.py'), path.join(work, 'none.covis'), [], path.join(work, 'no-such-python'));
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no Python interpreter `.*no-such-python` \(install Python 3\.11 or later, or name one with --python PATH or COVIS_PYTHON\)/);
    });
  });

  for (const { minor, bin } of OTHER_PYTHONS) {
    test(`Python ${minor} (sys.monitoring): the same trace of gather_errors.py as 3.11's profile hook gives`, () => {
      const { model } = recordAlike(path.join(EXAMPLES, 'gather_errors.py'), [], bin);
      assert.equal(model.hello?.python?.startsWith(`${minor}.`), true);
      const batch = one(model, 'batch_operations');
      assert.deepEqual(
        waits(model, batch).map((w) => w.wait),
        [WaitKind.AllSettled],
      );
      assert.equal(one(model, 'task2').summary, 'ValueError: task2 failed');
      assert.equal(one(model, 'some_async_call').summary, 'ConnectionError: connection reset');
      assert.equal(loopInvariantViolation(model), undefined);
    });
  }
});
