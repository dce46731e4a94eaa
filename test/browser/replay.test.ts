/**
 * Checkpoints, replay and call sites in real Chromium: the loop lane draws one hatched
 * checkpoint part per marked turn, the time cursor moves by keys, drag and click, the
 * "state at t" panel agrees with the model (recomputed here by a plain scan), Play advances
 * the cursor, the cursor is persisted, and the call site shows and reveals.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { AXIS_HEIGHT, LABEL_WIDTH_MAX, LANE_HEIGHT, laneY } from '../../webview/layout';
import { launch, openPage, recordFixture, recordProgram, ROOT, screenshotPath, tempDir, writePage } from './harness';

const dir = tempDir();
let browser: Browser;
let fixturePage: string;
let examplePage: string;

before(async () => {
  fixturePage = writePage(recordFixture('concurrent', dir), dir, 'concurrent');
  examplePage = writePage(recordProgram(path.join(ROOT, 'examples', 'sequential-vs-concurrent.ts'), dir, 'sequential-vs-concurrent'), dir, 'sequential-vs-concurrent');
  browser = await launch();
});
after(async () => browser?.close());

/** Two animation frames: the render after an input has run. */
const settle = (page: Page): Promise<void> => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
const cursor = (page: Page): Promise<number | undefined> => page.evaluate(() => window.__covis!.cursor);

/** Every time at which the model changes, straight from the columns. */
async function modelTimes(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const m = window.__covis!.session.model;
    const times = new Set<number>();
    for (let i = 0; i < m.segmentCount; i++) times.add(m.segments.start.data[i]).add(m.segmentEnd(i));
    for (let i = 0; i < m.turnCount; i++) times.add(m.turns.start.data[i]).add(m.turnEnd(i));
    return [...times].sort((a, b) => a - b);
  });
}

/** The expected "state at t", by a linear scan of all segments (independent of the view's binary search). */
async function expectedAt(page: Page, t: number): Promise<Record<string, number[]>> {
  // No named helpers inside: tsx would wrap them in __name(), which the page does not have.
  return page.evaluate((time) => {
    const m = window.__covis!.session.model;
    const out: Record<string, number[]> = {};
    for (const task of m.tasks) {
      if (!task || task.created > time) continue; // not created yet: counted, not listed
      if (task.outcome !== 'live' && task.ended <= time) {
        (out[task.outcome] ??= []).push(task.id);
        continue;
      }
      let state = 'unknown';
      for (let s = 0; s < m.segmentCount; s++) {
        if (m.segments.task.data[s] !== task.id) continue;
        const end = m.segments.end.data[s];
        if (m.segments.start.data[s] <= time && (Number.isNaN(end) || time < end)) state = ['running', 'suspended', 'ready'][m.segments.state.data[s]];
      }
      (out[state] ??= []).push(task.id);
    }
    return out;
  }, t);
}

/** What the "state at t" panel lists: task ids per state. */
async function shownAt(page: Page): Promise<Record<string, number[]>> {
  return page.$$eval('.covis-now li[data-state]', (items) => {
    const out: Record<string, number[]> = {};
    for (const li of items) {
      if (li.getAttribute('data-state') === 'future') continue;
      const ids = [...li.querySelectorAll('li[data-task]')].map((x) => Number(x.getAttribute('data-task')));
      if (Number(li.getAttribute('data-count')) !== ids.length) throw new Error('more tasks than listed');
      if (ids.length) out[li.getAttribute('data-state')!] = ids;
    }
    return out;
  });
}

