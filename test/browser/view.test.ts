/**
 * The standalone page in real headless Chromium, on traces recorded from fixture programs:
 * what is on screen (lanes, labels, drawn segments, the loop lane holding every running
 * slice), hover text, clicks, filters, brush, keyboard, and light/dark screenshots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { LABEL_WIDTH_MAX, LANE_HEIGHT, laneY } from '../../webview/layout';
import { afterFrames, launch, openPage, recordFixture, runningOutsideTurns, screenshotPath, tempDir, writePage } from './harness';

const dir = tempDir();
let browser: Browser;
let pageFile: string;

before(async () => {
  pageFile = writePage(recordFixture('concurrent', dir), dir, 'concurrent');
  browser = await launch();
});
after(async () => browser?.close());

/** Centre of the first segment of the first task named `name` in a given state, in page pixels. */
async function segmentPoint(page: Page, name: string, state: number): Promise<{ x: number; y: number; segment: number; task: number }> {
  const found = await page.evaluate(([taskName, wanted]) => {
    const v = window.__covis!;
    const m = v.session.model;
    for (const task of m.tasks) {
      if (!task || task.name !== taskName) continue;
      for (const seg of v.index.of(task.id)) {
        if (m.segments.state.data[seg] !== wanted) continue;
        const x0 = v.x(m.segments.start.data[seg]);
        const x1 = v.x(m.segmentEnd(seg));
        if (x1 - x0 < 4) continue;
        return { x: (x0 + x1) / 2, row: v.rows.rowOf[task.id], scrollY: v.view.scrollY, segment: seg, task: task.id };
      }
    }
    return undefined;
  }, [name, state] as const);
  assert.ok(found, `a wide enough segment of ${name} in state ${state}`);
  return { x: found.x, y: laneY(found.row, found.scrollY) + LANE_HEIGHT / 2, segment: found.segment, task: found.task };
}

async function canvasOrigin(page: Page): Promise<{ left: number; top: number }> {
  return page.evaluate(() => {
    const r = document.querySelector('canvas')!.getBoundingClientRect();
    return { left: r.left, top: r.top };
  });
}

