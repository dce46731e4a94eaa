/**
 * The Python patterns, recorded: every prefix of snippets/python.code-snippets has a runnable
 * example in examples/python/, and each example, run through `covis record -- app.py` (the CLI
 * and python/covis_recorder), prints what it prints plainly and leaves a trace that shows the
 * pattern the snippet teaches (sequential lanes one after the other, concurrent ones side by
 * side, the cancelled losers of a race, at most two holders of a semaphore…). Each snippet body,
 * expanded with its defaults as snippets.test.ts expands it, is recorded too and checked for the
 * same pattern in its own names.
 */
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WaitKind } from '../../protocol/events';
import { SegmentState, type TaskInfo, type TraceModel } from '../../protocol/model';
import { CLI, cleanEnv, loopInvariantViolation, readTrace, runNode } from '../runtime/helpers';
import { expandSnippet } from './expand';
import { mostAtOnce } from './trace';
import { describe as describeTasks, duration, lifetimeOverlap, oneTask, ROOT, segmentsOf, tasksNamed, type Segment } from './trace';

const PYTHON = process.env.COVIS_TEST_PYTHON ?? 'python3';
const EXAMPLES = path.join(ROOT, 'examples', 'python');
const version = spawnSync(PYTHON, ['-c', 'import sys; print(sys.version_info >= (3, 11))'], { encoding: 'utf8' });
const NO_PYTHON = version.status === 0 && version.stdout.trim() === 'True' ? undefined : `${PYTHON} (3.11 or later) is not available`;

/** The example that shows each snippet's pattern (several patterns share one program). */
const EXAMPLE_OF: Record<string, string> = {
  'co-generator': 'generator_send.py',
  'co-say-after': 'say_after.py',
  'co-sequential-vs-concurrent': 'sequential_vs_concurrent.py',
  'co-try-await': 'gather_errors.py',
  'co-all-settled': 'gather_errors.py',
  'co-all-fail-fast': 'fail_fast.py',
  'co-async-dispose': 'resource_management.py',
  'co-dispose-finally': 'resource_management.py',
  'co-read-file': 'resource_management.py',
  'co-producer-consumer': 'producer_consumer.py',
  'co-worker-thread': 'coroutines_vs_threads.py',
  'co-timeout': 'timeout_cancel.py',
  'co-cancel': 'timeout_cancel.py',
  'co-semaphore': 'semaphore.py',
  'co-race': 'race.py',
  'co-first-success': 'race.py',
};

/** Arguments (shorter delays than the seed's 1 s) and what each example prints. */
const RUN: Record<string, { args?: string[]; stdout: string }> = {
  'generator_send.py': { stdout: 'Starting coroutine\nReceived value: 42\nsimple_coroutine finished\naverage so far: 10.0\naverage so far: 15.0\naverage so far: 30.0\naveraged 3 values\n' },
  'say_after.py': { args: ['0.1'], stdout: 'Hello\nWorld\nTask1\nTask2\n' },
  'sequential_vs_concurrent.py': { args: ['0.2'], stdout: 'Hello\nWorld\nTask1\nTask2\nconcurrent finished faster than sequential: True\n' },
  'gather_errors.py': { stdout: "Operation failed: connection reset\ntask1 done\nerror: ValueError('task2 failed')\ntask3 done\n" },
  'fail_fast.py': { stdout: "part 2 cancelled\nfailed fast: ['part 1 failed']\n" },
  'resource_management.py': {
    stdout: [
      'open db\ndb: select 1\nclosed db\n', // async with
      'open db\nclosed db\nquery failed: syntax error\n', // async with, the body raised: closed before the handler runs
      'open db\ndb: select 2\nclosed db\n', // try/finally
      'open db\nquery failed: syntax error\nclosed db\n', // try/except/finally
      'Coroutines pause at await and resume later.\n',
    ].join(''),
  },
  'producer_consumer.py': { stdout: 'processed item1\nprocessed item2\nprocessed item3\nprocessed item4\nprocessed item5\ndone\n' },
  'coroutines_vs_threads.py': { stdout: 'same answer: True\nheartbeat stalled during loop work: True\nheartbeat kept ticking during thread: True\n' },
  'timeout_cancel.py': { stdout: 'slow_operation cleanup\ntimed out\nslow_operation cleanup\ncancelled\n' },
  'semaphore.py': { stdout: 'file1 file2 file3 file4 file5 file6\n' },
  'race.py': { stdout: 'first completed: data from mirror-b\nfirst success: data from mirror-b\n' },
};

