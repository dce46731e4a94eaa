/**
 * Worker threads in the standalone page, in real headless Chromium: examples/coroutines-vs-threads.ts
 * recorded with `covis record` (a worker computes while the main thread's heartbeat keeps
 * ticking, then posts its result), the `workers` fixture (three workers with tasks of their own:
 * collapse by click and by key, kept through a live session), and a synthetic trace of 16
 * workers for the frame budget.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { EventKind, TurnKind, WaitKind } from '../../protocol/events';
import { AXIS_HEIGHT, LANE_HEIGHT, laneY, LOOP_HEIGHT } from '../../webview/layout';
import { builtInTheme } from '../../webview/theme';
import { afterFrames, launch, openPage, recordFixture, recordProgram, ROOT, runningOutsideTurns, screenshotPath, tempDir, writePage } from './harness';
import { loopTraceBytes, LoopStream } from './loopTrace';

const dir = tempDir();
const LIGHT = builtInTheme(false);
let browser: Browser;
let examplePage: string;
let workersBytes: Uint8Array;
let workersPage: string;

before(async () => {
  examplePage = writePage(recordProgram(path.join(ROOT, 'examples', 'coroutines-vs-threads.ts'), dir, 'coroutines-vs-threads'), dir, 'coroutines-vs-threads');
  workersBytes = recordFixture('workers', dir);
  workersPage = writePage(workersBytes, dir, 'workers');
  browser = await launch();
});
after(async () => browser?.close());

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const distance = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const errorsOf = (page: Page): string[] => (page as unknown as { covisErrors: string[] }).covisErrors;

/** Canvas pixels under CSS-pixel points. */
async function pixels(page: Page, points: { x: number; y: number }[]): Promise<Rgb[]> {
  return page.evaluate((list) => {
    const ctx = document.querySelector('canvas')!.getContext('2d')!;
    const dpr = window.devicePixelRatio || 1;
    return list.map((p) => {
      const d = ctx.getImageData(Math.floor(p.x * dpr), Math.floor(p.y * dpr), 1, 1).data;
      return [d[0], d[1], d[2]] as [number, number, number];
    });
  }, points);
}

async function canvasPoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const r = await page.evaluate(() => document.querySelector('canvas')!.getBoundingClientRect().toJSON() as DOMRect);
  return { x: r.left + x, y: r.top + y };
}

/** Where a loop's row is drawn (CSS pixels on the canvas), after the latest render. */
async function loopRowY(page: Page, loop: number): Promise<number> {
  const at = await page.evaluate((l) => ({ row: window.__covis!.rows.loopRowOf[l], scrollY: window.__covis!.view.scrollY }), loop);
  assert.ok(at.row >= 0, `loop ${loop} has a row`);
  return laneY(at.row, at.scrollY) + LANE_HEIGHT / 2;
}

