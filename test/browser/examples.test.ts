/**
 * Every program in examples/ recorded with the real CLI and shown in the standalone page in
 * headless Chromium: it renders without an error, one lane per task, the tasks the program
 * makes (by name and count, read off its source), and the loop lane under every running slice.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { afterFrames, CliRun, launch, openPage, ROOT, runCli, runningOutsideTurns, screenshotPath, tempDir, writePage } from './harness';

const EXAMPLES = path.join(ROOT, 'examples');

/** An ES module with top-level await runs its body as one task of this name (the root lane). */
const TOP_LEVEL = '<top-level await>';

/**
 * The async functions and generators each example calls, and how often; every example also has
 * one TOP_LEVEL task. Derived from the sources: a new example without an entry here fails below.
 */
const EXPECTED: Record<string, Record<string, number>> = {
  'coroutines-vs-threads': { main: 1, heartbeat: 1, cpuOnTheLoop: 1, cpuInAWorker: 1 },
  // riskyOperation → someAsyncCall; allSettled over task1..3; Promise.all over fetchA, fetchB.
  'error-handling': { riskyOperation: 1, someAsyncCall: 1, batchOperations: 1, failFast: 1, job: 5 },
  'generator-coroutine': { drive: 1, averager: 1 },
  // Six items: six getItem/put/processItem, and get() once more to see the queue closed.
  'producer-consumer': { producer: 1, consumer: 1, getItem: 6, 'AsyncQueue.put': 6, 'AsyncQueue.get': 7, processItem: 6 },
  race: { firstSettled: 1, firstSuccess: 1, fetchFrom: 6 },
  // Two connections (one good query, one bad), each opened, queried and disposed; one file read.
  'resource-management': { useConnection: 2, 'Connection.open': 2, 'Connection.query': 2, 'Connection.[Symbol.asyncDispose]': 2, readMessage: 1 },
  'say-after': { sayAfter: 1 },
  semaphore: { 'Semaphore.run': 6, 'Semaphore.acquire': 6, download: 6 },
  'sequential-vs-concurrent': { main: 1, sequential: 1, concurrent: 1, sayAfter: 4 },
  'timeout-cancel': { withTimeout: 1, withCancel: 1, cancelLater: 1, slowOperation: 2 },
};

/** The example programs: every .ts file but declaration files (cpu.d.ts types the helper cpu.js). */
const programs = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.basename(f, '.ts')).sort();

const dir = tempDir();
let browser: Browser;
/** Recordings of the examples, started in before(): they run while earlier examples are checked. */
const recordings = new Map<string, Promise<CliRun>>();
/** Recordings at once: an example spends much of its time waiting on its own timers, so three overlap well even on 2 cores. */
const RECORDING_SLOTS = 3;

const traceOf = (name: string): string => path.join(dir, `${name}.covis`);

before(async () => {
  const slots: Promise<unknown>[] = Array.from({ length: RECORDING_SLOTS }, () => Promise.resolve());
  programs.forEach((name, i) => {
    const run = slots[i % RECORDING_SLOTS].then(() => runCli(['record', '-q', '-o', traceOf(name), '--', path.join(EXAMPLES, `${name}.ts`)]));
    slots[i % RECORDING_SLOTS] = run;
    recordings.set(name, run);
  });
  browser = await launch();
});
after(async () => browser?.close());

/** The trace of examples/<name>.ts; fails with the exit code and stderr when `covis record` could not make it. */
async function recorded(name: string): Promise<Uint8Array> {
  const result = await recordings.get(name);
  assert.ok(result, `examples/${name}.ts was not recorded`);
  assert.equal(result.status, 0, `covis record examples/${name}.ts exited with ${result.status}:\n${result.stderr}`);
  const out = traceOf(name);
  assert.ok(fs.existsSync(out) && fs.statSync(out).size > 0, `covis record examples/${name}.ts wrote no trace:\n${result.stderr}`);
  return fs.readFileSync(out);
}

describe('examples/, recorded and shown in the standalone page', () => {
  test('every example program has expected tasks listed here, and every entry has a program', () => {
    assert.ok(programs.length >= 10, `found only ${programs.length} example programs in ${EXAMPLES}`);
    assert.deepEqual(programs, Object.keys(EXPECTED).sort(), 'the programs in examples/ and the entries of EXPECTED differ: add or remove an entry');
  });

  for (const name of programs) {
    test(`${name}.ts: lanes, task names, loop lane`, async () => {
      const expected = EXPECTED[name];
      assert.ok(expected, `no expected tasks for examples/${name}.ts: add an entry to EXPECTED`);
      const file = writePage(await recorded(name), dir, name);
      const page = await openPage(browser, file, { height: 900 });
      const errors = (page as unknown as { covisErrors: string[] }).covisErrors;

      const shown = await page.evaluate(() => {
        const v = window.__covis!;
        const message = document.querySelector('.covis-message')!;
        const banner = document.querySelector('.covis-banner')!;
        return {
          message: message.hasAttribute('hidden') ? '' : message.textContent,
          banner: banner.hasAttribute('hidden') ? '' : banner.textContent,
          // Task lanes: a worker's loop row heads its tasks but is no task's lane.
          lanes: v.rows.count - v.rows.loopRows,
          tasks: v.session.model.tasks.filter(Boolean).length,
          status: document.querySelector('.covis-status')!.textContent ?? '',
        };
      });
      assert.equal(shown.message, '', 'no error message in the view');
      assert.equal(shown.banner, '', 'the example ran to its end: no "cut short" banner');
      assert.equal(shown.lanes, shown.tasks, 'one lane per task');
      assert.match(shown.status, new RegExp(`^${shown.tasks} lanes`));

      const slices = await runningOutsideTurns(page);
      assert.ok(slices.running >= shown.tasks, `every task runs at least once (${slices.running} running slices, ${shown.tasks} tasks)`);
      assert.deepEqual(slices.outside, [], 'running slices outside every busy turn of their loop');

      await page.screenshot({ path: screenshotPath(`example-${name}.png`) });

      await page.click('text=Table view');
      await afterFrames(page);
      const names = await page.$$eval('.covis-table tbody tr:not(.covis-loop-row) th', (cells) => cells.map((c) => c.textContent!.trim().replace(/ #\d+$/, '')));
      assert.equal(names.length, shown.tasks, 'one table row per task');
      const counts: Record<string, number> = {};
      for (const n of names) counts[n] = (counts[n] ?? 0) + 1;
      assert.deepEqual(counts, { [TOP_LEVEL]: 1, ...expected }, `tasks in the table of ${name}.ts`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