describe('microtask checkpoints', () => {
  test('one checkpoint part per marked turn, hatched, in the tooltip, legend and brush stats', async () => {
    const page = await openPage(browser, examplePage);
    const counts = await page.evaluate(() => {
      const v = window.__covis!;
      const m = v.session.model;
      let marked = 0;
      for (let i = 0; i < m.turnCount; i++) if (!Number.isNaN(m.turns.microtasks.data[i])) marked++;
      return { marked, turns: m.turnCount, drawn: v.lastStats!.checkpoints };
    });
    assert.ok(counts.marked >= 3, 'timer turns carry marks');
    assert.equal(counts.drawn.checkpoints, counts.marked);
    // The pixel extent of each checkpoint part at full view. Two timers that expire together
    // (the concurrent half's) can be two turns a few µs apart: those share a pixel column and
    // merge, every other part is drawn on its own.
    const parts = await page.evaluate(() => {
      const v = window.__covis!;
      const m = v.session.model;
      const out: { mark: number; end: number; x0: number; x1: number }[] = [];
      for (let i = 0; i < m.turnCount; i++) {
        const mark = m.turns.microtasks.data[i];
        if (Number.isNaN(mark)) continue;
        const start = Math.min(Math.max(mark, m.turns.start.data[i]), m.turnEnd(i));
        out.push({ mark: start, end: m.turnEnd(i), x0: v.x(start), x1: v.x(m.turnEnd(i)) });
      }
      return out;
    });
    const mergesWithPrevious = (i: number): boolean => parts[i].x1 - parts[i].x0 < 1 && Math.floor(parts[i].x0) <= Math.floor(parts[i - 1].x1);
    const apart = parts.filter((_, i) => i === 0 || !mergesWithPrevious(i)).length;
    assert.equal(counts.drawn.drawn, apart, `parts in separate pixel columns are drawn separately: ${JSON.stringify(parts)}`);
    // Zoomed in on a merged pair, its two parts are drawn apart.
    const pair = parts.findIndex((_, i) => i > 0 && mergesWithPrevious(i));
    if (pair > 0) {
      const zoomed = await page.evaluate(([t0, t1]) => {
        const v = window.__covis!;
        v.setWindow(t0 - (t1 - t0) * 0.1, t1 + (t1 - t0) * 0.1);
        return new Promise<{ drawn: number; checkpoints: number }>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(v.lastStats!.checkpoints))));
      }, [parts[pair - 1].mark, parts[pair].end] as const);
      assert.ok(zoomed.checkpoints >= 2, 'both turns of the pair in view');
      assert.equal(zoomed.drawn, zoomed.checkpoints, 'zoomed in: no merging');
    }
    assert.match((await page.textContent('.covis-legend')) ?? '', /microtask checkpoint/);
    await page.close();
  });

  test('zoomed into a long checkpoint: stripes on the canvas, split durations in the tooltip', async () => {
    const page = await openPage(browser, fixturePage);
    // The fixture's 15 ms busy loop runs in a timer turn's checkpoint: the longest one.
    const turn = await page.evaluate(() => {
      const v = window.__covis!;
      const m = v.session.model;
      let best = -1;
      for (let i = 0; i < m.turnCount; i++) if (best < 0 || m.turnEnd(i) - m.turns.microtasks.data[i] > m.turnEnd(best) - m.turns.microtasks.data[best]) best = i;
      const start = m.turns.start.data[best];
      const end = m.turnEnd(best);
      v.setWindow(start - (end - start) * 0.05, end + (end - start) * 0.05);
      return { best, mark: m.turns.microtasks.data[best], end, checkpoints: m.turnCount };
    });
    await settle(page);
    const pixels = await page.evaluate(([t0, t1, y]) => {
      const v = window.__covis!;
      const ctx = document.querySelector('canvas')!.getContext('2d')!;
      const x0 = Math.ceil(v.x(t0)) + 2;
      const x1 = Math.floor(v.x(t1)) - 2;
      const row = ctx.getImageData(x0, y, x1 - x0, 1).data;
      const colours = new Set<string>();
      for (let i = 0; i < row.length; i += 4) colours.add(`${row[i]},${row[i + 1]},${row[i + 2]}`);
      return colours.size;
    }, [turn.mark, turn.end, AXIS_HEIGHT + 14] as const);
    assert.ok(pixels >= 2, `hatched: stripes and gaps (${pixels} colours)`);
    const origin = await page.evaluate(() => document.querySelector('canvas')!.getBoundingClientRect().toJSON());
    const mid = await page.evaluate(([a, b]) => window.__covis!.x((a + b) / 2), [turn.mark, turn.end] as const);
    await page.mouse.move(origin.left + mid, origin.top + AXIS_HEIGHT + 14);
    await page.waitForSelector('.covis-tooltip:not([hidden])');
    const tip = (await page.textContent('.covis-tooltip')) ?? '';
    const split = /callback [\d.]+ (?:ns|µs|ms), microtasks ([\d.]+) ms/.exec(tip);
    assert.ok(split && Number(split[1]) >= 10, `the 15 ms busy loop is in the microtasks part: ${tip}`);
    await page.close();
  });

  test('brushed statistics give the share of busy time in microtask checkpoints', async () => {
    const page = await openPage(browser, fixturePage);
    const origin = await page.evaluate(() => document.querySelector('canvas')!.getBoundingClientRect().toJSON());
    await page.mouse.move(origin.left + LABEL_WIDTH_MAX + 10, origin.top + 15);
    await page.mouse.down();
    await page.mouse.move(origin.left + 1100, origin.top + 15, { steps: 5 });
    await page.mouse.up();
    await page.waitForSelector('.covis-stats:not([hidden])');
    assert.match((await page.textContent('.covis-stats')) ?? '', /microtask checkpoints [\d.]+% of busy time/);
    await page.close();
  });
});

