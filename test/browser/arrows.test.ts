/**
 * Arrows into a task (parent → it at creation, waker → it at each resume) in real headless
 * Chromium on a recorded trace: how many the last draw made (DrawStats.arrows), and the canvas
 * pixels on the parent arrow, with the task selected and with nothing selected.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { LANE_HEIGHT, laneY } from '../../webview/layout';
import { builtInTheme } from '../../webview/theme';
import { afterFrames, launch, openPage, recordFixture, screenshotPath, tempDir, writePage } from './harness';

const dir = tempDir();
let browser: Browser;
let pageFile: string;
/** The standalone page's palette: the page opens with a light colour scheme. */
const LIGHT = builtInTheme(false);

before(async () => {
  pageFile = writePage(recordFixture('wakers', dir), dir, 'wakers');
  browser = await launch();
});
after(async () => browser?.close());

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const distance = (a: Rgb, b: Rgb): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

interface Target {
  task: number;
  row: number;
  parentRow: number;
  /** 1 (the parent) + the Ready slices whose waker has a lane or is a loop turn: what draw.ts draws. */
  expectedArrows: number;
  /** Where the parent arrow's curve passes, away from the task's and the parent's own lanes. */
  points: { x: number; y: number }[];
}

/** The first task named `name`, and points on the bezier draw.ts strokes from its parent's lane to its own. */
async function target(page: Page, name: string): Promise<Target> {
  const found = await page.evaluate((taskName) => {
    const v = window.__covis!;
    const m = v.session.model;
    const task = m.tasks.find((t) => t?.name === taskName);
    if (!task) return undefined;
    let wakers = 0;
    for (const s of v.index.of(task.id)) {
      const waker = m.segments.other.data[s];
      // 2: SegmentState.Ready; a waker >= 0 is a task, <= -2 a loop turn (protocol/model.ts).
      if (m.segments.state.data[s] === 2 && ((waker >= 0 && v.rows.rowOf[waker] >= 0) || waker <= -2)) wakers++;
    }
    return { task: task.id, row: v.rows.rowOf[task.id], parentRow: task.parent >= 0 ? v.rows.rowOf[task.parent] : -1, x: v.x(task.created), scrollY: v.view.scrollY, wakers };
  }, name);
  assert.ok(found, `a task named ${name}`);
  assert.ok(found.parentRow >= 0 && found.row - found.parentRow >= 3, `${name} has a parent lane at least 3 lanes above its own (rows ${found.parentRow}, ${found.row})`);
  const y0 = laneY(found.parentRow, found.scrollY) + LANE_HEIGHT / 2;
  const y1 = laneY(found.row, found.scrollY) + LANE_HEIGHT / 2;
  // draw.ts: from (x, y0) to (x, y1) with both control points `bend` to the left, a third of the
  // way down each: x(t) = x - 3t(1-t)·bend, y(t) = y0 + t·(y1 - y0).
  const bend = Math.min(40, Math.abs(y1 - y0) / 2);
  const points: { x: number; y: number }[] = [];
  for (let t = 0.15; t <= 0.85; t += 0.05) {
    const y = y0 + t * (y1 - y0);
    // Not in the parent's lane nor the task's own (its selection tint and focus outline).
    if (y < y0 + LANE_HEIGHT / 2 + 2 || y > y1 - LANE_HEIGHT / 2 - 2) continue;
    points.push({ x: found.x - 3 * t * (1 - t) * bend, y });
  }
  return { task: found.task, row: found.row, parentRow: found.parentRow, expectedArrows: 1 + found.wakers, points };
}

/** Canvas pixels (device pixels under each CSS-pixel point) as they are now. */
async function pixels(page: Page, points: { x: number; y: number }[]): Promise<Rgb[]> {
  return page.evaluate((list) => {
    const canvas = document.querySelector('canvas')!;
    const ctx = canvas.getContext('2d')!;
    const dpr = window.devicePixelRatio || 1;
    return list.map((p) => {
      const d = ctx.getImageData(Math.floor(p.x * dpr), Math.floor(p.y * dpr), 1, 1).data;
      return [d[0], d[1], d[2]] as [number, number, number];
    });
  }, points);
}

/** What decides where things are drawn; selecting must not move any of it. */
async function layout(page: Page): Promise<unknown> {
  return page.evaluate(() => {
    const v = window.__covis!;
    return { width: v.view.width, scrollY: v.view.scrollY, domain: v.x.domain(), range: v.x.range(), rows: Array.from(v.rows.task) };
  });
}

