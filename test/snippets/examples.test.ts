/**
 * Every example in examples/ recorded under the shim: it exits cleanly, prints what the plain
 * program prints, and its trace shows the pattern it teaches (what docs/patterns.md tells the
 * reader to look for in the swimlanes).
 */
import { describe, it, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { WaitKind } from '../../protocol/events';
import { SegmentState } from '../../protocol/model';
import { describe as describeTasks, duration, lifetimeOverlap, maxAlive, oneTask, recordExample, ROOT, segmentsOf, tasksNamed, type Recorded, type Segment } from './trace';

const suspended = (segments: Segment[]): Segment[] => segments.filter((s) => s.state === SegmentState.Suspended);
const running = (segments: Segment[]): Segment[] => segments.filter((s) => s.state === SegmentState.Running);
const longest = (segments: Segment[]): number => Math.max(0, ...segments.map((s) => s.end - s.start));

function example(file: string, body: (get: () => Recorded) => void): void {
  describe(`examples/${file}`, () => {
    let recorded: Recorded | undefined;
    before(async () => {
      recorded = await recordExample(file);
    });
    const get = (): Recorded => {
      assert.ok(recorded, 'not recorded');
      return recorded;
    };
    it('runs to a clean end under the shim', () => {
      const r = get();
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.equal(r.model.cutShort, false);
    });
    body(get);
  });
}

it('every example in examples/ has a trace test here', () => {
  const tested = new Set(['say-after.ts', 'generator-coroutine.ts', 'sequential-vs-concurrent.ts', 'error-handling.ts', 'resource-management.ts', 'producer-consumer.ts', 'coroutines-vs-threads.ts', 'timeout-cancel.ts', 'semaphore.ts', 'race.ts']);
  const present = readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  assert.deepEqual(present.sort(), [...tested].sort());
});

example('say-after.ts', (get) => {
  it('sayAfter suspends on a timer for about its delay, then completes', () => {
    const { model, stdout } = get();
    assert.equal(stdout, 'Hello after 300 ms\n');
    const task = oneTask(model, 'sayAfter');
    const waits = suspended(segmentsOf(model, task.id));
    assert.equal(waits.length, 1, describeTasks(model));
    assert.equal(waits[0].wait, WaitKind.Timer);
    assert.ok(waits[0].end - waits[0].start >= 280, `suspended only ${waits[0].end - waits[0].start} ms`);
    assert.equal(task.outcome, 'completed');
  });
});

example('generator-coroutine.ts', (get) => {
  it('the generator is primed, then suspends at yield once per value sent, while its driver awaits timers', () => {
    const { model, stdout } = get();
    assert.match(stdout, /^Starting coroutine\n[\s\S]*Average so far: 30\nDone: true averaged 3 values\n$/);
    const gen = oneTask(model, 'averager');
    assert.equal(gen.kind, 'generator');
    const drive = oneTask(model, 'drive');
    assert.equal(gen.parent, drive.id);
    const yields = suspended(segmentsOf(model, gen.id)).filter((s) => s.wait === WaitKind.Yield);
    assert.ok(yields.length >= 4, `only ${yields.length} yields`); // the priming yield + 3 sends
    assert.ok(yields.filter((s) => s.end - s.start >= 40).length >= 3, 'the generator should sit suspended between sends');
    // While the generator sits at a yield, its driver is the one suspended on a timer.
    const driverTimers = suspended(segmentsOf(model, drive.id)).filter((s) => s.wait === WaitKind.Timer);
    assert.equal(driverTimers.length, 3);
    assert.equal(gen.outcome, 'completed');
  });
});

example('sequential-vs-concurrent.ts', (get) => {
  it('sequential coroutines run one after the other; concurrent ones overlap; 2 s vs 1 s', () => {
    const { model, stdout } = get();
    assert.equal(stdout, 'Hello\nWorld\nTask1\nTask2\nconcurrent finished faster than sequential: true\n');
    const sequential = oneTask(model, 'sequential');
    const concurrent = oneTask(model, 'concurrent');
    const seq = tasksNamed(model, 'sayAfter').filter((t) => t.parent === sequential.id);
    const con = tasksNamed(model, 'sayAfter').filter((t) => t.parent === concurrent.id);
    assert.equal(seq.length, 2, describeTasks(model));
    assert.equal(con.length, 2, describeTasks(model));
    assert.equal(lifetimeOverlap(seq[0], seq[1]), 0, 'sequential tasks must not overlap');
    assert.ok(seq[1].created >= seq[0].ended, 'the second sequential task starts after the first ends');
    assert.ok(lifetimeOverlap(con[0], con[1]) >= 900, `concurrent tasks overlap only ${lifetimeOverlap(con[0], con[1])} ms`);
    const ratio = duration(sequential) / duration(concurrent);
    assert.ok(ratio > 1.6 && ratio < 2.5, `sequential/concurrent = ${ratio.toFixed(2)}, expected about 2`);
    // The seed's timing: about 2 s against 1 s.
    assert.ok(duration(sequential) >= 2000 && duration(sequential) < 2600, `sequential took ${duration(sequential)} ms`);
    assert.ok(duration(concurrent) >= 1000 && duration(concurrent) < 1400, `concurrent took ${duration(concurrent)} ms`);
  });
});

example('error-handling.ts', (get) => {
  it('prints each failure where it is handled', () => {
    assert.equal(get().stdout, 'Operation failed: connection reset\ntask1 ok\nerror: task2 failed\ntask3 ok\nfail-fast: fetchA failed\n');
  });

  it('try/catch: the awaited call fails, the caller completes', () => {
    const { model } = get();
    assert.equal(oneTask(model, 'someAsyncCall').outcome, 'failed');
    assert.match(oneTask(model, 'someAsyncCall').summary ?? '', /connection reset/);
    assert.equal(oneTask(model, 'riskyOperation').outcome, 'completed');
  });

  it('allSettled waits for every job and collects the failed one', () => {
    const { model } = get();
    const batch = oneTask(model, 'batchOperations');
    const jobs = tasksNamed(model, 'job').filter((t) => t.parent === batch.id);
    assert.equal(jobs.length, 3);
    assert.deepEqual(jobs.map((j) => j.outcome), ['completed', 'failed', 'completed']);
    const wait = suspended(segmentsOf(model, batch.id)).find((s) => s.wait === WaitKind.AllSettled);
    assert.ok(wait, 'batchOperations should suspend on Promise.allSettled');
    assert.ok(wait.end >= Math.max(...jobs.map((j) => j.ended)) - 1, 'allSettled resumes only after the last job');
    assert.equal(batch.outcome, 'completed');
  });

  it('Promise.all fails fast: the caller resumes at the first failure and the sibling is aborted early', () => {
    const { model } = get();
    const failFast = oneTask(model, 'failFast');
    const [fetchA, fetchB] = tasksNamed(model, 'job').filter((t) => t.parent === failFast.id);
    assert.ok(fetchA && fetchB, describeTasks(model));
    assert.equal(fetchA.outcome, 'failed');
    const wait = suspended(segmentsOf(model, failFast.id)).find((s) => s.wait === WaitKind.All);
    assert.ok(wait, 'failFast should suspend on Promise.all');
    assert.ok(wait.end - fetchA.ended < 30, 'Promise.all rejects right after the first failure');
    assert.equal(fetchB.outcome, 'failed');
    assert.match(fetchB.summary ?? '', /AbortError/);
    assert.ok(duration(fetchB) < 200, `the aborted sibling ran ${duration(fetchB)} ms of its 300`);
  });
});

example('resource-management.ts', (get) => {
  it('the resource is disposed after the body, also when the body failed; the file read waits on I/O', () => {
    const { model, stdout } = get();
    assert.equal(stdout, 'open db\ndb: select 1\nclosed db\nopen db\nquery failed: syntax error\nclosed db\nCoroutines pause at await and resume later.\n');
    const queries = tasksNamed(model, 'Connection.query');
    const disposals = tasksNamed(model, 'Connection.[Symbol.asyncDispose]');
    assert.equal(queries.length, 2, describeTasks(model));
    assert.equal(disposals.length, 2, describeTasks(model));
    assert.deepEqual(queries.map((q) => q.outcome), ['completed', 'failed']);
    for (let i = 0; i < 2; i++) {
      assert.ok(disposals[i].created >= queries[i].ended, 'dispose starts after the body ended');
      assert.equal(disposals[i].outcome, 'completed');
      assert.ok(suspended(segmentsOf(model, disposals[i].id)).length >= 1, 'disposal is asynchronous: it suspends');
    }
    const read = oneTask(model, 'readMessage');
    assert.ok(suspended(segmentsOf(model, read.id)).some((s) => s.wait === WaitKind.Io), 'readFile should show as an I/O wait');
  });
});

example('producer-consumer.ts', (get) => {
  it('the consumer suspends on an empty queue, the producer on a full one, and shutdown drains everything', () => {
    const { model, stdout } = get();
    assert.equal(stdout, [1, 2, 3, 4, 5, 6].map((n) => `consumed item${n}\n`).join('') + 'consumer: queue closed and drained\n');
    const gets = tasksNamed(model, 'AsyncQueue.get');
    const puts = tasksNamed(model, 'AsyncQueue.put');
    assert.equal(puts.length, 6);
    assert.equal(gets.length, 7, 'six items and the final get that sees the closed queue');
    // The first get() runs before anything was put: the consumer suspends until the first put().
    const firstPut = Math.min(...puts.map((p) => p.created));
    assert.ok(gets[0].created < firstPut && gets[0].ended >= firstPut, 'the first get waits for the first put');
    assert.ok(longest(suspended(segmentsOf(model, gets[0].id))) >= 40, 'the consumer sits suspended while the queue is empty');
    // Backpressure: some put() suspends because the queue (capacity 2) is full.
    const blockedPuts = puts.filter((p) => longest(suspended(segmentsOf(model, p.id))) >= 15);
    assert.ok(blockedPuts.length >= 2, `only ${blockedPuts.length} put() calls waited for room`);
    const producer = oneTask(model, 'producer');
    const consumer = oneTask(model, 'consumer');
    assert.equal(consumer.outcome, 'completed');
    assert.ok(consumer.ended > producer.ended, 'the consumer drains after the producer closed the queue');
    assert.equal(tasksNamed(model, 'processItem').length, 6);
  });
});

example('coroutines-vs-threads.ts', (get) => {
  it('CPU work on the loop stalls the heartbeat; in a worker the heartbeat keeps running', () => {
    const { model, stdout } = get();
    assert.equal(stdout, 'same answer: true\nheartbeat stalled during loop work: true\nheartbeat kept ticking during worker: true\n');
    const heartbeat = oneTask(model, 'heartbeat');
    const beats = running(segmentsOf(model, heartbeat.id));
    const onLoop = oneTask(model, 'cpuOnTheLoop');
    const cpuSlice = running(segmentsOf(model, onLoop.id)).sort((a, b) => b.end - b.start - (a.end - a.start))[0];
    assert.ok(cpuSlice.end - cpuSlice.start >= 100, `the CPU work held the thread only ${cpuSlice.end - cpuSlice.start} ms`);
    assert.equal(beats.filter((b) => b.start > cpuSlice.start && b.start < cpuSlice.end - 1).length, 0, 'nothing else runs during a running slice');

    const inWorker = oneTask(model, 'cpuInAWorker');
    const wait = suspended(segmentsOf(model, inWorker.id)).sort((a, b) => b.end - b.start - (a.end - a.start))[0];
    assert.ok(wait.end - wait.start >= 100, 'the caller is suspended while the worker computes');
    const beatsMeanwhile = beats.filter((b) => b.start > wait.start && b.start < wait.end);
    assert.ok(beatsMeanwhile.length >= 3, `the heartbeat ran ${beatsMeanwhile.length} times while the worker computed`);
    // The main loop is mostly idle while the worker computes; the worker's loop is what is busy.
    const busyDuringWait = (loop: number): number => {
      let busy = 0;
      for (let i = 0; i < model.turnCount; i++) {
        if (model.turns.loop.data[i] !== loop) continue;
        const start = Math.max(model.turns.start.data[i], wait.start);
        const end = Math.min(model.turnEnd(i), wait.end);
        if (end > start) busy += end - start;
      }
      return busy;
    };
    const span = wait.end - wait.start;
    assert.ok(busyDuringWait(0) < 0.5 * span, `main loop busy ${busyDuringWait(0).toFixed(1)} of ${span.toFixed(1)} ms during the worker`);
    const worker = model.loops.find((loop) => /^worker \d+ \(cpu-worker\.js\)$/.test(loop.name));
    assert.ok(worker, `a loop for the worker thread (${model.loops.map((loop) => loop.name).join(', ')})`);
    assert.equal(model.tasks[worker.spawnedBy!.task]?.name, 'cpuInAWorker');
    assert.ok(busyDuringWait(worker.index) > 0.5 * span, `worker loop busy ${busyDuringWait(worker.index).toFixed(1)} of ${span.toFixed(1)} ms`);
    // Its result is the message that woke cpuInAWorker.
    const link = model.links.find((l) => l.fromLoop === worker.index && l.toLoop === 0);
    assert.ok(link && Math.abs(link.received - wait.end) < 5, `the worker's message arrived as the wait ended (${link?.received} vs ${wait.end})`);
  });
});

example('timeout-cancel.ts', (get) => {
  it('the timeout and the cancel both abort the slow operation long before its 1 s', () => {
    const { model, stdout } = get();
    assert.equal(stdout, 'slowOperation cleanup (aborted: true)\ntimed out: AbortError\nslowOperation cleanup (aborted: true)\ncancelled: AbortError\n');
    const [timedOut, cancelled] = tasksNamed(model, 'slowOperation');
    assert.ok(timedOut && cancelled, describeTasks(model));
    for (const t of [timedOut, cancelled]) {
      assert.equal(t.outcome, 'failed');
      assert.match(t.summary ?? '', /Abort/);
    }
    assert.equal(timedOut.parent, oneTask(model, 'withTimeout').id);
    assert.ok(duration(timedOut) >= 180 && duration(timedOut) < 600, `timed out after ${duration(timedOut)} ms, expected about 200`);
    const canceller = oneTask(model, 'cancelLater');
    assert.ok(duration(cancelled) >= 90 && duration(cancelled) < 500, `cancelled after ${duration(cancelled)} ms, expected about 100`);
    assert.ok(Math.abs(cancelled.ended - canceller.ended) < 20, 'the cancel takes effect when cancelLater aborts');
  });
});

example('semaphore.ts', (get) => {
  it('six downloads, never more than two at once', () => {
    const { model, stdout } = get();
    assert.equal(stdout, 'file1 file2 file3 file4 file5 file6\n');
    const downloads = tasksNamed(model, 'download');
    assert.equal(downloads.length, 6);
    assert.equal(maxAlive(downloads), 2, describeTasks(model));
    const span = Math.max(...downloads.map((d) => d.ended)) - Math.min(...downloads.map((d) => d.created));
    assert.ok(span >= 280, `six 100 ms downloads two at a time take three rounds, not ${span} ms`);
    const waited = tasksNamed(model, 'Semaphore.acquire').filter((a) => suspended(segmentsOf(model, a.id)).length > 0);
    assert.equal(waited.length, 4, 'four callers wait in acquire() for a slot');
  });
});

example('race.ts', (get) => {
  it('race: resumes when the fastest settles and aborts the losers', () => {
    const { model, stdout } = get();
    assert.equal(stdout, 'race: data from mirror-b\nany: data from mirror-b\n');
    const first = oneTask(model, 'firstSettled');
    const fetches = tasksNamed(model, 'fetchFrom').filter((t) => t.parent === first.id);
    assert.equal(fetches.length, 3);
    const winner = fetches.find((f) => f.outcome === 'completed');
    assert.ok(winner, describeTasks(model));
    assert.equal(fetches.filter((f) => f.outcome === 'failed').length, 2, 'both losers are aborted');
    const wait = suspended(segmentsOf(model, first.id)).find((s) => s.wait === WaitKind.Race);
    assert.ok(wait, 'firstSettled should suspend on Promise.race');
    assert.ok(wait.end - winner.ended < 20 && wait.end >= winner.ended, 'race resumes when the winner completes');
    for (const loser of fetches.filter((f) => f !== winner)) assert.ok(loser.ended - winner.ended < 30, 'losers end right after the race, not at 200/300 ms');
  });

  it('any: skips the early failure and resumes with the first success', () => {
    const { model } = get();
    const firstSuccess = oneTask(model, 'firstSuccess');
    const fetches = tasksNamed(model, 'fetchFrom').filter((t) => t.parent === firstSuccess.id);
    assert.equal(fetches.length, 3);
    assert.match(fetches[0].summary ?? '', /mirror-a is down/);
    const wait = suspended(segmentsOf(model, firstSuccess.id)).find((s) => s.wait === WaitKind.Any);
    assert.ok(wait, 'firstSuccess should suspend on Promise.any');
    assert.ok(wait.end > fetches[0].ended + 50, 'a failure does not settle Promise.any');
    assert.ok(Math.abs(wait.end - fetches[1].ended) < 20, 'Promise.any resumes with the first success');
  });
});
