// Webview benchmark in headless Chromium: a synthetic 1,000,000-event / 100,000-task trace.
// Measures: first complete render after the data arrives, zoom/pan render time per frame, JS
// heap, live mode at 100,000 events/s, and the same trace (Chrome-trace export) in speedscope.
// Writes bench/webview/RESULTS.md. Usage: node bench/webview/run.mjs [--skip-speedscope]
import { execFileSync } from 'node:child_process';
/* global window, document, KeyboardEvent, WheelEvent, requestAnimationFrame, covisSynth -- page.evaluate bodies run in the browser */
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'covis-bench-'));
const skipSpeedscope = process.argv.includes('--skip-speedscope');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
// The generator runs inside the page (no 25 MB hop through the driver), and in Node for the files.
await esbuild.build({ entryPoints: [path.join(here, 'synth.ts')], bundle: true, format: 'iife', globalName: 'covisSynth', outfile: path.join(tmp, 'synth.js'), platform: 'browser' });
await esbuild.build({ entryPoints: [path.join(here, 'entry.ts')], bundle: true, format: 'cjs', outfile: path.join(tmp, 'entry.cjs'), platform: 'node' });
const lib = createRequire(import.meta.url)(path.join(tmp, 'entry.cjs'));
const synthSource = `${fs.readFileSync(path.join(tmp, 'synth.js'), 'utf8')}\nwindow.covisSynth = covisSynth;`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))] : NaN;
};
const ms = (x) => `${x.toFixed(1)} ms`;

const { bytes, events, tasks } = lib.synthTrace();
const emptyPage = path.join(tmp, 'page.html');
fs.writeFileSync(emptyPage, lib.renderStandaloneHtml(new Uint8Array(0), { distDir: path.join(root, 'dist'), title: 'bench' }).replace(/<script id="covis-trace"[^]*?<\/script>/, ''));
// A host stub: the page waits for Reset/Append messages as inside VS Code.
const stub = `window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
const results = { events, tasks, bytes: bytes.length };

async function newPage() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(stub);
  await page.addInitScript(synthSource);
  await page.goto(`file://${emptyPage}`);
  return page;
}

// 1. First render, zoom/pan frames, heap.
{
  const page = await newPage();
  results.firstRender = await page.evaluate(async () => {
    const { bytes } = covisSynth.synthTrace();
    const v = window.__covis;
    const done = new Promise((resolve) => (v.onRender = () => v.session.model.eventCount > 0 && resolve(undefined)));
    const t0 = performance.now();
    window.postMessage({ type: 'reset', bytes }, '*');
    await done;
    v.onRender = undefined;
    return { total: performance.now() - t0, drawOnly: v.lastRenderMs, lanes: v.rows.count, segments: v.session.model.segmentCount };
  });
  // No named helpers in evaluate bodies: keep them plain for any bundler.
  results.zoomPan = await page.evaluate(async () => {
    const v = window.__covis;
    const canvas = document.querySelector('canvas');
    const keys = ['+', '+', 'ArrowRight', '+', 'ArrowLeft', '-', 'ArrowRight', '+', '+', 'ArrowLeft', '-', '-', 'PageDown', 'ArrowRight', '+', '-'];
    const render = [];
    const interval = [];
    let last = performance.now();
    for (let i = 0; i < 160; i++) {
      if (i % 40 === 20) v.view.scrollY = (v.rows.count * 20 * (i / 160)) | 0;
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: keys[i % keys.length], bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      render.push(v.lastRenderMs);
      interval.push(now - last);
      last = now;
    }
    // Wheel zoom around the pointer, the way d3-zoom sees a mouse or trackpad.
    const rect = canvas.getBoundingClientRect();
    for (let i = 0; i < 60; i++) {
      canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: i < 30 ? -120 : 120, clientX: rect.left + 800, clientY: rect.top + 300, bubbles: true, cancelable: true }));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      render.push(v.lastRenderMs);
      interval.push(now - last);
      last = now;
    }
    return { render, interval };
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  // usedSize is the JS heap; the packed columns live in ArrayBuffer backing stores, counted apart.
  results.heapMB = heap.usedSize / 1024 / 1024;
  results.backingMB = (heap.backingStorageSize ?? 0) / 1024 / 1024;
  results.heapRaw = heap;
  await page.screenshot({ path: path.join(tmp, 'bench-1m.png') });
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.copyFileSync(path.join(tmp, 'bench-1m.png'), path.join(root, 'test-results', 'bench-1m.png'));
  await page.close();
}

