/**
 * `covis view trace.covis --html out.html` end to end: the built CLI writes the page from a
 * recorded trace, the page references nothing outside itself, and in headless Chromium, with
 * every request but the page's own refused, it asks for nothing and draws the lanes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { afterFrames, launch, recordFixture, runCli, screenshotPath, tempDir } from './harness';

const dir = tempDir();
const trace = path.join(dir, 'concurrent.covis');
const html = path.join(dir, 'concurrent view.html');
let browser: Browser;

before(async () => {
  recordFixture('concurrent', dir);
  browser = await launch();
});
after(async () => browser?.close());

/** The markup with the inline script and style bodies cut out (the bundle holds URLs as plain strings, e.g. SVG namespaces). */
function markupOnly(page: string): string {
  return page.replace(/(<(script|style)\b[^>]*>)[\s\S]*?(<\/\2>)/gi, '$1$3');
}

describe('covis view --html', () => {
  test('writes one self-contained page: no external src/href, no stylesheet link, no remote url()', async () => {
    const result = await runCli(['view', trace, '--html', html]);
    assert.equal(result.status, 0, `covis view exited with ${result.status}:\n${result.stderr}`);
    assert.match(result.stderr, /wrote .*concurrent view\.html/);
    const page = fs.readFileSync(html, 'utf8');
    const markup = markupOnly(page);
    assert.match(markup, /<script id="covis-trace" type="application\/octet-stream"/, 'the trace is embedded');
    // Anywhere, inline code included: an attribute or CSS url() pointing off the page.
    assert.deepEqual(page.match(/\b(?:src|href|srcset|action|poster)\s*=\s*["']?\s*(?:https?:)?\/\/[^"'\s>]*/gi) ?? [], []);
    assert.deepEqual(page.match(/url\(\s*["']?\s*(?:https?:)?\/\/[^)]*\)/gi) ?? [], []);
    assert.deepEqual(page.match(/@import\b[^;]*/gi) ?? [], []);
    // In the markup: no element that loads anything, and no src/href at all.
    assert.deepEqual(markup.match(/<(?:link|img|iframe|object|embed|video|audio|source)\b[^>]*>/gi) ?? [], []);
    assert.deepEqual(markup.match(/<[^>]*\s(?:src|href)\s*=[^>]*>/gi) ?? [], []);
    assert.deepEqual(markup.match(/https?:\/\/[^"'\s<>]*/gi) ?? [], []);
  });

  test('in Chromium with every other request refused: none is attempted, the lanes render', async () => {
    if (!fs.existsSync(html)) assert.equal((await runCli(['view', trace, '--html', html])).status, 0);
    const own = pathToFileURL(html).href;
    const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    const requested: string[] = [];
    const refused: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // The page's CSP (default-src 'none') stops a load before it becomes a request: count those too.
    await page.addInitScript(() => {
      const blocked: string[] = [];
      (window as unknown as { __blocked: string[] }).__blocked = blocked;
      document.addEventListener('securitypolicyviolation', (event) => blocked.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.route('**/*', (route) => {
      if (route.request().url() === own) return route.continue();
      refused.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    await page.goto(own);
    await page.waitForFunction(() => (window.__covis?.renders ?? 0) > 0 || !document.querySelector('.covis-message')?.hasAttribute('hidden'));
    await afterFrames(page);
    const shown = await page.evaluate(() => {
      const v = window.__covis!;
      const message = document.querySelector('.covis-message')!;
      return {
        message: message.hasAttribute('hidden') ? '' : message.textContent,
        rows: v.rows.count,
        tasks: v.session.model.tasks.filter(Boolean).length,
        stats: v.lastStats,
        resources: performance.getEntriesByType('resource').map((e) => e.name),
        blocked: (window as unknown as { __blocked: string[] }).__blocked,
        loaders: document.querySelectorAll('[src], [href], link, img, iframe, object, embed').length,
      };
    });
    assert.deepEqual(requested, [own], 'the page itself is the only request');
    assert.deepEqual(refused, []);
    assert.deepEqual(shown.resources, []);
    assert.deepEqual(shown.blocked, [], 'no load was attempted and stopped by the page\'s CSP either');
    assert.equal(shown.loaders, 0);
    assert.equal(shown.message, '');
    assert.ok(shown.tasks > 5, `the trace holds the fixture's tasks (${shown.tasks})`);
    assert.equal(shown.rows, shown.tasks);
    assert.ok(shown.stats, 'the canvas was drawn');
    assert.equal(shown.stats.lanes, shown.tasks, 'every lane drawn (all fit in 700 px)');
    assert.ok(shown.stats.drawn > 0);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: screenshotPath('view-command.png') });
    await page.close();
  });
});