describe('replay cursor', () => {
  test('. and , step between event boundaries; Home/End; the state-at-t panel matches the model', async () => {
    const page = await openPage(browser, fixturePage);
    const times = await modelTimes(page);
    await page.focus('canvas');
    await page.keyboard.press('.');
    await settle(page);
    assert.equal(await cursor(page), times[0], 'first step lands on the first event');
    let previous = times[0];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('.');
      await settle(page);
      const t = (await cursor(page)) as number;
      assert.ok(t > previous && !times.some((x) => x > previous && x < t), `step ${i}: next boundary, none skipped`);
      if (i % 4 === 0) assert.deepEqual(await shownAt(page), await expectedAt(page, t), `state at ${t}`);
      previous = t;
    }
    await page.keyboard.press(',');
    await settle(page);
    assert.ok(((await cursor(page)) as number) < previous);
    await page.keyboard.press('End');
    await settle(page);
    assert.equal(await cursor(page), times[times.length - 1]);
    const end = await shownAt(page);
    assert.deepEqual(end, await expectedAt(page, times[times.length - 1]));
    assert.ok(end.failed?.length === 1 && (end.completed?.length ?? 0) > 5, 'at the end: all finished, one failed');
    await page.keyboard.press('Home');
    await settle(page);
    assert.equal(await cursor(page), await page.evaluate(() => Math.min(window.__covis!.session.model.turns.start.data[0], window.__covis!.session.model.segments.start.data[0])));
    await page.keyboard.press('Escape');
    await settle(page);
    assert.equal(await cursor(page), undefined, 'Escape hides the cursor');
    assert.ok(await page.$('.covis-now[hidden]'));
    await page.close();
  });

  test('drag the playhead, click the axis; persisted in vscode state and restored', async () => {
    const page = await openPage(browser, fixturePage, { stubVsCode: true });
    const origin = await page.evaluate(() => document.querySelector('canvas')!.getBoundingClientRect().toJSON());
    const endX = await page.evaluate(() => window.__covis!.x(window.__covis!.session.model.timeEnd));
    // Without a cursor the handle waits at the trace end.
    await page.mouse.move(origin.left + endX, origin.top + 5);
    await page.mouse.down();
    await page.mouse.move(origin.left + 600, origin.top + 5, { steps: 6 });
    await page.mouse.up();
    await settle(page);
    const dragged = (await cursor(page)) as number;
    const want = await page.evaluate(() => window.__covis!.x.invert(600));
    assert.ok(Math.abs(dragged - want) < 1e-6, `dragged to x=600 (${dragged} vs ${want})`);
    const midT = await page.evaluate(() => window.__covis!.x.invert(800));
    assert.deepEqual(await shownAt(page), await expectedAt(page, dragged));
    await page.mouse.click(origin.left + 800, origin.top + 15);
    await settle(page);
    assert.ok(Math.abs(((await cursor(page)) as number) - midT) < 1e-6, 'a click on the axis places the cursor');
    await page.waitForFunction((t) => (window as unknown as { __state?: { cursor?: number } }).__state?.cursor === t, midT);
    const saved = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    await page.close();
    const revived = await openPage(browser, fixturePage, { stubVsCode: true, vscodeState: saved });
    await revived.waitForFunction((t) => window.__covis!.cursor === t, midT);
    await revived.close();
  });

  test('Play advances the cursor and stops at the end or on Pause', async () => {
    const page = await openPage(browser, fixturePage);
    await page.focus('canvas');
    await page.keyboard.press('Home');
    const start = (await cursor(page)) as number;
    await page.selectOption('.covis-replay select', '0.1');
    await page.click('text=▶ Play');
    await page.waitForTimeout(400);
    const mid = (await cursor(page)) as number;
    assert.ok(mid > start, `advanced from ${start} to ${mid}`);
    assert.equal(await page.getAttribute('.covis-replay button[aria-pressed]', 'aria-pressed'), 'true');
    await page.click('text=❚❚ Pause');
    const paused = (await cursor(page)) as number;
    await page.waitForTimeout(200);
    assert.equal(await cursor(page), paused, 'paused: the cursor stays');
    await settle(page);
    assert.deepEqual(await shownAt(page), await expectedAt(page, paused));
    await page.selectOption('.covis-replay select', '16');
    await page.click('text=▶ Play');
    await page.waitForFunction(() => window.__covis!.cursor === window.__covis!.session.model.timeEnd, undefined, { timeout: 10_000 });
    await page.waitForSelector('text=▶ Play');
    await page.close();
  });
});