describe('examples/coroutines-vs-threads.ts: a worker thread beside the main thread', () => {
  test("the worker's row under the main thread's tasks, its busy turn beside the heartbeat's, the message arrow to the main thread", async () => {
    const page = await openPage(browser, examplePage, { width: 1200, height: 420 });
    const shape = await page.evaluate(() => {
      const v = window.__covis!;
      const m = v.session.model;
      const mainRows = m.tasks.filter((t) => t?.loop === 0).map((t) => v.rows.rowOf[t!.id]);
      return {
        loops: m.loops.map((l) => ({ name: l.name, parent: l.parent, tasks: v.rows.loopTasks[l.index], spawnedBy: l.spawnedBy?.task ?? -1 })),
        workerRow: v.rows.loopRowOf[1],
        lastMainRow: Math.max(...mainRows),
        spawner: m.tasks[m.loops[1]?.spawnedBy?.task ?? -1]?.name,
        status: document.querySelector('.covis-status')!.textContent ?? '',
        banner: document.querySelector('.covis-banner')!.hasAttribute('hidden'),
      };
    });
    assert.equal(shape.loops.length, 2, `two loops: ${JSON.stringify(shape.loops)}`);
    assert.match(shape.loops[0].name, /^coroutines-vs-threads\.ts \(pid \d+\)$/);
    assert.match(shape.loops[1].name, /^worker \d+ \(cpu-worker\.js\)$/);
    assert.equal(shape.loops[1].parent, 0);
    assert.equal(shape.spawner, 'cpuInAWorker', 'the worker was started by cpuInAWorker');
    // cpu-worker.js has no async function and no top-level await: a loop without tasks.
    assert.equal(shape.loops[1].tasks, 0);
    assert.equal(shape.workerRow, shape.lastMainRow + 1, "the worker's row comes right after the main thread's task lanes");
    assert.match(shape.status, /^5 lanes · 2 threads\/processes · /);
    assert.ok(shape.banner, 'no "cut short" banner');
    assert.deepEqual((await runningOutsideTurns(page)).outside, [], 'every running slice inside a turn of its own loop');

    // The worker computed in one long turn; the main thread's heartbeat ran meanwhile.
    const overlap = await page.evaluate(() => {
      const v = window.__covis!;
      const m = v.session.model;
      const worker = m.loops[1].turns;
      let busy = -1;
      for (let i = 0; i < worker.length; i++) {
        const t = worker.data[i];
        if (busy < 0 || m.turnEnd(t) - m.turns.start.data[t] > m.turnEnd(busy) - m.turns.start.data[busy]) busy = t;
      }
      const from = m.turns.start.data[busy];
      const to = m.turnEnd(busy);
      const heartbeat = m.tasks.find((t) => t?.name === 'heartbeat')!;
      const beats: number[] = [];
      for (const s of v.index.of(heartbeat.id)) {
        if (m.segments.state.data[s] === 0 && m.segments.start.data[s] >= from && m.segmentEnd(s) <= to) beats.push(m.segments.start.data[s]);
      }
      // The main thread's turns that ran those beats.
      const mainTurns: number[] = [];
      for (let i = 0; i < m.loops[0].turns.length; i++) {
        const t = m.loops[0].turns.data[i];
        if (beats.some((b) => m.turns.start.data[t] <= b && b <= m.turnEnd(t))) mainTurns.push(m.turns.start.data[t]);
      }
      return { from, to, kind: m.turns.kind.data[busy], beats, mainTurns };
    });
    assert.ok(overlap.to - overlap.from > 100, `the worker's busy turn lasts the CPU work (${(overlap.to - overlap.from).toFixed(1)} ms)`);
    assert.ok(overlap.beats.length >= 3, `at least 3 heartbeat slices ran inside the worker's busy turn (${overlap.beats.length})`);
    assert.equal(overlap.mainTurns.length, overlap.beats.length, 'each beat in a turn of the main thread');

    // On the canvas: the worker's bar across its busy turn, the main lane busy at the beats.
    await page.evaluate(([a, b]) => window.__covis!.setWindow(a, b), [overlap.from - 40, overlap.to + 40]);
    await afterFrames(page);
    const x = (t: number): Promise<number> => page.evaluate((time) => window.__covis!.x(time), t);
    const workerY = await loopRowY(page, 1);
    const across = await Promise.all([0.1, 0.3, 0.5, 0.7, 0.9].map(async (f) => ({ x: await x(overlap.from + f * (overlap.to - overlap.from)), y: workerY })));
    for (const [i, pixel] of (await pixels(page, across)).entries()) {
      assert.ok(distance(pixel, rgb(LIGHT.turn[overlap.kind])) < 30, `the worker row at ${across[i].x.toFixed(0)} px is its busy turn's colour ${LIGHT.turn[overlap.kind]} (${pixel})`);
    }
    const laneMid = AXIS_HEIGHT + LOOP_HEIGHT / 2;
    let beatsDrawn = 0;
    for (const start of overlap.mainTurns) {
      const bx = Math.floor(await x(start));
      const column = await pixels(page, [-1, 0, 1, 2].map((d) => ({ x: bx + d, y: laneMid })));
      if (column.some((p) => distance(p, rgb(LIGHT.laneAlt)) > 40)) beatsDrawn++;
    }
    assert.equal(beatsDrawn, overlap.mainTurns.length, "the main thread's lane shows each beat's turn inside the worker's busy span");

    // The message: an arrow from the worker's row to the main lane at the turn that delivered it.
    // From before the worker started (its start takes 100-300 ms on a loaded machine) to after its message.
    const spawnedAt = await page.evaluate(() => window.__covis!.session.model.loops[1].started);
    await page.evaluate(([a, b]) => window.__covis!.setWindow(a, b), [Math.min(overlap.from - 200, spawnedAt - 20), overlap.to + 60]);
    await afterFrames(page);
    const link = await page.evaluate(() => {
      const v = window.__covis!;
      const m = v.session.model;
      const l = m.links.find((k) => k.toTurn >= 0)!;
      return { from: l.fromLoop, to: l.toLoop, x: v.x(m.turns.start.data[l.toTurn]), label: m.string(m.turns.label.data[l.toTurn]), arrows: v.lastStats!.crossLoop };
    });
    assert.deepEqual([link.from, link.to], [1, 0]);
    assert.match(link.label ?? '', /^message from worker \d+$/);
    const message = link.arrows.find((a) => a.kind === 'message');
    assert.ok(message, `a message arrow is drawn (${JSON.stringify(link.arrows)})`);
    assert.equal(message.y0, workerY, "it leaves the worker's row");
    assert.equal(message.y1, laneMid, "it ends in the main thread's lane");
    assert.ok(Math.abs(message.x1 - link.x) < 0.5, 'at the message turn');
    assert.ok(link.arrows.some((a) => a.kind === 'spawn'), 'and the start of the worker from cpuInAWorker');
    // On the canvas, along the curve as arrows.ts strokes it.
    const bend = Math.min(40, Math.abs(message.y1 - message.y0) / 2);
    const dy = message.y1 - message.y0;
    const curve = [0.3, 0.4, 0.5, 0.6, 0.7].map((t) => {
      const u = 1 - t;
      const cx = [message.x0, message.x0 - bend, message.x1 - bend, message.x1];
      const cy = [message.y0, message.y0 + dy / 3, message.y1 - dy / 3, message.y1];
      const at = (c: number[]): number => u * u * u * c[0] + 3 * u * u * t * c[1] + 3 * u * t * t * c[2] + t * t * t * c[3];
      return { x: at(cx), y: at(cy) };
    });
    const onCurve = (await pixels(page, curve)).filter((p) => distance(p, rgb(LIGHT.arrowMessage)) < 90).length;
    assert.ok(onCurve >= 3, `the message arrow's colour ${LIGHT.arrowMessage} along its curve (${onCurve} of ${curve.length} points)`);

    // Its tooltip names the worker (zoomed onto the message turn, so that no other turn is within a pixel of it); the task it woke says so in its details.
    const messageAt = await page.evaluate(() => {
      const m = window.__covis!.session.model;
      return m.turns.start.data[m.links.find((k) => k.toTurn >= 0)!.toTurn];
    });
    await page.evaluate(([a, b]) => window.__covis!.setWindow(a, b), [messageAt - 0.5, messageAt + 1.5]);
    await afterFrames(page);
    const turnPoint = await canvasPoint(page, (await x(messageAt)) + 2, laneMid);
    await page.mouse.move(turnPoint.x, turnPoint.y);
    await page.waitForSelector('.covis-tooltip:not([hidden])');
    assert.match((await page.textContent('.covis-tooltip')) ?? '', /message from worker \d+/);
    await page.evaluate(([a, b]) => window.__covis!.setWindow(a, b), [Math.min(overlap.from - 200, spawnedAt - 20), overlap.to + 60]);
    await afterFrames(page);
    const labelPoint = await canvasPoint(page, 60, workerY);
    await page.mouse.move(labelPoint.x, labelPoint.y);
    assert.match((await page.textContent('.covis-tooltip')) ?? '', /worker \d+ \(cpu-worker\.js\).*started by cpuInAWorker/s);
    const waiter = await page.evaluate(() => {
      const v = window.__covis!;
      return { row: v.rows.rowOf[v.session.model.tasks.find((t) => t?.name === 'cpuInAWorker')!.id], scrollY: v.view.scrollY };
    });
    const lane = await canvasPoint(page, 120, laneY(waiter.row, waiter.scrollY) + LANE_HEIGHT / 2);
    await page.mouse.click(lane.x, lane.y);
    await page.waitForSelector('.covis-details:not([hidden])');
    const details = (await page.textContent('.covis-details')) ?? '';
    assert.match(details, /started worker \d+ \(cpu-worker\.js\)/);
    assert.match(details, /woken by message from worker \d+/);
    await page.mouse.move(1, 1);
    await afterFrames(page);
    await page.click('text=Fit');
    await afterFrames(page);
    await page.screenshot({ path: screenshotPath('threads-coroutines-vs-threads.png') });
    assert.deepEqual(errorsOf(page), []);
    await page.close();
  });
});