// 2. Live mode: bytes arrive at 100,000 events/s (about 2.5 MB/s) in per-frame chunks for 5 s.
{
  const page = await newPage();
  results.live = await page.evaluate(async () => {
    const { bytes, events } = covisSynth.synthTrace();
    const v = window.__covis;
    window.postMessage({ type: 'reset', live: true }, '*');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const bytesPerEvent = bytes.length / events;
    const render = [];
    const interval = [];
    const start = performance.now();
    let sent = 0;
    let last = start;
    while (performance.now() - start < 5000 && sent < bytes.length) {
      const due = Math.min(bytes.length, Math.floor(((performance.now() - start) / 1000) * 100000 * bytesPerEvent));
      if (due > sent) window.postMessage({ type: 'append', bytes: bytes.slice(sent, due) }, '*');
      sent = due;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      render.push(v.lastRenderMs);
      interval.push(now - last);
      last = now;
    }
    const seconds = (performance.now() - start) / 1000;
    return { render, interval, events: v.session.model.eventCount, seconds, lanes: v.rows.count };
  });
  await page.close();
}

// 3. Open-to-first-paint for both viewers, served over HTTP from this process.
const chromePath = path.join(tmp, 'trace.chrome.json');
fs.writeFileSync(chromePath, lib.chromeJson(bytes));
results.chromeBytes = fs.statSync(chromePath).size;
const standalone = path.join(tmp, 'standalone.html');
fs.writeFileSync(standalone, lib.renderStandaloneHtml(bytes, { distDir: path.join(root, 'dist'), title: 'bench' }));
results.standaloneBytes = fs.statSync(standalone).size;
const small = lib.synthTrace({ turns: 2500, createPerTurn: 4, stepsPerTurn: 15, stepsPerTask: 4, batch: 4096 });
results.smallEvents = small.events;
const smallChrome = path.join(tmp, 'small.chrome.json');
fs.writeFileSync(smallChrome, lib.chromeJson(small.bytes));
const smallPage = path.join(tmp, 'small.html');
fs.writeFileSync(smallPage, lib.renderStandaloneHtml(small.bytes, { distDir: path.join(root, 'dist'), title: 'bench' }));
const speedscopeDir = path.join(root, 'node_modules', 'speedscope', 'dist', 'release');
const server = createServer((req, res) => {
  const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const named = { '/trace.json': chromePath, '/standalone.html': standalone, '/small.json': smallChrome, '/small.html': smallPage };
  const file = named[url] ?? path.join(speedscopeDir, url);
  if (!file.startsWith(tmp) && !file.startsWith(speedscopeDir)) return res.writeHead(403).end();
  fs.readFile(file, (error, data) => {
    if (error) return res.writeHead(404).end();
    const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(data);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
async function openOurs(url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => (window.__covis?.renders ?? 0) > 0 && window.__covis.rows.count > 0, null, { timeout: 120000 });
  const elapsed = Date.now() - t0;
  await page.close();
  return elapsed;
}

/** Navigation → speedscope has imported and drawn the profile (it then names the tab after it). */
async function openSpeedscope(json, timeout, shot) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const t0 = Date.now();
  await page.goto(`${base}/index.html#profileURL=${encodeURIComponent(`${base}${json}`)}&title=bench`);
  try {
    await page.waitForFunction(() => /bench/.test(document.title) && document.querySelectorAll('canvas').length > 0, null, { timeout, polling: 100 });
    const elapsed = Date.now() - t0;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    await page.screenshot({ path: path.join(root, 'test-results', shot) });
    return `${elapsed} ms (page memory ${((heap.usedSize + (heap.backingStorageSize ?? 0)) / 1048576).toFixed(0)} MB)`;
  } catch (error) {
    return `no first paint within ${timeout / 1000} s (${String(error.message ?? error).split('\n')[0]})`;
  } finally {
    await page.close();
  }
}

results.ourOpen = await openOurs(`${base}/standalone.html`);
results.ourOpenSmall = await openOurs(`${base}/small.html`);
if (!skipSpeedscope) {
  results.speedscopeSmall = await openSpeedscope('/small.json', 120000, 'bench-speedscope-100k.png');
  results.speedscopeOpen = await openSpeedscope('/trace.json', 150000, 'bench-speedscope-1m.png');
}
server.close();
await browser.close();

const NOTES = [
  '## Notes',
  '',
  '- "After the data arrives" starts when the host posts the Reset message holding the whole trace (as the VS Code panel does) and ends when the first frame with every lane laid out has been drawn: structured clone, FrameDecoder, TraceModel, segment index, lane tree and draw.',
  '- Only what is on screen is drawn: visible lanes, and in each lane the slices found by binary search on start time; slices narrower than a pixel are merged per pixel column (level of detail). That is why a frame costs about the same at 1,000 or 1,000,000 events; the p95 frames are the ones that recompute the lane tree or re-layout.',
  '- Memory: the model keeps segments and turns in typed-array columns (ArrayBuffer backing stores, reported apart from the JS heap); tasks are objects (100,000 of them).',
  '- Live mode: bytes are posted once per animation frame at 100,000 events/s; the page redraws at most once per frame and recomputes the lane tree at most every 200 ms.',
  '- speedscope reads the Chrome-trace export (one thread per task, complete events for slices, flow events for wake-ups). It turns every thread into its own profile and shows one at a time, so the picture of many coroutines sharing one loop, the suspended/ready states, what each await waits on, who woke it, the parent/child tree and "cut short" are not visible there; what speedscope does show that this view does not is flame-graph aggregation (left-heavy, sandwich) of the stack of slices within one thread. Perfetto (not available offline here) shows threads side by side with flow arrows, but not the await/wait semantics either.',
  '',
];
const speedscopeVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'speedscope', 'package.json'), 'utf8')).version;
const z = results.zoomPan;
const l = results.live;
const lines = [
  '# Webview benchmark',
  '',
  `Generated by \`node bench/webview/run.mjs\` on ${new Date().toISOString().slice(0, 10)}, headless Chromium (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}), window 1400×900.`,
  `Trace: synthetic, ${results.events.toLocaleString('en')} events, ${results.tasks.toLocaleString('en')} tasks, ${results.firstRender.segments.toLocaleString('en')} segments, 25,000 loop turns (${(results.bytes / 1e6).toFixed(1)} MB .covis).`,
  '',
  '| measure | result | target |',
  '| --- | --- | --- |',
  `| first complete render after the data arrives (decode + model + lanes + draw) | ${ms(results.firstRender.total)} (of which index + lanes + draw ${ms(results.firstRender.drawOnly)}) | ≤ 1000 ms |`,
  `| zoom/pan: render time per frame, median / p95 (${z.render.length} frames: keys + - ← →, wheel, scrolls) | ${ms(median(z.render))} / ${ms(pct(z.render, 0.95))} | ≤ 16 ms median |`,
  `| zoom/pan: frame interval, median | ${ms(median(z.interval))} | |`,
  `| page memory after GC, trace loaded: JS heap + ArrayBuffer backing stores (typed-array columns) | ${(results.heapMB + results.backingMB).toFixed(0)} MB (${results.heapMB.toFixed(0)} + ${results.backingMB.toFixed(0)}) | ≤ 200 MB |`,
  `| live, 100,000 events/s for ${l.seconds.toFixed(1)} s: render time per frame, median / p95 | ${ms(median(l.render))} / ${ms(pct(l.render, 0.95))} | ≤ 16 ms median |`,
  `| live: frame interval, median / p95 (${l.render.length} frames, ${l.events.toLocaleString('en')} events, ${l.lanes.toLocaleString('en')} lanes shown) | ${ms(median(l.interval))} / ${ms(pct(l.interval, 0.95))} | |`,
  `| open the standalone page (${(results.standaloneBytes / 1e6).toFixed(1)} MB, trace embedded) → first render | ${results.ourOpen} ms | |`,
  `| speedscope ${speedscopeVersion}: open the same trace's Chrome-trace export (${(results.chromeBytes / 1e6).toFixed(0)} MB JSON) → first paint | ${results.speedscopeOpen ?? 'skipped'} | comparison |`,
  `| 1/10 size (${results.smallEvents.toLocaleString('en')} events, 10,000 tasks): our standalone page → first render | ${results.ourOpenSmall} ms | |`,
  `| 1/10 size: speedscope on its Chrome-trace export → first paint | ${results.speedscopeSmall ?? 'skipped'} | comparison |`,
  '',
  'Render time is the JS time of one render (sync, layout, draw) measured inside the page; frame interval is the time between animation frames as the page saw them.',
  '',
  ...NOTES,
];
fs.writeFileSync(path.join(here, 'RESULTS.md'), lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(results.heapRaw)}\n`);
fs.rmSync(tmp, { recursive: true, force: true });
