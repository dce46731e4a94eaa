// UI tests against the code-server workbench, as a person would use it: the command palette
// runs the file, the panel shows lanes (inside the webview iframes), hovering a function
// shows its state. Screenshots go to test-results/ for a human to look at.
import { join } from 'node:path';

const PALETTE_INPUT = '.quick-input-widget input';

/**
 * Opens the command palette and types into it. The workbench sometimes marks the palette inert
 * for a moment (a dialog or notification settling, seen once in CI): retry a few times,
 * dismissing whatever holds the focus, instead of failing on the first attempt.
 */
async function openPaletteWith(page, text) {
  const input = page.locator(PALETTE_INPUT);
  let lastError;
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(text, { timeout: 5000 });
      return;
    } catch (error) {
      lastError = error;
      await page.keyboard.press('Escape');
      const dialogButton = page.locator('.monaco-dialog-box button', { hasText: /Don't Save|Cancel|OK/ }).first();
      if (await dialogButton.isVisible().catch(() => false)) await dialogButton.click().catch(() => undefined);
      await page.waitForTimeout(500);
    }
  }
  throw lastError;
}

async function palette(page, text) {
  await openPaletteWith(page, `>${text}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

/** Quick Open through the palette (without its ">" it searches files): Ctrl+P is the browser's. */
async function quickOpen(page, file) {
  await openPaletteWith(page, file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: file }).first().waitFor({ timeout: 10000 });
}

/** Reloads the window and brings the restored panel forward (it may sit behind an editor in its group). */
async function reloadWindow(page) {
  await page.reload();
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  const panelTab = page.locator('.tab', { hasText: 'Coroutines' }).first();
  await panelTab.waitFor({ timeout: 60000 });
  await panelTab.click();
}

/** The swimlane webview's document: VS Code nests it in two iframes. */
function webview(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export async function runUiTests(page, { shotsDir }) {
  const results = [];
  const test = async (title, body) => {
    const started = Date.now();
    try {
      await body();
      results.push({ title: `ui: ${title}`, state: 'passed', durationMs: Date.now() - started });
    } catch (error) {
      results.push({ title: `ui: ${title}`, state: 'failed', error: String(error?.stack ?? error) });
      await page.screenshot({ path: join(shotsDir, `ui-failure-${results.length}.png`) }).catch(() => undefined);
    }
  };

  await test('runs the current file from the command palette and shows lanes', async () => {
    await palette(page, 'Notifications: Clear All Notifications');
    await palette(page, 'View: Close All Editors');
    await palette(page, 'View: Close Secondary Side Bar').catch(() => page.keyboard.press('Escape'));
    // Editors the suite left dirty ask before closing; their changes are test leftovers.
    const dontSave = page.locator('.monaco-dialog-box button', { hasText: "Don't Save" });
    for (let i = 0; i < 5 && (await dontSave.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false)); i++) await dontSave.click();
    await quickOpen(page, 'concurrent.ts');
    await palette(page, 'Coroutine Visualizer: Run and Visualize Current File');
    const view = webview(page);
    await view.locator('.covis-chart canvas').waitFor({ state: 'visible', timeout: 30000 });
    // The status line turns to "exited…" once the program ended and the panel has every byte.
    await view.locator('.covis-status', { hasText: /exited|ended/ }).waitFor({ timeout: 30000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shotsDir, 'ui-panel.png') });
    await view.locator('button', { hasText: 'Table view' }).click();
    const table = view.locator('.covis-table');
    await table.waitFor({ state: 'visible', timeout: 5000 });
    const text = await table.innerText();
    for (const name of ['main', 'fetchUser']) if (!text.includes(name)) throw new Error(`table view lacks ${name}: ${text.slice(0, 300)}`);
    await page.screenshot({ path: join(shotsDir, 'ui-table.png') });
    await view.locator('button', { hasText: 'Table view' }).click();
  });

  await test('hovering a function shows its state from the last run', async () => {
    await palette(page, 'View: Focus First Editor Group');
    await quickOpen(page, 'concurrent.ts');
    const name = page.locator('.monaco-editor .view-line span', { hasText: /^fetchUser$/ }).first();
    await name.waitFor({ timeout: 10000 });
    const hover = page.locator('.monaco-hover', { hasText: 'instances' });
    for (let attempt = 0; attempt < 3; attempt++) {
      await name.hover();
      if (await hover.isVisible().catch(() => false)) break;
      await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
      if (await hover.isVisible()) break;
      await page.mouse.move(5, 5);
    }
    const text = await hover.innerText();
    if (!/2 instances: 2 completed/.test(text)) throw new Error(`hover says: ${text}`);
    if (!/completed in/.test(text)) throw new Error(`hover lacks per-instance state: ${text}`);
    await page.screenshot({ path: join(shotsDir, 'ui-hover.png') });
  });

  await test('Save Trace As… then a reload brings the panel back with that trace (serializer)', async () => {
    await palette(page, 'Coroutine Visualizer: Save Trace As…');
    // code-server's simple file dialog: a quick input prefilled with the suggested path.
    const input = page.locator(PALETTE_INPUT);
    await input.waitFor({ state: 'visible', timeout: 10000 });
    let value = '';
    for (let i = 0; i < 50 && !value.endsWith('.covis'); i++) {
      await page.waitForTimeout(200);
      value = await input.inputValue();
    }
    if (!value.endsWith('concurrent.covis')) throw new Error(`save dialog suggests ${value}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
    await reloadWindow(page);
    const view = webview(page);
    await view.locator('.covis-chart canvas').waitFor({ state: 'visible', timeout: 60000 });
    await view.locator('.covis-title', { hasText: 'concurrent.covis' }).waitFor({ timeout: 90000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shotsDir, 'ui-restored.png') });
  });

  await test('a run that was never saved comes back after a reload (kept last run)', async () => {
    await palette(page, 'View: Focus First Editor Group');
    await quickOpen(page, 'concurrent.ts');
    await palette(page, 'Coroutine Visualizer: Run and Visualize Current File');
    const view = webview(page);
    await view.locator('.covis-title', { hasText: 'concurrent.ts' }).waitFor({ timeout: 30000 });
    await view.locator('.covis-status', { hasText: /exited|ended/ }).waitFor({ timeout: 30000 });
    await page.waitForTimeout(1000);
    await reloadWindow(page);
    await webview(page).locator('.covis-title', { hasText: 'concurrent.ts (last run)' }).waitFor({ timeout: 90000 });
    await webview(page).locator('.covis-chart canvas').waitFor({ state: 'visible', timeout: 30000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shotsDir, 'ui-restored-last-run.png') });
  });

  await test('Insert Pattern… lists the patterns with their descriptions and inserts the chosen one', async () => {
    await palette(page, 'View: Focus First Editor Group');
    await quickOpen(page, 'concurrent.ts');
    await page.locator('.monaco-editor .view-line').first().click();
    await page.keyboard.press('Control+End');
    await palette(page, 'Coroutine Visualizer: Insert Pattern…');
    const input = page.locator(PALETTE_INPUT);
    await input.waitFor({ state: 'visible', timeout: 10000 });
    // The palette's own row lingers until the picker replaces it: wait for the picker's title.
    await page.locator('.quick-input-title', { hasText: 'Insert a coroutine pattern' }).waitFor({ timeout: 10000 });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    let shown = 0;
    for (let i = 0; i < 50 && shown < 8; i++) {
      await page.waitForTimeout(100);
      shown = await rows.count();
    }
    if (shown < 8) throw new Error(`the picker shows only ${shown} patterns`);
    await input.fill('co-producer-consumer');
    const row = rows.filter({ hasText: 'co-producer-consumer' }).first();
    await row.waitFor({ timeout: 10000 });
    const text = await row.innerText();
    if (!/Producer-consumer/.test(text) || !/queue/i.test(text)) throw new Error(`picker row lacks its name or description: ${text}`);
    await page.screenshot({ path: join(shotsDir, 'ui-insert-pattern.png') });
    await page.keyboard.press('Enter');
    // Inserted at the end: the editor is dirty and the cursor sits in the snippet's class.
    await page.locator('.tab.active.dirty', { hasText: 'concurrent.ts' }).waitFor({ timeout: 10000 });
    await page.locator('.breadcrumbs-control', { hasText: 'AsyncQueue' }).waitFor({ timeout: 20000 });
    await page.keyboard.press('Escape');
    // Leave the fixture as it was on disk (it was never saved).
    await palette(page, 'File: Revert File');
  });

  await test('a program with a worker thread: the worker is a row of its own under the main thread', async () => {
    await palette(page, 'View: Close All Editors');
    await quickOpen(page, 'threads.ts');
    await palette(page, 'Coroutine Visualizer: Run and Visualize Current File');
    const view = webview(page);
    await view.locator('.covis-status', { hasText: /exited|ended/ }).waitFor({ timeout: 30000 });
    await view.locator('.covis-status', { hasText: /2 threads\/processes/ }).waitFor({ timeout: 10000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shotsDir, 'ui-threads.png') });
  });

  await test('findings: listed in the panel, in the Problems panel, and the Promise.all quick fix on offer', async () => {
    await palette(page, 'View: Close All Editors');
    await quickOpen(page, 'findings.ts');
    await palette(page, 'Coroutine Visualizer: Run and Visualize Current File');
    const view = webview(page);
    await view.locator('.covis-status', { hasText: /exited|ended/ }).waitFor({ timeout: 30000 });
    await view.locator('.covis-finding').nth(1).waitFor({ timeout: 30000 });
    const rules = await view.locator('.covis-finding').evaluateAll((items) => items.map((item) => item.getAttribute('data-rule')));
    if (rules.join() !== 'covis/sequential-awaits,covis/loop-blocked') throw new Error(`the panel lists ${rules.join()}`);
    await view.locator('.covis-finding[data-rule="covis/loop-blocked"] .covis-finding-main').click();
    await view.locator('.covis-details h3', { hasText: 'crunch' }).waitFor({ timeout: 10000 });
    await palette(page, 'Problems: Focus on Problems View');
    const problems = page.locator('.markers-panel');
    for (const text of ['crunch held the thread', 'are awaited one after the other']) {
      await problems.locator('.monaco-list-row', { hasText: text }).first().waitFor({ timeout: 10000 });
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(shotsDir, 'ui-findings.png') });
    // The quick fix menu on the first await's line (looked at, not applied).
    await palette(page, 'View: Focus First Editor Group');
    await openPaletteWith(page, ':17:16');
    await page.keyboard.press('Enter');
    await palette(page, 'Quick Fix...');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Run both at once with Promise.all' });
    await fix.first().waitFor({ timeout: 10000 });
    await page.screenshot({ path: join(shotsDir, 'ui-quick-fix.png') });
    await page.keyboard.press('Escape');
  });

  return results;
}