describe('call sites', () => {
  test('"created at file:line (in caller)" in the tooltip and the details panel, which reveals it', async () => {
    const page = await openPage(browser, fixturePage, { stubVsCode: true });
    const target = await page.evaluate(() => {
      const v = window.__covis!;
      const task = v.session.model.tasks.find((t) => t?.name === 'fetchUser')!;
      return { row: v.rows.rowOf[task.id], id: task.id };
    });
    const origin = await page.evaluate(() => document.querySelector('canvas')!.getBoundingClientRect().toJSON());
    await page.mouse.click(origin.left + 120, origin.top + laneY(target.row, 0) + LANE_HEIGHT / 2);
    await page.waitForSelector('.covis-details:not([hidden])');
    const link = await page.textContent('.covis-details .covis-call-site');
    assert.equal(link, 'created at concurrent.mts:10 (in sequential)');
    await page.evaluate(() => ((window as unknown as { __posted: unknown[] }).__posted.length = 0));
    await page.click('.covis-details .covis-call-site');
    const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string; file: string; line: number; column: number }[] }).__posted);
    assert.equal(posted.length, 1);
    assert.equal(posted[0].type, 'reveal');
    assert.match(posted[0].file, /fixtures\/concurrent\.mts$/);
    assert.equal(posted[0].line, 10);
    assert.ok(posted[0].column > 1);
    await page.close();
  });
});

describe('narrow panel and screenshots', () => {
  test('a 420 px panel: toolbar wraps, the status keeps its own room (ellipsis, full text in its title)', async () => {
    const page = await openPage(browser, fixturePage, { width: 420, height: 600 });
    const box = await page.evaluate(() => {
      const bar = document.querySelector<HTMLElement>('.covis-toolbar')!;
      const status = document.querySelector<HTMLElement>('.covis-status')!;
      const r = status.getBoundingClientRect();
      return { overflow: bar.scrollWidth - bar.clientWidth, left: r.left, right: r.right, width: r.width, title: status.title, text: status.textContent };
    });
    assert.ok(box.overflow <= 0, 'nothing sticks out of the toolbar');
    assert.ok(box.right <= 420 && box.width >= 120, `status visible and at least 120 px wide (${box.width})`);
    assert.equal(box.title, box.text);
    await page.screenshot({ path: screenshotPath('replay-narrow.png') });
    await page.close();
  });

  test('screenshots with the cursor in a checkpoint: light, dark, VS Code dark', async () => {
    for (const [name, options] of [
      ['replay-light.png', { colorScheme: 'light' }],
      ['replay-dark.png', { colorScheme: 'dark' }],
      ['replay-vscode-dark.png', { stubVsCode: true, vscodeTheme: 'vscode-dark' }],
    ] as const) {
      const page = await openPage(browser, fixturePage, options);
      await page.evaluate(() => {
        const v = window.__covis!;
        const m = v.session.model;
        // The turn whose checkpoint holds the 15 ms busy loop, with the cursor a third into it.
        let best = 0;
        for (let i = 0; i < m.turnCount; i++) if (m.turnEnd(i) - m.turns.start.data[i] > m.turnEnd(best) - m.turns.start.data[best]) best = i;
        const start = m.turns.start.data[best];
        const end = m.turnEnd(best);
        v.setWindow(start - (end - start) * 0.3, end + (end - start) * 0.3);
        v.setCursor(start + (end - start) / 3);
      });
      await settle(page);
      await page.screenshot({ path: screenshotPath(name) });
      assert.deepEqual((page as unknown as { covisErrors: string[] }).covisErrors, []);
      await page.close();
    }
  });
});
