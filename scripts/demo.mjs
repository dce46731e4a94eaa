// The main job, end to end: record an example program under the shim, draw its swimlanes in
// the terminal, write the standalone HTML view and (with Chromium present) a screenshot of it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'demo-output');
mkdirSync(out, { recursive: true });
const example = ['examples/sequential-vs-concurrent.ts', 'examples/say-after.ts'].map((p) => join(root, p)).find(existsSync);
if (!example) throw new Error('no example program found under examples/');
const cli = (...args) => execFileSync(process.execPath, [join(root, 'dist/cli.js'), ...args], { stdio: 'inherit' });

const trace = join(out, 'demo.covis');
console.log(`Recording ${example} ...`);
cli('record', '-o', trace, '--', example);
console.log('\nSwimlanes:');
cli('lanes', trace);
const html = join(out, 'demo.html');
cli('view', trace, '--html', html);
console.log(`\nStandalone view: ${html}`);
if (existsSync('/usr/bin/chromium')) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`file://${html}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, 'demo.png') });
  await browser.close();
  console.log(`Screenshot: ${join(out, 'demo.png')}`);
}
