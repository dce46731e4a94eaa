/**
 * A trace recorded with --sample in the standalone page: the legend gains "Sampled", and a task
 * whose waits were thinned shows its sampled stretch (drawn, described on hover) with the
 * recorded waits as suspended slices in it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { SegmentState } from '../../protocol/model';
import { LANE_HEIGHT, laneY } from '../../webview/layout';
import { ensureBuilt, launch, openPage, screenshotPath, tempDir, writePage } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');
const dir = tempDir();
let browser: Browser;
let sampledPage: string;
let fullPage: string;

function record(sample: string[], name: string): string {
  ensureBuilt();
  const out = path.join(dir, `${name}.covis`);
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'record', '-q', ...sample, '-o', out, '--', path.join(ROOT, 'test/runtime/fixtures/sampled.js')], { cwd: ROOT, stdio: 'ignore' });
  return writePage(fs.readFileSync(out), dir, name);
}

before(async () => {
  sampledPage = record(['--sample', '10'], 'sampled');
  fullPage = record([], 'full');
  browser = await launch();
});
after(async () => browser?.close());

test('the legend says "Sampled" only for a sampled trace', async () => {
  const legendOf = async (file: string) => {
    const page = await openPage(browser, file);
    const text = await page.$eval('.covis-legend', (el) => el.textContent ?? '');
    await page.close();
    return text;
  };
  assert.match(await legendOf(sampledPage), /Sampled/);
  assert.doesNotMatch(await legendOf(fullPage), /Sampled/);
});

test('a thinned task shows sampled stretches with its recorded waits inside, and says so on hover', async () => {
  const page = await openPage(browser, sampledPage);
  const found = await page.evaluate((sampledState) => {
    const v = window.__covis!;
    const m = v.session.model;
    const main = m.tasks.find((t) => t?.name === 'main')!;
    let best = -1;
    let width = 0;
    for (const seg of v.index.of(main.id)) {
      if (m.segments.state.data[seg] !== sampledState) continue;
      const w = v.x(m.segmentEnd(seg)) - v.x(m.segments.start.data[seg]);
      if (w > width) [best, width] = [seg, w];
    }
    const x = (v.x(m.segments.start.data[best]) + v.x(m.segmentEnd(best))) / 2;
    return { row: v.rows.rowOf[main.id], scrollY: v.view.scrollY, x, width, sampledFrom: main.sampledFrom };
  }, SegmentState.Sampled as number);
  assert.ok(Number.isFinite(found.sampledFrom));
  assert.ok(found.width > 4, `the widest sampled stretch of main is ${found.width} px`);
  const canvas = await page.$eval('canvas', (c) => {
    const r = c.getBoundingClientRect();
    return { left: r.left, top: r.top };
  });
  await page.mouse.move(canvas.left + found.x, canvas.top + laneY(found.row, found.scrollY) + LANE_HEIGHT / 2);
  const tooltip = page.locator('.covis-tooltip');
  await tooltip.waitFor({ state: 'visible', timeout: 5000 });
  const text = await tooltip.innerText();
  assert.match(text, /Sampled/);
  assert.match(text, /left out by sampled recording/);
  await page.screenshot({ path: screenshotPath('sampled-hover.png') });
  await page.close();
});