describe('the workers fixture: loops with tasks of their own', () => {
  /** Task ids per loop and the rows they hold now. */
  async function rowsByLoop(page: Page): Promise<{ loop: number; row: number; taskRows: number[] }[]> {
    return page.evaluate(() => {
      const v = window.__covis!;
      const m = v.session.model;
      return m.loops.map((l) => ({ loop: l.index, row: v.rows.loopRowOf[l.index], taskRows: m.tasks.filter((t) => t?.loop === l.index).map((t) => v.rows.rowOf[t!.id]) }));
    });
  }

  test('each worker row heads its own tasks; a click on its label collapses it, Space expands it again', async () => {
    const page = await openPage(browser, workersPage, { height: 800 });
    const groups = await rowsByLoop(page);
    assert.equal(groups.length, 4, 'the main thread and three workers');
    for (const g of groups.slice(1)) {
      assert.equal(g.taskRows.length, 5, `worker loop ${g.loop}: <top-level await>, job, three steps`);
      assert.deepEqual([...g.taskRows].sort((a, b) => a - b), [1, 2, 3, 4, 5].map((k) => g.row + k), `loop ${g.loop}'s tasks right under its row`);
    }
    assert.deepEqual((await runningOutsideTurns(page)).outside, []);
    const target = groups[2];
    const label = await canvasPoint(page, 60, await loopRowY(page, target.loop));
    await page.mouse.click(label.x, label.y);
    await afterFrames(page);
    const collapsed = await rowsByLoop(page);
    assert.ok(collapsed[2].row >= 0, 'the collapsed loop keeps its row');
    assert.deepEqual(collapsed[2].taskRows, [-1, -1, -1, -1, -1], 'and hides its tasks');
    assert.ok(collapsed[3].taskRows.every((r) => r >= 0), 'the next loop keeps its tasks');
    assert.match((await page.textContent('.covis-status')) ?? '', /5 hidden by filters/);
    await page.screenshot({ path: screenshotPath('threads-workers-collapsed.png') });
    // Keyboard: Down moves the focus from lane to lane, loop rows included; Space toggles a loop row.
    await page.evaluate(() => {
      window.__covis!.focusRow = -1;
    });
    await page.focus('canvas');
    for (let row = 0; row <= collapsed[2].row; row++) await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => window.__covis!.focusRow), collapsed[2].row);
    assert.match((await page.textContent('.covis-sr-only')) ?? '', /^worker \d+ \(job-worker\.mjs\), 5 tasks, collapsed$/, 'the focused loop row is announced');
    await page.keyboard.press('Space');
    await afterFrames(page);
    assert.deepEqual((await rowsByLoop(page))[2].taskRows.map((r) => r >= 0), [true, true, true, true, true], 'Space expanded it again');
    assert.deepEqual(errorsOf(page), []);
    await page.close();
  });

  test("a runJob task: the worker it started and the message that woke it, arrows drawn in full while it is hovered", async () => {
    const page = await openPage(browser, workersPage, { height: 800 });
    const job = await page.evaluate(() => {
      const v = window.__covis!;
      const m = v.session.model;
      const loop = m.loops[1];
      return { task: loop.spawnedBy!.task, row: v.rows.rowOf[loop.spawnedBy!.task], name: loop.name };
    });
    const point = await canvasPoint(page, 120, laneY(job.row, 0) + LANE_HEIGHT / 2);
    await page.mouse.move(point.x, point.y);
    await afterFrames(page);
    const related = await page.evaluate(() => window.__covis!.lastStats!.crossLoop.filter((a) => a.related).map((a) => a.kind).sort());
    assert.deepEqual(related, ['message', 'spawn'], 'its start of the worker and the message back to it stand out');
    await page.mouse.click(point.x, point.y);
    await page.waitForSelector('.covis-details:not([hidden])');
    const details = (await page.textContent('.covis-details')) ?? '';
    assert.ok(details.includes(`started ${job.name}`), details);
    assert.match(details, /woken by message from worker \d+/);
    await page.close();
  });

  test('collapsed loops stay collapsed while a live session streams in', async () => {
    const page = await openPage(browser, workersPage, { stubVsCode: true, height: 800 });
    // The host starts a live session: the first part of the stream, then the rest in pieces.
    const cut = Math.floor(workersBytes.length * 0.6);
    await page.evaluate((bytes) => window.postMessage({ type: 'reset', bytes: Uint8Array.from(bytes), live: true, title: 'live' }, '*'), Array.from(workersBytes.subarray(0, cut)));
    await page.waitForFunction(() => window.__covis!.session.live && window.__covis!.rows.loopRowOf[1] >= 0);
    const label = await canvasPoint(page, 60, await loopRowY(page, 1));
    await page.mouse.click(label.x, label.y);
    await page.mouse.move(1, 1);
    assert.deepEqual(await page.evaluate(() => [...window.__covis!.filter.collapsedLoops]), [1]);
    for (let at = cut; at < workersBytes.length; at += 700) {
      const piece = Array.from(workersBytes.subarray(at, Math.min(workersBytes.length, at + 700)));
      await page.evaluate((bytes) => window.postMessage({ type: 'append', bytes: Uint8Array.from(bytes) }, '*'), piece);
      await page.waitForTimeout(60);
    }
    await page.evaluate(() => window.postMessage({ type: 'status', text: 'exited', live: false }, '*'));
    await page.waitForFunction(() => !window.__covis!.session.live);
    await page.waitForTimeout(250);
    await afterFrames(page);
    const groups = await rowsByLoop(page);
    assert.equal(groups.length, 4);
    assert.ok(groups[1].row >= 0 && groups[1].taskRows.every((r) => r === -1), `loop 1 still collapsed: ${JSON.stringify(groups[1])}`);
    assert.ok(groups.slice(2).every((g) => g.taskRows.length === 5 && g.taskRows.every((r) => r >= 0)), 'the loops that came later are open');
    assert.deepEqual(errorsOf(page), []);
    await page.close();
  });
});

