// Runs the VS Code suite (mocha inside a real extension host) and the Playwright UI tests,
// then prints "vscode-suite: N passed, N failed" for scripts/test-all.mjs.
//
// Launchers:
//  - @vscode/test-electron when VSCODE_EXECUTABLE_PATH is given (a desktop VS Code here) or
//    COVIS_TEST_ELECTRON=1 (let it download VS Code, where the network allows);
//  - otherwise code-server from .vscode-test/ (scripts/install-vscode.mjs) driven by headless
//    Chromium through playwright-core: the only way to a real VS Code in this offline CI.
//    The extension is the file list `vsce ls` gives, or with COVIS_TEST_VSIX=x.vsix that
//    package installed through code-server's --install-extension.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './buildSuite.mjs';
import { copyExtension, freePort, prepareHarness, startCodeServer, userSettings } from './codeServer.mjs';
import { runUiTests } from './ui.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const SUITE_TIMEOUT_MS = Number(process.env.COVIS_SUITE_TIMEOUT_MS ?? 300000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const work = mkdtempSync(join(tmpdir(), 'covis-vscode-'));
const shotsDir = join(root, 'test-results');
mkdirSync(shotsDir, { recursive: true });

function report(results, note) {
  for (const t of results) {
    process.stdout.write(`  ${t.state === 'passed' ? 'ok  ' : 'FAIL'} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}\n`);
    if (t.error) process.stdout.write(`       ${t.error.split('\n').slice(0, 8).join('\n       ')}\n`);
  }
  if (note) process.stdout.write(`${note}\n`);
  const passed = results.filter((t) => t.state === 'passed').length;
  const failed = results.length - passed;
  process.stdout.write(`vscode-suite: ${passed} passed, ${failed} failed\n`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

function copyWorkspace() {
  const workspace = join(work, 'workspace');
  cpSync(join(root, 'test', 'vscode', 'fixtures', 'workspace'), workspace, { recursive: true });
  // The teaching material's examples too: the suite runs a real one end to end.
  cpSync(join(root, 'examples'), join(workspace, 'examples'), { recursive: true });
  // Node's types, so the TypeScript service shows the fixtures without red squiggles.
  mkdirSync(join(workspace, 'node_modules', '@types'), { recursive: true });
  symlinkSync(join(root, 'node_modules', '@types', 'node'), join(workspace, 'node_modules', '@types', 'node'), 'dir');
  return workspace;
}

function readResults(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).tests : [];
}

async function withElectron(suite) {
  const { runTests } = require('@vscode/test-electron');
  const resultsPath = join(work, 'results.json');
  const workspace = copyWorkspace();
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
      extensionDevelopmentPath: root,
      extensionTestsPath: suite.indexPath,
      extensionTestsEnv: { COVIS_SUITE_RESULTS: resultsPath, COVIS_MOCHA: require.resolve('mocha') },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } catch (error) {
    process.stdout.write(`test-electron: ${error.message}\n`);
  }
  const results = readResults(resultsPath);
  report(results.length ? results : [{ title: 'VS Code suite', state: 'failed', error: 'no results written' }], 'launcher: @vscode/test-electron (UI tests run only with code-server)');
}

/** The tail of the extension host log, for a suite that never reported. */
function extHostLogTail(userDataDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/exthost\.log$|remoteexthost\.log$/.test(entry.name)) found.push(path);
    }
  };
  walk(join(userDataDir, 'logs'));
  return found.map((f) => `${f}:\n${readFileSync(f, 'utf8').split('\n').slice(-30).join('\n')}`).join('\n');
}

async function withCodeServer(suite) {
  const installer = await import(join(root, 'scripts', 'install-vscode.mjs'));
  if (!installer.isInstalled()) {
    const install = spawnSync(process.execPath, [join(root, 'scripts', 'install-vscode.mjs')], { stdio: 'inherit' });
    if (install.status !== 0 || !installer.isInstalled()) {
      return report([{ title: 'install code-server', state: 'failed', error: 'scripts/install-vscode.mjs failed: no VS Code to test in' }]);
    }
  }
  const extensionsDir = join(work, 'extensions');
  const userDataDir = join(work, 'user-data');
  const resultsPath = join(work, 'results.json');
  const logFile = join(work, 'code-server.log');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (process.env.COVIS_TEST_VSIX) {
    // Install the packaged .vsix the way a user would (code-server's --install-extension).
    const installed = spawnSync(installer.node24, [join(installer.codeServerDir, 'out', 'node', 'entry.js'), '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', resolve(process.env.COVIS_TEST_VSIX)], { encoding: 'utf8' });
    if (installed.status !== 0) return report([{ title: 'install the .vsix', state: 'failed', error: installed.stdout + installed.stderr }]);
  } else {
    copyExtension(root, join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`));
  }
  prepareHarness(root, extensionsDir, 'covis-test.harness-0.0.1', {
    indexPath: suite.indexPath, testsPath: suite.testsPath, resultsPath, mochaPath: require.resolve('mocha'),
  });
  userSettings(userDataDir);
  const workspace = copyWorkspace();
  const { chromium } = require('playwright-core');
  let server;
  let browser;
  const results = [];
  try {
    server = await startCodeServer({ node: installer.node24, codeServerDir: installer.codeServerDir, port: await freePort(), extensionsDir, userDataDir, workspace, logFile });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    const deadline = Date.now() + SUITE_TIMEOUT_MS;
    while (!existsSync(resultsPath) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    if (!existsSync(resultsPath)) {
      await page.screenshot({ path: join(shotsDir, 'suite-timeout.png') }).catch(() => undefined);
      results.push({
        title: 'mocha suite in the extension host',
        state: 'failed',
        error: `no results after ${SUITE_TIMEOUT_MS / 1000} s: the harness extension did not run or hung.\n${extHostLogTail(userDataDir)}`,
      });
    } else {
      results.push(...readResults(resultsPath));
      await page.screenshot({ path: join(shotsDir, 'suite-end.png') });
      results.push(...(await runUiTests(page, { shotsDir })));
    }
  } catch (error) {
    results.push({ title: 'code-server launcher', state: 'failed', error: `${error.stack ?? error}\n(code-server log: ${logFile})` });
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }
  report(results, `launcher: code-server; screenshots in ${shotsDir}`);
  if (process.exitCode === 0 && !process.env.COVIS_KEEP_WORK) rmSync(work, { recursive: true, force: true });
  else process.stdout.write(`work dir kept for inspection: ${work}\n`);
}

const suite = await buildSuite(root, join(work, 'suite'));
if (process.env.VSCODE_EXECUTABLE_PATH || process.env.COVIS_TEST_ELECTRON) await withElectron(suite);
else await withCodeServer(suite);
