/**
 * A Python program's lanes in real headless Chromium: examples/python/say_after.py (the seed's
 * say_after, awaited twice in sequence, then run as two concurrent tasks) recorded with the real
 * CLI and shown in the standalone page. Checked on what the view draws: one lane per coroutine
 * with the say_after lanes nested under main, each lane's bar (read off the canvas pixels) where
 * its coroutine lived, the sequential pair one after the other and the concurrent pair side by
 * side, the loop lane busy where the coroutines ran and idle while they all waited, the tooltip
 * of a timer wait, and the task names in the table.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { WaitKind } from '../../protocol/events';
import { SegmentState } from '../../protocol/model';
import { AXIS_HEIGHT, LANE_HEIGHT, laneY, LOOP_HEIGHT } from '../../webview/layout';
import { afterFrames, launch, openPage, ROOT, runCli, runningOutsideTurns, screenshotPath, tempDir, writePage } from './harness';

const PROGRAM = path.join(ROOT, 'examples', 'python', 'say_after.py');
const DELAY = '0.2';

const dir = tempDir();
let browser: Browser;
let page: Page;
let errors: string[] = [];

interface Lane {
  id: number;
  name: string;
  row: number;
  depth: number;
  parent: number;
  created: number;
  ended: number;
  /** Where its timer wait began and ended (ms). */
  timer: [number, number];
  /** Its lifetime on the chart, in CSS pixels: x(created), x(ended). */
  expected: [number, number];
}

/**
 * Drawn (non-background) runs along one pixel row of the chart, gaps of up to 3 px bridged; CSS
 * px. The background is the row's colour at the right edge of the label column (a task lane's,
 * white or the alternate grey), or else the row's most frequent colour (the loop lane's).
 */