interface Recorded {
  model: TraceModel;
  stdout: string;
  stderr: string;
  code: number | null;
}

/** `covis record -q -o <trace> -- file args`, from the file's folder unless told. */
function record(file: string, trace: string, args: string[] = [], cwd = path.dirname(file)): Recorded {
  const run = runNode([CLI, 'record', '-q', '-o', trace, '--', file, ...args], { cwd, env: PYTHON === 'python3' ? {} : { COVIS_PYTHON: PYTHON } });
  return { ...run, model: readTrace(trace) };
}

const suspended = (segments: Segment[]): Segment[] => segments.filter((s) => s.state === SegmentState.Suspended);
const running = (segments: Segment[]): Segment[] => segments.filter((s) => s.state === SegmentState.Running);
const length = (s: { start: number; end: number }): number => s.end - s.start;
const longest = <T extends { start: number; end: number }>(segments: T[]): T => [...segments].sort((a, b) => length(b) - length(a))[0];

interface Wait extends Segment {
  siteName: string;
}

/** A task's suspended segments with the text of the await each stopped at. */
function waitsOf(model: TraceModel, task: TaskInfo): Wait[] {
  return suspended(segmentsOf(model, task.id)).map((s) => ({ ...s, siteName: model.sites.get(s.site)?.name ?? '' }));
}

function waitAt(model: TraceModel, task: TaskInfo, site: RegExp): Wait[] {
  return waitsOf(model, task).filter((w) => site.test(w.siteName));
}

/** Time loop `loop` was busy (inside its turns) between `from` and `to`, in ms. */
function busyBetween(model: TraceModel, loop: number, from: number, to: number): number {
  let busy = 0;
  for (let i = 0; i < model.turnCount; i++) {
    if (model.turns.loop.data[i] !== loop) continue;
    const start = Math.max(model.turns.start.data[i], from);
    const end = Math.min(model.turnEnd(i), to);
    if (end > start) busy += end - start;
  }
  return busy;
}

const childrenNamed = (model: TraceModel, parent: TaskInfo, name: string): TaskInfo[] => tasksNamed(model, name).filter((t) => t.parent === parent.id);

function completedAfter(model: TraceModel, body: TaskInfo, cleanup: TaskInfo): void {
  assert.ok(cleanup.created >= body.ended, `#${cleanup.id} ${cleanup.name} starts after #${body.id} ${body.name} ended\n${describeTasks(model)}`);
  assert.equal(cleanup.outcome, 'completed');
}