describe('16 workers: the frame budget', () => {
  const TURNS = 4000;
  /** Loop k: a timer turn every ms (shifted per loop), one task per loop resumed in each. */
  function stream(k: number): LoopStream {
    const events: LoopStream['events'] = [[EventKind.TurnBegin, 0, -1, -1, TurnKind.Script], [EventKind.TaskCreate, 0.05, 1, 1, -1], [EventKind.Suspend, 0.1, 1, 2, WaitKind.Timer]];
    for (let i = 1; i <= TURNS; i++) {
      events.push([EventKind.TurnBegin, i, -1, -1, i % 50 === 0 ? TurnKind.Message : TurnKind.Timer]);
      events.push([EventKind.Resume, i + 0.05, 1]);
      events.push([EventKind.Suspend, i + 0.2 + (k % 4) * 0.05, 1, 2, WaitKind.Timer]);
    }
    return {
      pid: 1, threadId: k, parentThreadId: k ? 0 : undefined, startEpochMs: 1000 + k * 0.1, name: k ? `worker ${k} (pool.js)` : 'pool.ts (pid 1)',
      sites: [{ id: 1, kind: 'async', name: k ? 'work' : 'main', file: k ? '/p/pool.js' : '/p/pool.ts', line: 1, column: 1 }, { id: 2, kind: 'await', name: 'await sleep(1)', file: '/p/pool.js', line: 2, column: 3, fn: 1 }],
      events,
      end: 'exit',
    };
  }

  test('a frame draws only the rows in view and stays within 16 ms, fitted and zoomed', async () => {
    const file = writePage(loopTraceBytes(Array.from({ length: 17 }, (_, k) => stream(k))), dir, 'pool');
    const page = await openPage(browser, file, { width: 1400, height: 500 });
    const timings = async (): Promise<{ ms: number[]; lanes: number; rows: number; turns: number }> =>
      page.evaluate(async () => {
        const v = window.__covis!;
        const ms: number[] = [];
        for (let i = 0; i < 15; i++) {
          v.requestRender();
          await new Promise((r) => requestAnimationFrame(() => r(undefined)));
          ms.push(v.lastRenderMs);
        }
        return { ms, lanes: v.lastStats!.lanes, rows: v.rows.count, turns: v.session.model.turnCount };
      });
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const fitted = await timings();
    assert.equal(fitted.rows, 17 + 16, 'main has its fixed lane; 16 worker rows and 17 task lanes');
    assert.ok(fitted.turns > 17 * TURNS);
    const visible = Math.ceil((500 - AXIS_HEIGHT - LOOP_HEIGHT) / LANE_HEIGHT) + 1;
    assert.ok(fitted.lanes <= visible, `only rows in view are drawn (${fitted.lanes} of ${fitted.rows}, ${visible} fit)`);
    assert.ok(median(fitted.ms) < 16, `fitted: median frame ${median(fitted.ms).toFixed(1)} ms (${fitted.ms.map((m) => m.toFixed(1)).join(' ')})`);
    await page.evaluate(() => window.__covis!.setWindow(1000, 1100));
    const zoomed = await timings();
    assert.ok(median(zoomed.ms) < 16, `zoomed: median frame ${median(zoomed.ms).toFixed(1)} ms`);
    // Scrolled to the last workers.
    await page.evaluate(() => {
      const v = window.__covis!;
      v.view.scrollY = 1e6;
      v.dom.canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: 1, shiftKey: true }));
    });
    const scrolled = await timings();
    assert.ok(median(scrolled.ms) < 16, `scrolled: median frame ${median(scrolled.ms).toFixed(1)} ms`);
    await page.screenshot({ path: screenshotPath('threads-16-workers.png') });
    assert.deepEqual(errorsOf(page), []);
    await page.close();
  });
});