describe('standalone page, recorded trace', () => {
  test('one lane per task, labelled with name and file:line, in parent/child order', async () => {
    const page = await openPage(browser, pageFile);
    const info = await page.evaluate(() => {
      const v = window.__covis!;
      return { rows: v.rows.count, tasks: v.session.model.tasks.filter(Boolean).length, status: document.querySelector('.covis-status')!.textContent };
    });
    assert.equal(info.rows, info.tasks);
    assert.match(info.status ?? '', new RegExp(`^${info.tasks} lanes`));
    await page.click('text=Table view');
    // The table is drawn by the next frame's render, as every panel is.
    await afterFrames(page);
    const names = await page.$$eval('.covis-table tbody th', (cells) => cells.map((c) => c.textContent!.trim()));
    assert.equal(names.length, info.tasks);
    assert.match(names[0], /^main #/);
    assert.ok(names.some((n) => n.startsWith('sequential')) && names.some((n) => n.startsWith('fetchUser')));
    const cells = await page.$$eval('.covis-table tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    assert.ok(cells.some((c) => c.includes('failed') && c.includes('concurrent.mts:39')), 'the failing task shows as failed with its file:line');
    await page.close();
  });

  test('every segment and loop turn of the model is drawn when the whole trace is fitted', async () => {
    const page = await openPage(browser, pageFile, { height: 900 });
    const counts = await page.evaluate(() => {
      const v = window.__covis!;
      return { stats: v.lastStats!, segments: v.session.model.segmentCount, turns: v.session.model.turnCount, lanes: v.rows.count };
    });
    assert.equal(counts.stats.lanes, counts.lanes);
    assert.equal(counts.stats.visited, counts.segments + counts.turns);
    assert.ok(counts.stats.drawn > 0 && counts.stats.drawn <= counts.stats.visited);
    await page.close();
  });

  test('every running slice lies inside a busy turn of the loop lane', async () => {
    const page = await openPage(browser, pageFile);
    const outside = await runningOutsideTurns(page);
    assert.ok(outside.running > 10);
    assert.deepEqual(outside.outside, []);
    await page.close();
  });

  test('hovering a suspended slice says task, state, duration, the await and what it waits on', async () => {
    const page = await openPage(browser, pageFile);
    const origin = await canvasOrigin(page);
    const point = await segmentPoint(page, 'sequential', 1);
    await page.mouse.move(origin.left + point.x, origin.top + point.y);
    await page.waitForSelector('.covis-tooltip:not([hidden])');
    const text = await page.textContent('.covis-tooltip');
    assert.match(text ?? '', /sequential\s+concurrent\.mts:9/);
    assert.match(text ?? '', /Suspended for [\d.]+ ms/);
    assert.match(text ?? '', /at `await fetchUser\(1\)`/);
    assert.match(text ?? '', /waits on: /);
    await page.close();
  });

  test('clicking a slice opens the details panel and posts reveal + taskSelected to the host', async () => {
    const page = await openPage(browser, pageFile, { stubVsCode: true });
    const origin = await canvasOrigin(page);
    const point = await segmentPoint(page, 'sequential', 1);
    await page.mouse.click(origin.left + point.x, origin.top + point.y);
    await page.waitForSelector('.covis-details:not([hidden])');
    const details = await page.textContent('.covis-details');
    assert.match(details ?? '', /History/);
    assert.match(details ?? '', /Created by main/);
    const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    assert.deepEqual(posted[0], { type: 'ready' });
    const reveal = posted.find((m) => (m as { type: string }).type === 'reveal') as { file: string; line: number; column: number };
    assert.ok(reveal, 'a reveal message was posted');
    assert.match(reveal.file, /concurrent\.mts$/);
    assert.equal(reveal.line, 10, 'reveals the await the slice is suspended at');
    assert.ok(posted.some((m) => (m as { type: string; taskId?: number }).type === 'taskSelected' && (m as { taskId: number }).taskId === point.task));
    await page.close();
  });

  test('filter by name, hide completed, collapse a subtree', async () => {
    const page = await openPage(browser, pageFile);
    const rows = (): Promise<number> => page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.__covis!.rows.count)))));
    const all = await rows();
    await page.fill('.covis-search', 'fetchuser');
    assert.equal(await rows(), 5);
    await page.fill('.covis-search', 'concurrent.mts');
    assert.equal(await rows(), all, 'the file matches every task');
    await page.fill('.covis-search', '');
    await page.check('.covis-check input');
    const visible = await rows();
    assert.ok(visible < all && visible >= 1, 'completed tasks are hidden, the failed one stays');
    await page.uncheck('.covis-check input');
    await rows();
    // The ▾ of the root lane (main) collapses everything under it.
    const origin = await canvasOrigin(page);
    await page.mouse.click(origin.left + 10, origin.top + laneY(0, 0) + LANE_HEIGHT / 2);
    assert.equal(await rows(), 1);
    await page.close();
  });

  test('brushing the axis shows busy %, running/suspended counts and the longest blocking slice', async () => {
    const page = await openPage(browser, pageFile);
    const origin = await canvasOrigin(page);
    await page.mouse.move(origin.left + LABEL_WIDTH_MAX + 10, origin.top + 15);
    await page.mouse.down();
    await page.mouse.move(origin.left + 1100, origin.top + 15, { steps: 5 });
    await page.mouse.up();
    await page.waitForSelector('.covis-stats:not([hidden])');
    const text = await page.textContent('.covis-stats');
    assert.match(text ?? '', /loop busy [\d.]+%/);
    assert.match(text ?? '', /\d+ tasks running, \d+ suspended/);
    assert.match(text ?? '', /longest blocking slice: 1[4-9](\.\d)? ms|longest blocking slice: [2-9]\d(\.\d)? ms/, 'the 15 ms busy loop is the longest blocking slice');
    await page.close();
  });

  test('keyboard: lanes and slices take focus, + zooms, Enter reveals', async () => {
    const page = await openPage(browser, pageFile, { stubVsCode: true });
    await page.focus('canvas');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.match((await page.textContent('[aria-live]')) ?? '', /^sequential\s+concurrent\.mts:9, completed/);
    await page.keyboard.press('Alt+ArrowRight');
    assert.match((await page.textContent('[aria-live]')) ?? '', /Running for/);
    const before = await page.evaluate(() => window.__covis!.x.domain());
    await page.keyboard.press('+');
    const zoomed = await page.evaluate(() => window.__covis!.x.domain());
    assert.ok(zoomed[1] - zoomed[0] < (before[1] - before[0]) * 0.8, 'zoomed in');
    await page.keyboard.press('0');
    const fitted = await page.evaluate(() => window.__covis!.x.domain());
    assert.ok(Math.abs(fitted[1] - fitted[0] - (before[1] - before[0])) < 1e-6, 'fit restores the whole trace');
    await page.keyboard.press('Enter');
    const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
    assert.ok(posted.some((m) => m.type === 'reveal'));
    await page.close();
  });

  test('wheel and drag go on from the window the keys left (d3-zoom takes the zoom shown before each gesture)', async () => {
    const page = await openPage(browser, pageFile);
    const origin = await canvasOrigin(page);
    await page.focus('canvas');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowLeft');
    const px = 700;
    const shown = await page.evaluate((x) => ({ domain: window.__covis!.x.domain(), under: window.__covis!.x.invert(x) }), px);
    // The wheel zooms around the pointer: the time under it stays there.
    await page.mouse.move(origin.left + px, origin.top + 200);
    await page.mouse.wheel(0, -100);
    await afterFrames(page);
    const wheeled = await page.evaluate((x) => ({ domain: window.__covis!.x.domain(), under: window.__covis!.x.invert(x) }), px);
    assert.ok(wheeled.domain[1] - wheeled.domain[0] < shown.domain[1] - shown.domain[0], 'zoomed in further');
    assert.ok(Math.abs(wheeled.under - shown.under) < 1e-6, `the time under the pointer stays (${shown.under} → ${wheeled.under})`);
    // A drag pans from there: what was under the pointer follows it.
    await page.mouse.down();
    await page.mouse.move(origin.left + px + 100, origin.top + 200, { steps: 5 });
    await page.mouse.up();
    await afterFrames(page);
    const dragged = await page.evaluate((t) => window.__covis!.x(t), wheeled.under);
    assert.ok(Math.abs(dragged - (px + 100)) < 0.5, `dragged 100 px to the right (${dragged})`);
    assert.deepEqual((page as unknown as { covisErrors: string[] }).covisErrors, []);
    await page.close();
  });

  test('screenshots in light and dark (standalone) and in a dark VS Code theme', async () => {
    for (const [name, options] of [
      ['view-light.png', { colorScheme: 'light' }],
      ['view-dark.png', { colorScheme: 'dark' }],
      ['view-vscode-dark.png', { stubVsCode: true, vscodeTheme: 'vscode-dark' }],
    ] as const) {
      const page = await openPage(browser, pageFile, options);
      const origin = await canvasOrigin(page);
      const point = await segmentPoint(page, 'main', 1);
      await page.mouse.move(origin.left + point.x, origin.top + point.y);
      await page.waitForSelector('.covis-tooltip:not([hidden])');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, options.colorScheme === 'light' ? 'rgb(255, 255, 255)' : name.includes('vscode') ? 'rgb(31, 31, 31)' : 'rgb(30, 30, 30)');
      await page.screenshot({ path: screenshotPath(name) });
      assert.deepEqual((page as unknown as { covisErrors: string[] }).covisErrors, []);
      await page.close();
    }
  });
});
