/**
 * The findings list beside the lanes, in headless Chromium, on a recorded program that has three
 * (fixtures/findings.mts: a pair of sequential awaits, a task blocking the loop, a chain waiting
 * at exit): `covis view --html` embeds them and the page lists them; choosing one selects its
 * main task's lane, tints the other tasks' lanes, keeps them visible and zooms to its moment;
 * inside VS Code the list comes from the host and "source" asks the host to open the line.
 * Plus the pure part (webview/findings.ts) in Node: the time span each finding is about.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Finding } from '../../protocol/findings';
import { decodeTrace } from '../../protocol/frames';
import { buildModel } from '../../protocol/model';
import { traceFindings, renderStandaloneHtml } from '../../runtime/viewCommand';
import { findingSpan, findingsHeading } from '../../webview/findings';
import { SegmentIndex } from '../../webview/lanes';
import { laneY } from '../../webview/layout';
import { afterFrames, launch, openPage, recordFixture, ROOT, runCli, screenshotPath, tempDir } from './harness';

const dir = tempDir();
const FIXTURE = path.join(__dirname, 'fixtures', 'findings.mts');
let browser: Browser;
let bytes: Uint8Array;
let findings: Finding[];

before(async () => {
  bytes = recordFixture('findings', dir);
  findings = traceFindings(bytes) ?? [];
  browser = await launch();
});
after(async () => browser?.close());

const lineOf = (text: string): number => fs.readFileSync(FIXTURE, 'utf8').split('\n').findIndex((line) => line.includes(text)) + 1;
const byRule = (rule: string): Finding => {
  const found = findings.find((f) => f.ruleId === rule);
  assert.ok(found, `a ${rule} finding among ${findings.map((f) => f.ruleId).join(', ')}`);
  return found;
};

interface Entry {
  rule: string;
  severity: string;
  text: string;
}

async function entries(page: Page): Promise<Entry[]> {
  return page.locator('.covis-finding').evaluateAll((items) =>
    items.map((item) => ({ rule: item.getAttribute('data-rule') ?? '', severity: item.getAttribute('data-severity') ?? '', text: (item as HTMLElement).innerText })),
  );
}

/**
 * The colour of a task lane's top margin (above any bar) over 80 px near the right edge, the
 * most frequent one (a grid line is one pixel): the lane's background, tinted when the lane is
 * selected or highlighted.
 */
