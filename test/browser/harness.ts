/**
 * Shared helpers of the browser tests: build once, record fixture traces with the real CLI,
 * write standalone pages, open them in Debian's headless Chromium through playwright-core.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { renderStandaloneHtml } from '../../runtime/viewCommand';

export const ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS = path.join(ROOT, 'test-results');
const CLI = path.join(ROOT, 'dist', 'cli.js');

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let built = false;
/** Builds dist/ once per test process (the page is the built bundle, as users get it). */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'covis-browser-'));
}

/** Records a fixture program with `covis record` and returns the trace bytes. */
export function recordFixture(name: string, dir: string): Uint8Array {
  return recordProgram(path.join(__dirname, 'fixtures', `${name}.mts`), dir, name);
}

/** Records any program (an example, say) with `covis record` and returns the trace bytes. */
export function recordProgram(program: string, dir: string, name: string): Uint8Array {
  ensureBuilt();
  const out = path.join(dir, `${name}.covis`);
  try {
    execFileSync(process.execPath, [CLI, 'record', '-q', '-o', out, '--', program], { cwd: ROOT, stdio: 'ignore' });
  } catch (error) {
    // A fixture may fail on purpose (crash.mts): covis passes its exit code on; the trace is what matters.
    if (!fs.existsSync(out)) throw error;
  }
  return fs.readFileSync(out);
}

export interface CliRun {
  /** Exit code; null when a signal (or the timeout) ended it. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to its end and says how it ended; never rejects, so a test can say why it failed. */
export function runCli(args: string[], timeoutMs = 60_000): Promise<CliRun> {
  ensureBuilt();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      // Not started (ENOENT...), or stopped by a signal such as the timeout's SIGTERM: say so too.
      const how = child.signalCode ? `\n(ended by ${child.signalCode}; the timeout is ${timeoutMs} ms)` : error && child.exitCode === null ? `\n${error.message}` : '';
      resolve({ status: child.exitCode, stdout: String(stdout), stderr: `${String(stderr)}${how}` });
    });
  });
}

/** Writes a standalone page for `bytes` and returns its path. */
export function writePage(bytes: Uint8Array, dir: string, name: string): string {
  ensureBuilt();
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, renderStandaloneHtml(bytes, { distDir: path.join(ROOT, 'dist'), title: name }));
  return file;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  /** Replace acquireVsCodeApi with a stub that records posted messages in window.__posted. */
  stubVsCode?: boolean;
  /** With stubVsCode: the body class VS Code sets, plus a few of its theme variables. */
  vscodeTheme?: 'vscode-dark' | 'vscode-light';
  /** With stubVsCode: what vscode.getState() returns (a revived panel's saved state). */
  vscodeState?: unknown;
  width?: number;
  height?: number;
}

/**
 * Plays the extension host: records what the page posts and answers "ready" with a Reset
 * carrying the trace embedded in the page, the way the real panel sends a saved trace.
 */
function vscodeStub(theme: string | undefined, saved: unknown): string {
  return `(() => {
    window.__posted = [];
    window.acquireVsCodeApi = () => ({
      postMessage(message) {
        window.__posted.push(JSON.parse(JSON.stringify(message)));
        if (message.type !== 'ready') return;
        const embedded = document.getElementById('covis-trace');
        const binary = atob((embedded && embedded.textContent || '').trim());
        const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
        setTimeout(() => window.postMessage({ type: 'reset', bytes, title: 'from the host' }, '*'));
      },
      getState() { return window.__state ?? ${JSON.stringify(saved ?? null)} ?? undefined; },
      setState(state) { window.__state = state; },
    });
    const theme = ${JSON.stringify(theme ?? '')};
    if (theme) {
      const dark = theme === 'vscode-dark';
      const vars = dark
        ? { '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc', '--vscode-charts-green': '#89d185', '--vscode-charts-yellow': '#cca700', '--vscode-charts-orange': '#d18616', '--vscode-charts-blue': '#3794ff', '--vscode-charts-red': '#f14c4c', '--vscode-charts-purple': '#b180d7', '--vscode-focusBorder': '#0078d4', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-editorWidget-border': '#454545' }
        : { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-charts-green': '#388a34', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-orange': '#d18616', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-red': '#e51400', '--vscode-charts-purple': '#652d90' };
      // VS Code puts its variables on <html> and the theme class on <body>, before scripts run.
      document.addEventListener('DOMContentLoaded', () => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.classList.add(theme);
      });
    }
  })();`;
}

/** Opens a page and waits until the view has rendered at least once (or shown a message). */
export async function openPage(browser: Browser, file: string, options: OpenOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1200, height: options.height ?? 700 }, colorScheme: options.colorScheme ?? 'light' });
  if (options.stubVsCode) await page.addInitScript(vscodeStub(options.vscodeTheme, options.vscodeState));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as unknown as { covisErrors: string[] }).covisErrors = errors;
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => (window.__covis?.renders ?? 0) > 0 || !document.querySelector('.covis-message')?.hasAttribute('hidden'));
  return page;
}

/** Resolves after two animation frames: a render requested before the call has then run. */
export function afterFrames(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * The model's running slices that no busy turn of their own loop covers. A loop has one
 * thread, so code runs only inside one of its turns: any slice listed here is drawn where its
 * loop's lane says the thread was idle.
 */
export async function runningOutsideTurns(page: Page): Promise<{ running: number; outside: number[] }> {
  return page.evaluate(() => {
    const m = window.__covis!.session.model;
    const outside: number[] = [];
    let running = 0;
    for (let s = 0; s < m.segmentCount; s++) {
      if (m.segments.state.data[s] !== 0) continue; // SegmentState.Running (a const enum: gone at run time)
      running++;
      const start = m.segments.start.data[s];
      const end = m.segmentEnd(s);
      const loop = m.tasks[m.segments.task.data[s]]?.loop ?? 0;
      let inside = false;
      for (let t = 0; t < m.turnCount && !inside; t++) inside = m.turns.loop.data[t] === loop && m.turns.start.data[t] <= start && m.turnEnd(t) >= end;
      if (!inside) outside.push(s);
    }
    return { running, outside };
  });
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(RESULTS, { recursive: true });
  return path.join(RESULTS, name);
}