/** What each example's trace must show, by the prefix of the snippet it stands for. */
const EXAMPLE_PATTERNS: Record<string, (model: TraceModel) => void> = {
  'co-generator': (model) => {
    // A generator driven by next()/send(): suspended at its yield between sends, resumed by each.
    const averager = oneTask(model, 'averager');
    assert.equal(averager.kind, 'generator');
    const yields = waitsOf(model, averager).filter((w) => w.wait === WaitKind.Yield);
    assert.deepEqual(
      yields.map((w) => w.siteName),
      ['yield average', 'yield average', 'yield average', 'yield average'],
      'the priming next() and three sends',
    );
    assert.equal(running(segmentsOf(model, averager.id)).length, 5, 'run by next(), then by each of the 3 sends and the final one');
    assert.equal(averager.summary, "'averaged 3 values'");
  },

  'co-say-after': (model) => {
    // say_after suspends on a timer for its delay, without blocking the loop, then completes.
    for (const say of tasksNamed(model, 'say_after')) {
      const timers = waitsOf(model, say).filter((w) => w.wait === WaitKind.Timer);
      assert.equal(timers.length, 1);
      assert.equal(timers[0].siteName, 'await asyncio.sleep(delay)');
      assert.ok(length(timers[0]) >= 95, `a 0.1 s sleep waited ${length(timers[0])} ms`);
      const busy = busyBetween(model, 0, timers[0].start, timers[0].end);
      assert.ok(busy < 0.1 * length(timers[0]), `the loop was busy ${busy.toFixed(1)} ms of the ${length(timers[0]).toFixed(1)} ms wait: nothing holds it while coroutines wait`);
      assert.equal(say.outcome, 'completed');
    }
  },

  'co-sequential-vs-concurrent': (model) => {
    const sequential = oneTask(model, 'sequential');
    const concurrent = oneTask(model, 'concurrent');
    const seq = childrenNamed(model, sequential, 'say_after');
    const con = childrenNamed(model, concurrent, 'say_after');
    assert.equal(seq.length, 2, describeTasks(model));
    assert.equal(con.length, 2, describeTasks(model));
    // Sequential: the second say_after starts after the first ends.
    assert.equal(lifetimeOverlap(seq[0], seq[1]), 0, 'sequential say_after lanes must not overlap');
    assert.ok(seq[1].created >= seq[0].ended);
    assert.deepEqual(
      waitsOf(model, sequential).map((w) => [w.wait, w.other]),
      seq.map((s) => [WaitKind.Task, s.id]),
      'sequential awaits each say_after in turn',
    );
    // Concurrent: both tasks wait on their timers at the same time.
    assert.ok(lifetimeOverlap(con[0], con[1]) >= 180, `concurrent say_after lanes overlap only ${lifetimeOverlap(con[0], con[1])} ms`);
    const ratio = duration(sequential) / duration(concurrent);
    assert.ok(ratio > 1.5 && ratio < 2.5, `sequential/concurrent = ${ratio.toFixed(2)}, expected about 2`);
  },

  'co-try-await': (model) => {
    // The exception is raised at the await: the callee fails, the caller catches it and completes.
    const risky = oneTask(model, 'risky_operation');
    const call = oneTask(model, 'some_async_call');
    assert.equal(call.parent, risky.id);
    assert.equal(call.outcome, 'failed');
    assert.equal(call.summary, 'ConnectionError: connection reset');
    const [wait] = waitsOf(model, risky);
    assert.deepEqual([wait.wait, wait.other, wait.siteName], [WaitKind.Task, call.id, 'await some_async_call()']);
    assert.ok(Math.abs(wait.end - call.ended) < 5, 'resumed with the exception as the callee failed');
    assert.equal(risky.outcome, 'completed');
  },

  'co-all-settled': (model) => {
    // gather(return_exceptions=True): one failed task, the gather completes after all three.
    const batch = oneTask(model, 'batch_operations');
    const jobs = ['task1', 'task2', 'task3'].map((name) => oneTask(model, name));
    assert.ok(jobs.every((j) => j.parent === batch.id));
    assert.deepEqual(
      jobs.map((j) => j.outcome),
      ['completed', 'failed', 'completed'],
    );
    const waits = waitsOf(model, batch);
    assert.deepEqual(
      waits.map((w) => w.wait),
      [WaitKind.AllSettled],
    );
    assert.ok(waits[0].end >= Math.max(...jobs.map((j) => j.ended)) - 1, 'the gather resumes only after the last task');
    assert.ok(waits[0].end - jobs[1].ended >= 5, 'a failure does not end it early');
    assert.equal(batch.outcome, 'completed');
  },

  'co-all-fail-fast': (model) => {
    // TaskGroup: the first failure cancels the sibling at its await; main resumes right after.
    const main = oneTask(model, 'main');
    const [part1, part2] = childrenNamed(model, main, 'fetch_part');
    assert.ok(part1 && part2, describeTasks(model));
    assert.equal(part1.summary, 'RuntimeError: part 1 failed');
    assert.equal(part2.outcome, 'failed');
    assert.match(part2.summary ?? '', /^CancelledError/);
    assert.ok(part2.ended - part1.ended < 30, `part 2 cancelled ${part2.ended - part1.ended} ms after part 1 failed`);
    assert.ok(duration(part2) < 300, `the cancelled sibling ran ${duration(part2)} ms of its 500`);
    const group = waitsOf(model, main).find((w) => w.wait === WaitKind.All);
    assert.ok(group, 'main waits on the TaskGroup as on Promise.all');
    assert.equal(group.siteName, 'async with asyncio.TaskGroup() (exit)');
    assert.ok(group.end >= part2.ended && group.end - part1.ended < 30, 'the group waits for the cancelled sibling, then raises');
  },

  'co-async-dispose': (model) => {
    // async with: __aenter__ before the body, __aexit__ after it, also when the body raised.
    const uses = tasksNamed(model, 'use_async_with');
    assert.equal(uses.length, 2);
    for (const [use, outcome] of [
      [uses[0], 'completed'],
      [uses[1], 'failed'],
    ] as const) {
      const [enter] = childrenNamed(model, use, 'Connection.__aenter__');
      const [query] = childrenNamed(model, use, 'Connection.query');
      const [exit] = childrenNamed(model, use, 'Connection.__aexit__');
      assert.ok(enter && query && exit, describeTasks(model));
      assert.ok(query.created >= enter.ended);
      assert.equal(query.outcome, outcome);
      completedAfter(model, query, exit);
      assert.equal(childrenNamed(model, exit, 'Connection.close').length, 1);
      // Both ends of the `async with` are awaits of use_async_with.
      const atWith = waitAt(model, use, /^async with /);
      assert.deepEqual(
        atWith.map((w) => [w.wait, w.other, w.siteName]),
        [
          [WaitKind.Task, enter.id, 'async with Connection("db")'],
          [WaitKind.Task, exit.id, 'async with Connection("db") (exit)'],
        ],
      );
      assert.equal(use.outcome, 'completed');
    }
  },

  'co-dispose-finally': (model) => {
    // try/finally: close() runs after the body, whether the query returned or raised.
    const uses = tasksNamed(model, 'use_finally');
    assert.equal(uses.length, 2);
    assert.deepEqual(
      uses.map((use) => childrenNamed(model, use, 'Connection.query')[0]?.outcome),
      ['completed', 'failed'],
    );
    for (const use of uses) {
      const [query] = childrenNamed(model, use, 'Connection.query');
      const [close] = childrenNamed(model, use, 'Connection.close');
      completedAfter(model, query, close);
      assert.ok(waitsOf(model, close).some((w) => w.wait === WaitKind.Timer), 'closing is asynchronous: it suspends');
      assert.equal(waitAt(model, use, /^await conn\.close\(\)$/).length, 1);
    }
  },

  'co-read-file': (model) => {
    // asyncio.to_thread: the coroutine waits on I/O while the loop stays free.
    const read = oneTask(model, 'read_message');
    const waits = waitsOf(model, read);
    assert.deepEqual(
      waits.map((w) => [w.wait, w.siteName]),
      [[WaitKind.Io, 'await asyncio.to_thread(MESSAGE.read_text, encoding="utf-8")']],
    );
    assert.equal(read.summary, "'Coroutines pause at await and resume later.'");
  },

  'co-producer-consumer': (model) => {
    const main = oneTask(model, 'main');
    const producer = oneTask(model, 'producer');
    const consumer = oneTask(model, 'consumer');
    assert.deepEqual([producer.parent, consumer.parent], [main.id, main.id]);
    // The consumer waits in get() on the empty queue before the first item is put.
    const gets = waitAt(model, consumer, /^await queue\.get\(\)$/);
    const firstPut = Math.min(...tasksNamed(model, 'get_item').map((t) => t.ended));
    assert.ok(gets.length >= 1 && gets.every((w) => w.wait === WaitKind.Promise), JSON.stringify(waitsOf(model, consumer)));
    assert.ok(gets[0].start < firstPut && gets[0].end >= firstPut, 'the first get() waits for the first item');
    // Backpressure: the producer waits in put() while the queue (maxsize 2) is full.
    const puts = waitAt(model, producer, /^await queue\.put\(/);
    assert.ok(puts.length >= 2 && puts.some((w) => w.siteName.startsWith('await queue.put(item)')), `the producer waited for room ${puts.length} times`);
    assert.ok(puts.every((w) => w.wait === WaitKind.Promise));
    assert.ok(longest(puts).end - longest(puts).start >= 20, 'a full queue holds the producer for a while');
    assert.equal(tasksNamed(model, 'process_item').length, 5);
    assert.ok(consumer.ended > producer.ended, 'the consumer drains the queue after the producer is done');
  },

  'co-worker-thread': (model) => {
    const heartbeat = oneTask(model, 'heartbeat');
    const beats = running(segmentsOf(model, heartbeat.id));
    // CPU work on the loop: one long running slice during which nothing else runs.
    const onLoop = oneTask(model, 'cpu_on_the_loop');
    const cpuSlice = longest(running(segmentsOf(model, onLoop.id)));
    assert.ok(length(cpuSlice) >= 100, `the CPU work held the thread only ${length(cpuSlice)} ms`);
    assert.equal(beats.filter((b) => b.start > cpuSlice.start && b.start < cpuSlice.end - 1).length, 0, 'nothing else runs during a running slice');
    const stalled = waitsOf(model, heartbeat).find((w) => w.wait === WaitKind.Timer && w.start < cpuSlice.start && w.end >= cpuSlice.end);
    assert.ok(stalled, "the heartbeat's 20 ms timer wait lasts as long as the CPU work");
    // In a thread: the coroutine waits on I/O, the heartbeat keeps ticking, the loop is mostly idle.
    const inThread = oneTask(model, 'cpu_in_a_thread');
    const wait = longest(waitsOf(model, inThread));
    assert.deepEqual([wait.wait, wait.siteName], [WaitKind.Io, 'await asyncio.to_thread(count_primes, LIMIT)']);
    assert.ok(length(wait) >= 100, `the caller waited only ${length(wait)} ms for the thread`);
    const beatsMeanwhile = beats.filter((b) => b.start > wait.start && b.start < wait.end);
    assert.ok(beatsMeanwhile.length >= 3, `the heartbeat ran ${beatsMeanwhile.length} times while the thread computed`);
    const busy = busyBetween(model, 0, wait.start, wait.end);
    assert.ok(busy < 0.5 * length(wait), `the loop was busy ${busy.toFixed(1)} of ${length(wait).toFixed(1)} ms during the thread's work`);
    assert.equal(onLoop.summary, inThread.summary);
  },

  'co-timeout': (model) => {
    // asyncio.timeout cancels the awaited coroutine at its await, long before its 1 s.
    const withTimeout = oneTask(model, 'with_timeout');
    const [slow] = childrenNamed(model, withTimeout, 'slow_operation');
    assert.ok(slow, describeTasks(model));
    assert.equal(slow.outcome, 'failed');
    assert.match(slow.summary ?? '', /^CancelledError/);
    assert.ok(duration(slow) >= 190 && duration(slow) < 600, `timed out after ${duration(slow)} ms, expected about 200`);
    const [wait] = waitsOf(model, withTimeout);
    assert.deepEqual([wait.wait, wait.other], [WaitKind.Task, slow.id]);
    assert.equal(withTimeout.outcome, 'completed', 'the TimeoutError is caught');
  },

  'co-cancel': (model) => {
    // task.cancel() from another coroutine: CancelledError at the task's await.
    const withCancel = oneTask(model, 'with_cancel');
    const [slow] = childrenNamed(model, withCancel, 'slow_operation');
    const canceller = oneTask(model, 'cancel_later');
    assert.ok(slow, describeTasks(model));
    assert.equal(slow.outcome, 'failed');
    assert.match(slow.summary ?? '', /^CancelledError/);
    assert.ok(duration(slow) >= 90 && duration(slow) < 500, `cancelled after ${duration(slow)} ms, expected about 100`);
    assert.ok(slow.ended >= canceller.ended && slow.ended - canceller.ended < 20, 'the cancel takes effect when cancel_later calls it');
    assert.deepEqual(
      waitsOf(model, withCancel).map((w) => [w.wait, w.other, w.siteName]),
      [
        [WaitKind.Task, canceller.id, 'await cancel_later(task)'],
        [WaitKind.Task, slow.id, 'await task'],
      ],
    );
  },

  'co-semaphore': (model) => {
    const main = oneTask(model, 'main');
    const downloads = childrenNamed(model, main, 'download');
    assert.equal(downloads.length, 6);
    // All six start together; at most two are inside `async with limit` (on their timers) at once.
    const guarded = downloads.flatMap((d) => waitAt(model, d, /^await asyncio\.sleep\(0\.1\)/));
    assert.equal(guarded.length, 6);
    assert.equal(mostAtOnce(guarded), 2, describeTasks(model));
    const queued = downloads.filter((d) => waitAt(model, d, /^async with limit$/).some((w) => w.wait === WaitKind.Promise && length(w) >= 50));
    assert.equal(queued.length, 4, 'four downloads wait at `async with limit` for a slot');
    const span = Math.max(...downloads.map((d) => d.ended)) - Math.min(...downloads.map((d) => d.created));
    assert.ok(span >= 290, `six 0.1 s downloads two at a time take three rounds, not ${span} ms`);
  },

  'co-race': (model) => {
    // asyncio.wait(FIRST_COMPLETED): the first completes, the others are cancelled right after.
    const first = oneTask(model, 'first_completed');
    const fetches = childrenNamed(model, first, 'fetch_from');
    assert.equal(fetches.length, 3);
    const winner = fetches.find((f) => f.outcome === 'completed');
    assert.ok(winner, describeTasks(model));
    assert.equal(winner.summary, "'data from mirror-b'");
    const losers = fetches.filter((f) => f !== winner);
    assert.ok(losers.every((l) => l.outcome === 'failed' && /^CancelledError/.test(l.summary ?? '')), describeTasks(model));
    for (const loser of losers) assert.ok(loser.ended - winner.ended < 30, 'the losers end right after the race, not at 0.2/0.3 s');
    const [wait] = waitsOf(model, first);
    assert.equal(wait.wait, WaitKind.Race);
    assert.ok(wait.end >= winner.ended && wait.end - winner.ended < 20, 'the wait ends when the winner completes');
  },

  'co-first-success': (model) => {
    // as_completed: the early failure is skipped, the first success taken, the last cancelled.
    const first = oneTask(model, 'first_success');
    const [a, b, c] = childrenNamed(model, first, 'fetch_from');
    assert.ok(a && b && c, describeTasks(model));
    assert.equal(a.summary, 'ConnectionError: mirror-a is down');
    assert.equal(b.summary, "'data from mirror-b'");
    assert.match(c.summary ?? '', /^CancelledError/);
    const waits = waitsOf(model, first);
    assert.deepEqual(
      waits.map((w) => [w.wait, w.siteName]),
      [
        [WaitKind.Race, 'await next_done'],
        [WaitKind.Race, 'await next_done'],
      ],
    );
    assert.ok(Math.abs(waits[0].end - a.ended) < 20, 'the failure settles the first await');
    assert.ok(Math.abs(waits[1].end - b.ended) < 20, 'the first success settles the second');
    assert.ok(c.ended - b.ended < 30, 'the rest is cancelled right after');
    assert.equal(first.summary, "'data from mirror-b'");
  },
};

/** The same patterns in the expanded snippets (their default names and delays). */
const SNIPPET_PATTERNS: Record<string, (model: TraceModel) => void> = {
  'co-generator': (model) => {
    const averager = oneTask(model, 'averager');
    assert.equal(averager.kind, 'generator');
    assert.equal(waitsOf(model, averager).filter((w) => w.wait === WaitKind.Yield).length, 4);
    assert.equal(averager.summary, "'averaged 3 values'");
  },
  'co-say-after': (model) => {
    const waits = waitsOf(model, oneTask(model, 'say_after')).filter((w) => w.siteName !== '');
    assert.deepEqual(
      waits.map((w) => w.wait),
      [WaitKind.Timer],
    );
    assert.ok(length(waits[0]) >= 95);
  },
  'co-sequential-vs-concurrent': (model) => {
    const says = tasksNamed(model, 'say_after');
    assert.equal(says.length, 4);
    assert.ok(says[1].created >= says[0].ended, 'sequential: one after the other');
    assert.ok(lifetimeOverlap(says[2], says[3]) >= 80, 'concurrent: side by side');
  },
  'co-try-await': (model) => {
    assert.equal(oneTask(model, 'some_async_call').summary, 'ConnectionError: connection reset');
    assert.equal(oneTask(model, 'risky_operation').outcome, 'completed');
  },
  'co-all-settled': (model) => {
    const main = oneTask(model, 'main');
    const tasks = childrenNamed(model, main, 'task');
    assert.deepEqual(
      tasks.map((t) => t.outcome),
      ['completed', 'failed', 'completed'],
    );
    const [wait] = waitsOf(model, main).filter((w) => w.wait === WaitKind.AllSettled);
    assert.ok(wait && wait.end >= Math.max(...tasks.map((t) => t.ended)) - 1);
  },
  'co-all-fail-fast': (model) => {
    const [one, two] = tasksNamed(model, 'fetch_part');
    assert.equal(one.summary, 'RuntimeError: part 1 failed');
    assert.match(two.summary ?? '', /^CancelledError/);
    assert.ok(duration(two) < 300);
    assert.ok(waitsOf(model, oneTask(model, 'main')).some((w) => w.wait === WaitKind.All));
  },
  'co-async-dispose': (model) => {
    const main = oneTask(model, 'main');
    const gen = oneTask(model, 'open_connection');
    assert.equal(gen.kind, 'async-generator');
    assert.deepEqual(
      waitAt(model, main, /^async with open_connection/).map((w) => [w.wait, w.other]),
      [
        [WaitKind.Task, gen.id],
        [WaitKind.Task, gen.id],
      ],
    );
    assert.ok(waitsOf(model, gen).some((w) => w.wait === WaitKind.Yield), 'the context manager sits at its yield during the body');
    assert.equal(gen.outcome, 'completed');
  },
  'co-dispose-finally': (model) => {
    const close = oneTask(model, 'Resource.aclose');
    assert.equal(close.parent, oneTask(model, 'main').id);
    assert.equal(close.outcome, 'completed');
  },
  'co-read-file': (model) => {
    assert.deepEqual(
      waitsOf(model, oneTask(model, 'read_text')).map((w) => w.wait),
      [WaitKind.Io],
    );
  },
  'co-producer-consumer': (model) => {
    const consumer = oneTask(model, 'consumer');
    assert.ok(waitAt(model, consumer, /queue\.get\(\)/).some((w) => w.wait === WaitKind.Promise && length(w) >= 5), 'the consumer waits on the empty queue');
    assert.equal(oneTask(model, 'producer').outcome, 'completed');
    assert.equal(consumer.outcome, 'completed');
  },
  'co-worker-thread': (model) => {
    // A process pool and a thread: main waits on both at once, the loop idle meanwhile.
    const main = oneTask(model, 'main');
    const [wait] = waitsOf(model, main).filter((w) => w.wait === WaitKind.All);
    assert.ok(wait && length(wait) >= 40, JSON.stringify(waitsOf(model, main)));
    assert.ok(busyBetween(model, 0, wait.start, wait.end) < 0.5 * length(wait));
    assert.equal(model.loops.length, 1, 'the pool process writes nothing into the trace');
  },
  'co-timeout': (model) => {
    const slow = oneTask(model, 'slow_operation');
    assert.match(slow.summary ?? '', /^CancelledError/);
    assert.ok(duration(slow) >= 95 && duration(slow) < 500);
  },
  'co-cancel': (model) => {
    const worker = oneTask(model, 'worker');
    assert.match(worker.summary ?? '', /^CancelledError/);
    assert.ok(waitsOf(model, worker).filter((w) => w.wait === WaitKind.Timer).length >= 3);
  },
  'co-semaphore': (model) => {
    const jobs = tasksNamed(model, 'job');
    assert.equal(jobs.length, 5);
    assert.equal(mostAtOnce(jobs.flatMap((j) => waitsOf(model, j).filter((w) => w.wait === WaitKind.Timer))), 2);
    assert.equal(jobs.filter((j) => waitAt(model, j, /^async with limit$/).length > 0).length, 3);
  },
  'co-race': (model) => {
    const fetches = tasksNamed(model, 'fetch_from');
    assert.deepEqual(fetches.map((f) => f.summary).sort(), ["'data from mirror-b'", 'CancelledError']);
    assert.ok(waitsOf(model, oneTask(model, 'main')).some((w) => w.wait === WaitKind.Race));
  },
  'co-first-success': (model) => {
    const [a, b] = tasksNamed(model, 'attempt');
    assert.equal(a.summary, 'RuntimeError: a failed');
    assert.equal(b.summary, "'b'");
    assert.equal(waitsOf(model, oneTask(model, 'main')).filter((w) => w.wait === WaitKind.Race).length, 2);
  },
};

interface SnippetEntry {
  prefix: string;
  body: string[];
}
const snippets = Object.values(JSON.parse(readFileSync(path.join(ROOT, 'snippets', 'python.code-snippets'), 'utf8')) as Record<string, SnippetEntry>);

/** A trace's health: a clean end, nothing cut, every running slice inside a loop turn. */
function assertClean(what: string, r: Recorded): void {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  assert.equal(r.stderr, '', what);
  assert.equal(r.model.hello?.language, 'python');
  assert.equal(r.model.end?.reason, 'exit', what);
  assert.equal(r.model.cutShort, false, what);
  assert.equal(loopInvariantViolation(r.model), undefined, what);
}

describe('Python patterns, recorded', { skip: NO_PYTHON }, () => {
  let dir = '';
  const recorded = new Map<string, Recorded>();
  /** Each example is recorded once, when the first test needs it. */
  const example = (file: string): Recorded => {
    let r = recorded.get(file);
    if (!r) {
      r = record(path.join(EXAMPLES, file), path.join(dir, `${path.basename(file, '.py')}.covis`), RUN[file]?.args);
      recorded.set(file, r);
    }
    return r;
  };
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'covis-py-patterns-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('every Python snippet has an example, and every example in examples/python/ is one', () => {
    assert.deepEqual(
      snippets.map((s) => s.prefix).sort(),
      Object.keys(EXAMPLE_OF).sort(),
    );
    assert.deepEqual(Object.keys(EXAMPLE_PATTERNS).sort(), Object.keys(EXAMPLE_OF).sort());
    assert.deepEqual(Object.keys(SNIPPET_PATTERNS).sort(), Object.keys(EXAMPLE_OF).sort());
    const present = readdirSync(EXAMPLES).filter((f) => f.endsWith('.py'));
    assert.deepEqual(present.sort(), [...new Set(Object.values(EXAMPLE_OF))].sort());
    assert.deepEqual(Object.keys(RUN).sort(), present.sort());
  });

  for (const file of Object.keys(RUN)) {
    it(`examples/python/${file} runs to a clean end recorded, printing what it prints plainly`, () => {
      const r = example(file);
      assertClean(file, r);
      assert.equal(r.stdout, RUN[file].stdout);
    });
  }

  for (const [prefix, file] of Object.entries(EXAMPLE_OF)) {
    it(`${prefix}: the trace of examples/python/${file} shows the pattern`, () => {
      const r = example(file);
      assert.equal(r.code, 0, r.stderr);
      EXAMPLE_PATTERNS[prefix](r.model);
    });
  }

  describe('the snippets, expanded with their defaults', () => {
    for (const snippet of snippets) {
      it(`${snippet.prefix}: recorded, prints what it prints plainly and shows the pattern`, () => {
        const file = path.join(dir, `${snippet.prefix}.py`);
        writeFileSync(file, expandSnippet(snippet.body).text + '\n');
        // From the package root: co-read-file reads package.json from the working folder, as its default says.
        const plain = spawnSync(PYTHON, [file], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8', timeout: 30_000 });
        const r = record(file, `${file}.covis`, [], ROOT);
        assertClean(snippet.prefix, r);
        assert.equal(r.stdout, plain.stdout);
        SNIPPET_PATTERNS[snippet.prefix](r.model);
      });
    }
  });
});