async function laneColour(page: Page, task: number): Promise<string> {
  const at = await page.evaluate((id) => {
    const v = window.__covis!;
    return { row: v.rows.rowOf[id], scrollY: v.view.scrollY, x: v.view.width - 100 };
  }, task);
  assert.ok(at.row >= 0, `task ${task} has a lane`);
  const y = laneY(at.row, at.scrollY) + 1;
  return page.evaluate(([px, py]) => {
    const canvas = document.querySelector('canvas')!;
    const dpr = canvas.width / canvas.getBoundingClientRect().width;
    const data = canvas.getContext('2d')!.getImageData(Math.round(px * dpr), Math.round(py * dpr), Math.round(80 * dpr), 1).data;
    const counts = new Map<string, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = `${data[i]},${data[i + 1]},${data[i + 2]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0][0];
  }, [at.x, y]);
}

describe('findings of a run', () => {
  test('the fixture has the three findings the list is tested with', () => {
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.line]),
      [
        ['covis/sequential-awaits', lineOf('const user = await fetchUser(id)')],
        ['covis/loop-blocked', lineOf('await sleep(15)')],
        ['covis/waiting-at-exit', lineOf('await new Promise<void>(() => undefined)')],
      ],
    );
    const model = buildModel(decodeTrace(bytes).frames);
    assert.equal(model.tasks[byRule('covis/loop-blocked').tasks[0]]?.name, 'crunch');
    assert.deepEqual(byRule('covis/waiting-at-exit').tasks.map((id) => model.tasks[id]?.name), ['neverSettles', 'waitsForever']);
  });

  test('the span each finding is about: the blocking slice, the two waits, the wait that never ended', () => {
    const model = buildModel(decodeTrace(bytes).frames);
    const index = new SegmentIndex(model);
    index.update();
    const blocked = byRule('covis/loop-blocked');
    const [b0, b1] = findingSpan(model, index, blocked)!;
    assert.ok(Math.abs(b1 - b0 - (blocked.data as { maxMs: number }).maxMs) < 0.5, `span ${b1 - b0} ms is the ${(blocked.data as { maxMs: number }).maxMs} ms slice`);
    const pair = byRule('covis/sequential-awaits');
    const [p0, p1] = findingSpan(model, index, pair)!;
    // fetchUser waits 40 ms, then fetchOrders 60 ms: the span covers both.
    assert.ok(p1 - p0 >= 95 && p1 - p0 < 200, `the two waits take ${p1 - p0} ms`);
    const profile = model.tasks[pair.tasks[0]]!;
    assert.ok(p0 >= profile.created && p1 <= profile.ended + 1e-6, 'inside the life of the task that awaited them');
    const [w0, w1] = findingSpan(model, index, byRule('covis/waiting-at-exit'))!;
    assert.equal(w1, model.timeEnd);
    assert.ok(w0 <= w1 && w0 >= model.tasks[byRule('covis/waiting-at-exit').tasks[0]]!.created);
  });

  test('covis view --html lists them: severity, rule, file:line, message, with a count', async () => {
    const trace = path.join(dir, 'findings.covis');
    const html = path.join(dir, 'findings-view.html');
    const result = await runCli(['view', trace, '--html', html]);
    assert.equal(result.status, 0, result.stderr);
    const page = await openPage(browser, html);
    await afterFrames(page);
    const listed = await entries(page);
    assert.deepEqual(listed.map((e) => [e.rule, e.severity]), findings.map((f) => [f.ruleId, f.severity]));
    assert.deepEqual(listed.map((e) => e.rule), ['covis/sequential-awaits', 'covis/loop-blocked', 'covis/waiting-at-exit']);
    listed.forEach((entry, i) => {
      assert.ok(entry.text.includes(`findings.mts:${findings[i].line}`), entry.text);
      assert.ok(entry.text.includes(findings[i].ruleId.replace('covis/', '')), entry.text);
    });
    assert.equal(await page.locator('.covis-findings summary').innerText(), 'Findings (3: 2 warnings, 1 note)');
    assert.equal(findingsHeading(findings), 'Findings (3: 2 warnings, 1 note)');
    assert.match(await page.locator('.covis-status').innerText(), /3 findings/);
    // Outside VS Code there is no editor to open: no "source" buttons.
    assert.equal(await page.locator('.covis-finding-open').count(), 0);
    assert.deepEqual((page as unknown as { covisErrors: string[] }).covisErrors, []);
    await page.close();
  });

  test('choosing the loop-blocked finding selects crunch, tints heartbeat, and zooms to the blocking slice', async () => {
    const file = path.join(dir, 'findings.html');
    fs.writeFileSync(file, renderStandaloneHtml(bytes, { distDir: path.join(ROOT, 'dist'), title: 'findings.mts', findings }));
    const page = await openPage(browser, file);
    await afterFrames(page);
    const blocked = byRule('covis/loop-blocked');
    const [crunch, heartbeat] = blocked.tasks;
    const fetchUser = await page.evaluate(() => window.__covis!.session.model.tasks.find((t) => t?.name === 'fetchUser')!.id);
    const before = { heartbeat: await laneColour(page, heartbeat), fetchUser: await laneColour(page, fetchUser) };
    await page.locator('.covis-finding[data-rule="covis/loop-blocked"] .covis-finding-main').click();
    await afterFrames(page);
    const state = await page.evaluate(() => {
      const v = window.__covis!;
      return { selected: v.selectedTask, focusRow: v.focusRow, domain: v.x.domain(), timeEnd: v.session.model.timeEnd, rowOf: [...v.rows.rowOf] };
    });
    assert.equal(state.selected, crunch);
    assert.equal(state.focusRow, state.rowOf[crunch], 'the lane of crunch has the focus');
    assert.equal(await page.locator('.covis-details h3').innerText().then((t) => t.split(/\s/)[0]), 'crunch');
    assert.equal(await page.locator('.covis-finding-selected').getAttribute('data-rule'), 'covis/loop-blocked');
    // The window shows the blocking slice, zoomed in from the whole trace.
    const model = buildModel(decodeTrace(bytes).frames);
    const index = new SegmentIndex(model);
    index.update();
    const [s0, s1] = findingSpan(model, index, blocked)!;
    assert.ok(state.domain[0] <= s0 && state.domain[1] >= s1, `window ${state.domain} shows the slice ${s0}–${s1}`);
    assert.ok(state.domain[1] - state.domain[0] < 0.8 * state.timeEnd, 'zoomed in');
    // heartbeat's lane takes the selection tint; an uninvolved lane keeps its colour.
    const afterClick = { heartbeat: await laneColour(page, heartbeat), fetchUser: await laneColour(page, fetchUser) };
    assert.notEqual(afterClick.heartbeat, before.heartbeat, 'heartbeat lane tinted');
    assert.equal(afterClick.fetchUser, before.fetchUser, 'fetchUser lane unchanged');
    await page.screenshot({ path: screenshotPath('findings-list.png') });
    // Selecting another task elsewhere ends the finding's highlight.
    await page.evaluate((id) => window.__covis!.selectTask(id), fetchUser);
    await afterFrames(page);
    assert.equal(await page.locator('.covis-finding-selected').count(), 0);
    assert.equal(await laneColour(page, heartbeat), before.heartbeat);
    await page.close();
  });

  test('a finding whose tasks a filter hides: choosing it clears the filter and shows their lanes', async () => {
    const file = path.join(dir, 'findings.html');
    const page = await openPage(browser, file);
    await page.locator('.covis-search').fill('fetch');
    await afterFrames(page);
    const waiting = byRule('covis/waiting-at-exit');
    assert.ok(await page.evaluate((ids) => ids.every((id) => window.__covis!.rows.rowOf[id] < 0), waiting.tasks), 'hidden by the filter');
    await page.locator('.covis-finding[data-rule="covis/waiting-at-exit"] .covis-finding-main').click();
    await afterFrames(page);
    assert.equal(await page.locator('.covis-search').inputValue(), '');
    const rows = await page.evaluate((ids) => ids.map((id) => window.__covis!.rows.rowOf[id]), waiting.tasks);
    assert.ok(rows.every((row) => row >= 0), `lanes shown: rows ${rows}`);
    assert.equal(await page.evaluate(() => window.__covis!.selectedTask), waiting.tasks[0]);
    await page.close();
  });

  test('inside VS Code: the host sends the list, "source" asks it to open the line, a Reset clears it', async () => {
    const file = path.join(dir, 'findings-host.html');
    fs.writeFileSync(file, renderStandaloneHtml(bytes, { distDir: path.join(ROOT, 'dist'), title: 'findings.mts' }));
    const page = await openPage(browser, file, { stubVsCode: true, vscodeTheme: 'vscode-dark' });
    await page.waitForFunction(() => window.__covis!.session.model.eventCount > 0);
    assert.equal(await page.locator('.covis-findings').isHidden(), true, 'no list before the host sends one');
    await page.evaluate((list) => window.postMessage({ type: 'findings', findings: list }, '*'), findings);
    await page.locator('.covis-finding').nth(2).waitFor();
    assert.equal(await page.locator('.covis-finding').count(), 3);
    await page.evaluate(() => ((window as unknown as { __posted: unknown[] }).__posted.length = 0));
    await page.locator('.covis-finding[data-rule="covis/loop-blocked"] .covis-finding-main').click();
    await page.locator('.covis-finding[data-rule="covis/loop-blocked"] .covis-finding-open').click();
    const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
    const blocked = byRule('covis/loop-blocked');
    assert.deepEqual(posted, [
      { type: 'taskSelected', taskId: blocked.tasks[0] },
      { type: 'reveal', file: blocked.file, line: blocked.line, column: blocked.column },
    ]);
    await afterFrames(page);
    await page.screenshot({ path: screenshotPath('findings-vscode-dark.png') });
    await page.evaluate(() => window.postMessage({ type: 'reset', title: 'next run', live: true }, '*'));
    await afterFrames(page);
    assert.equal(await page.locator('.covis-findings').isHidden(), true, 'a new trace has no findings yet');
    await page.close();
  });
});