async function drawnRuns(y: number, backgroundOf: 'label' | 'most' = 'label'): Promise<[number, number][]> {
  return page.evaluate(([cssY, from]) => {
    const v = window.__covis!;
    const canvas = document.querySelector('canvas')!;
    const dpr = window.devicePixelRatio || 1;
    const left = Math.ceil(v.view.labelWidth * dpr) + 1;
    const width = Math.floor(v.view.width * dpr) - left;
    const data = canvas.getContext('2d')!.getImageData(left, Math.floor(cssY * dpr), width, 1).data;
    // (No named functions in here: tsx would wrap them in a helper the page does not have.)
    const colour = new Int32Array(width);
    for (let i = 0; i < width; i++) colour[i] = (data[i * 4] << 16) | (data[i * 4 + 1] << 8) | data[i * 4 + 2];
    const counts = new Map<number, number>();
    for (let i = 0; i < width; i++) counts.set(colour[i], (counts.get(colour[i]) ?? 0) + 1);
    const edge = canvas.getContext('2d')!.getImageData(Math.floor((v.view.labelWidth - 2) * dpr), Math.floor(cssY * dpr), 1, 1).data;
    const background = from === 'label' ? (edge[0] << 16) | (edge[1] << 8) | edge[2] : [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const runs: [number, number][] = [];
    for (let i = 0; i < width; i++) {
      if (colour[i] === background) continue;
      const last = runs[runs.length - 1];
      if (last && i - last[1] <= 3 * dpr) last[1] = i;
      else runs.push([i, i]);
    }
    return runs.map(([a, b]) => [(left + a) / dpr, (left + b + 1) / dpr] as [number, number]);
  }, [y, backgroundOf] as const);
}

const widthOf = (run: [number, number]): number => run[1] - run[0];
const overlap = (a: [number, number], b: [number, number]): number => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

/** The longest drawn run of a lane, along a pixel row inside its suspended (8 px) and running (14 px) bars. */
async function laneBar(lane: Lane): Promise<[number, number]> {
  const scrollY = await page.evaluate(() => window.__covis!.view.scrollY);
  const runs = await drawnRuns(laneY(lane.row, scrollY) + LANE_HEIGHT / 2 + 2);
  assert.ok(runs.length > 0, `nothing drawn in the lane of #${lane.id} ${lane.name}`);
  return runs.sort((a, b) => widthOf(b) - widthOf(a))[0];
}

async function hover(x: number, y: number): Promise<{ kind: string; task?: number; tooltip: string }> {
  const box = await page.evaluate(() => {
    const r = document.querySelector('canvas')!.getBoundingClientRect();
    return { left: r.left, top: r.top };
  });
  await page.mouse.move(box.left + x, box.top + y);
  await afterFrames(page);
  return page.evaluate(() => {
    const v = window.__covis!;
    const tip = v.dom.tooltip;
    return { kind: v.hover.kind, task: 'task' in v.hover ? v.hover.task : undefined, tooltip: tip.hidden ? '' : (tip.textContent ?? '') };
  });
}

before(async () => {
  const out = path.join(dir, 'say_after.covis');
  const run = await runCli(['record', '-q', '-o', out, '--', PROGRAM, DELAY]);
  assert.equal(run.status, 0, `covis record ${PROGRAM} exited with ${run.status}:\n${run.stderr}`);
  assert.equal(run.stdout, 'Hello\nWorld\nTask1\nTask2\n');
  browser = await launch();
  page = await openPage(browser, writePage(fs.readFileSync(out), dir, 'say_after'), { width: 1200, height: 500 });
  errors = (page as unknown as { covisErrors: string[] }).covisErrors;
});
after(async () => browser?.close());

describe('examples/python/say_after.py, recorded and shown in the standalone page', () => {
  let lanes: Lane[] = [];

  test('one lane per coroutine: main, and the four say_after calls nested under it', async () => {
    const shown = await page.evaluate(({ suspended, timerWait }) => {
      const v = window.__covis!;
      const m = v.session.model;
      const message = document.querySelector('.covis-message')!;
      const banner = document.querySelector('.covis-banner')!;
      const lanes = [];
      for (let row = 0; row < v.rows.count; row++) {
        const task = m.tasks[v.rows.task[row]];
        if (!task) continue;
        let timer: [number, number] = [NaN, NaN];
        for (const s of v.index.of(task.id)) {
          if (m.segments.state.data[s] === suspended && m.segments.wait.data[s] === timerWait) timer = [m.segments.start.data[s], m.segmentEnd(s)];
        }
        lanes.push({ id: task.id, name: task.name, row, depth: v.rows.depth[row], parent: task.parent, created: task.created, ended: task.ended, timer, expected: [v.x(task.created), v.x(task.ended)] as [number, number] });
      }
      return {
        language: m.hello?.language,
        message: message.hasAttribute('hidden') ? '' : message.textContent,
        banner: banner.hasAttribute('hidden') ? '' : banner.textContent,
        status: document.querySelector('.covis-status')!.textContent ?? '',
        loops: m.loops.length,
        lanes,
      };
    }, { suspended: SegmentState.Suspended as number, timerWait: WaitKind.Timer as number });
    assert.equal(shown.language, 'python');
    assert.equal(shown.message, '', 'no error message in the view');
    assert.equal(shown.banner, '', 'the program ran to its end: no "cut short" banner');
    assert.equal(shown.loops, 1, 'one loop: the main thread, drawn as the fixed loop lane');
    assert.match(shown.status, /^5 lanes/);
    lanes = shown.lanes;
    assert.deepEqual(
      lanes.map((l) => [l.name, l.depth]),
      [
        ['main', 0],
        ['say_after', 1],
        ['say_after', 1],
        ['say_after', 1],
        ['say_after', 1],
      ],
    );
    assert.ok(lanes.slice(1).every((l) => l.parent === lanes[0].id), 'every say_after lane is a child of main');
    assert.ok(lanes.slice(1).every((l) => l.timer[1] - l.timer[0] >= 190), 'each say_after waits on its 0.2 s timer');
    const slices = await runningOutsideTurns(page);
    assert.ok(slices.running >= 5);
    assert.deepEqual(slices.outside, [], 'running slices outside every busy turn of the loop');
    await page.screenshot({ path: screenshotPath('python-say-after.png') });
  });

  test('each lane draws its bar where its coroutine lived', async () => {
    assert.equal(lanes.length, 5);
    for (const lane of lanes) {
      const bar = await laneBar(lane);
      // The created triangle starts at x(created); the end marker reaches a pixel or two past x(ended).
      assert.ok(Math.abs(bar[0] - lane.expected[0]) <= 3, `#${lane.id} ${lane.name}: drawn from ${bar[0].toFixed(1)}, created at ${lane.expected[0].toFixed(1)} px`);
      assert.ok(Math.abs(bar[1] - lane.expected[1]) <= 4, `#${lane.id} ${lane.name}: drawn to ${bar[1].toFixed(1)}, ended at ${lane.expected[1].toFixed(1)} px`);
    }
  });

  test('sequential: the second say_after is drawn after the first; concurrent: the two tasks side by side', async () => {
    const [hello, world, task1, task2] = await Promise.all(lanes.slice(1).map(laneBar));
    assert.ok(world[0] >= hello[1] - 3, `World drawn from ${world[0].toFixed(1)} px, Hello to ${hello[1].toFixed(1)} px`);
    assert.ok(widthOf(hello) >= 0.8 * widthOf(task1), 'each sequential call takes as long as a concurrent one');
    const both = overlap(task1, task2);
    assert.ok(both >= 0.9 * Math.min(widthOf(task1), widthOf(task2)), `the concurrent bars overlap ${both.toFixed(1)} px of ${widthOf(task1).toFixed(1)}`);
    assert.equal(overlap(hello, task1), 0);
    // The concurrent half takes one delay, the sequential half two: main's bar says so too.
    const sequentialPx = world[1] - hello[0];
    const concurrentPx = Math.max(task1[1], task2[1]) - Math.min(task1[0], task2[0]);
    assert.ok(sequentialPx / concurrentPx > 1.6 && sequentialPx / concurrentPx < 2.5, `sequential ${sequentialPx.toFixed(0)} px, concurrent ${concurrentPx.toFixed(0)} px`);
  });

  test('the loop lane is busy where each coroutine ran, idle while they all waited on their timers', async () => {
    const turns = await drawnRuns(AXIS_HEIGHT + LOOP_HEIGHT / 2, 'most');
    const x = (t: number): Promise<number> => page.evaluate((time) => window.__covis!.x(time), t);
    const busyAt = (px: number): boolean => turns.some(([a, b]) => a - 2 <= px && px <= b + 2);
    for (const lane of lanes.slice(1)) {
      // Woken by its timer, it prints and completes in a turn of the loop.
      assert.ok(busyAt(await x(lane.ended)), `no turn drawn in the loop lane where #${lane.id} ${lane.name} completed (${JSON.stringify(turns)})`);
      const middle = await x((lane.timer[0] + lane.timer[1]) / 2);
      assert.ok(!busyAt(middle), `the loop lane is drawn busy at ${middle.toFixed(1)} px, in the middle of #${lane.id}'s timer wait`);
    }
  });

  test('hovering the concurrent pair: each lane holds its own timer wait', async () => {
    const [, , , task1, task2] = lanes;
    const t = (Math.max(task1.timer[0], task2.timer[0]) + Math.min(task1.timer[1], task2.timer[1])) / 2;
    const { px, scrollY } = await page.evaluate((time) => ({ px: window.__covis!.x(time), scrollY: window.__covis!.view.scrollY }), t);
    for (const lane of [task1, task2]) {
      const hit = await hover(px, laneY(lane.row, scrollY) + LANE_HEIGHT / 2);
      assert.equal(hit.kind, 'segment');
      assert.equal(hit.task, lane.id);
      assert.match(hit.tooltip, /say_after/);
      assert.match(hit.tooltip, /await asyncio\.sleep\(delay\)/);
    }
    await page.screenshot({ path: screenshotPath('python-say-after-hover.png') });
    await page.mouse.move(1, 1);
  });

  test('the table lists the coroutines by name', async () => {
    await page.click('text=Table view');
    await afterFrames(page);
    const names = await page.$$eval('.covis-table tbody tr:not(.covis-loop-row) th', (cells) => cells.map((c) => c.textContent!.trim().replace(/ #\d+$/, '')));
    assert.deepEqual(names, ['main', 'say_after', 'say_after', 'say_after', 'say_after']);
    assert.deepEqual(errors, []);
  });
});