async function arrowsDrawn(page: Page): Promise<number> {
  await afterFrames(page);
  return page.evaluate(() => window.__covis!.lastStats!.arrows);
}

/** Page point at the middle of a lane's label, right of its ▾ (which would collapse instead). */
async function labelPoint(page: Page, row: number): Promise<{ x: number; y: number }> {
  const r = await page.evaluate(() => {
    const rect = document.querySelector('canvas')!.getBoundingClientRect();
    return { left: rect.left, top: rect.top, scrollY: window.__covis!.view.scrollY };
  });
  return { x: r.left + 120, y: r.top + laneY(row, r.scrollY) + LANE_HEIGHT / 2 };
}

describe('arrows into a task', () => {
  test('none with nothing hovered or selected; hovering a lane draws its arrows, leaving clears them', async () => {
    const page = await openPage(browser, pageFile);
    assert.equal(await arrowsDrawn(page), 0, 'nothing hovered or selected: no arrows');
    const waiter = await target(page, 'waiter');
    const label = await labelPoint(page, waiter.row);
    await page.mouse.move(label.x, label.y);
    assert.equal(await page.evaluate(() => window.__covis!.hover.kind), 'label');
    const hovered = await arrowsDrawn(page);
    assert.ok(hovered >= 2, `hovering waiter draws its parent and waker arrows (drew ${hovered})`);
    assert.equal(hovered, waiter.expectedArrows);
    await page.mouse.move(1, 1); // the toolbar: the pointer leaves the canvas
    assert.equal(await arrowsDrawn(page), 0, 'nothing hovered any more, nothing selected');
    assert.deepEqual((page as unknown as { covisErrors: string[] }).covisErrors, []);
    await page.close();
  });

  test('selecting a child task draws the parent and waker arrows, in the theme colour, until then background', async () => {
    // Under 720 px the details panel opens below the lanes, not beside them: the time axis keeps
    // its width, so the same points lie on the same arrow before and after the click.
    const page = await openPage(browser, pageFile, { width: 700, height: 700 });
    assert.equal(await page.evaluate(() => window.__covis!.theme.background), LIGHT.background);
    const waiter = await target(page, 'waiter');
    assert.ok(waiter.expectedArrows >= 2, `waiter was woken by a task or turn at least once (${waiter.expectedArrows - 1} times)`);
    assert.equal(await arrowsDrawn(page), 0);
    const before = await pixels(page, waiter.points);
    const laneColours = [rgb(LIGHT.background), rgb(LIGHT.laneAlt)];
    // Points where nothing is drawn without the arrow (a grid line or a slice may cover a few).
    const clear = waiter.points.map((p, i) => ({ p, before: before[i] })).filter(({ before: c }) => laneColours.some((l) => distance(l, c) === 0));
    assert.ok(clear.length >= 5, `at least 5 of ${waiter.points.length} points on the parent arrow show the lane background before selection (${JSON.stringify(before)})`);
    const unselectedLayout = await layout(page);

    const label = await labelPoint(page, waiter.row);
    await page.mouse.click(label.x, label.y);
    await page.mouse.move(1, 1); // off the canvas: only the selection decides the arrows
    await page.waitForSelector('.covis-details:not([hidden])');
    const selected = await arrowsDrawn(page);
    assert.equal(await page.evaluate(() => window.__covis!.selectedTask), waiter.task);
    assert.equal(await page.evaluate(() => window.__covis!.hover.kind), 'none');
    assert.deepEqual(await layout(page), unselectedLayout, 'selecting moved nothing');
    assert.ok(selected >= 2, `selecting waiter draws its parent and waker arrows (drew ${selected})`);
    assert.equal(selected, waiter.expectedArrows);

    const after = await pixels(page, clear.map((c) => c.p));
    const arrowColour = rgb(LIGHT.arrowParent);
    clear.forEach(({ p, before: was }, i) => {
      assert.notDeepEqual(after[i], was, `the parent arrow covers (${p.x.toFixed(1)}, ${p.y.toFixed(1)}) once selected`);
      // Antialiased, the line may only partly cover the pixel: it moves toward the arrow colour.
      assert.ok(distance(after[i], arrowColour) < distance(was, arrowColour), `(${p.x.toFixed(1)}, ${p.y.toFixed(1)}): ${after[i]} is the parent arrow's colour ${LIGHT.arrowParent} over ${was}`);
    });
    await page.screenshot({ path: screenshotPath('arrows-selected.png') });
    assert.deepEqual((page as unknown as { covisErrors: string[] }).covisErrors, []);
    await page.close();
  });
});
