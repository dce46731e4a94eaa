// The offline "real VS Code": code-server (VS Code's workbench and a Node extension host)
// with the extension folder and the test harness copied into its extensions dir. The
// extension host starts only when a browser connects, so callers open the URL in Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { stageEsbuild } from '../../scripts/stage-esbuild.mjs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Copies exactly the files the .vsix would hold (`vsce ls` applies .vscodeignore), so the
 * suite proves the packaged extension works with nothing else present.
 */
export function copyExtension(root, target) {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`vsce ls failed: ${listed.stderr}`);
  const files = listed.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(root, file), join(target, file));
  }
  // What the packaging step stages beside the shim (absent from a development build's dist/).
  if (!files.some((file) => file.startsWith('dist/node_modules/'))) stageEsbuild(root, join(target, 'dist', 'node_modules'));
  return files;
}

export function prepareHarness(root, extensionsDir, folder, config) {
  const target = join(extensionsDir, folder);
  mkdirSync(target, { recursive: true });
  for (const file of ['package.json', 'extension.js']) cpSync(join(root, 'test', 'vscode', 'harness', file), join(target, file));
  writeFileSync(join(target, 'config.json'), JSON.stringify(config, null, 2));
  // Once --install-extension has written extensions.json, VS Code loads only what it lists.
  const registry = join(extensionsDir, 'extensions.json');
  if (existsSync(registry)) {
    const list = JSON.parse(readFileSync(registry, 'utf8'));
    const url = pathToFileURL(target);
    list.push({
      identifier: { id: 'covis-test.harness' },
      version: '0.0.1',
      location: { $mid: 1, fsPath: target, external: url.href, path: url.pathname, scheme: 'file' },
      relativeLocation: folder,
      metadata: { installedTimestamp: Date.now(), source: 'vsix' },
    });
    writeFileSync(registry, JSON.stringify(list));
  }
}

export function userSettings(userDataDir) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'git.enabled': false,
      'chat.disableAIFeatures': true,
      'window.restoreWindows': 'none',
      'security.workspace.trust.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    }, null, 2),
  );
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startCodeServer({ node, codeServerDir, port, extensionsDir, userDataDir, workspace, logFile }) {
  const out = openSync(logFile, 'a');
  const args = [
    join(codeServerDir, 'out', 'node', 'entry.js'),
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, workspace,
  ];
  // Its own process group, so stop() ends code-server and the extension host it spawned.
  const child = spawn(node, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, CS_DISABLE_GETTING_STARTED_OVERRIDE: '1' } });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}; see ${logFile}`);
    try {
      const response = await globalThis.fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on port ${port} within 60 s; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  return { url, stop, pid: child.pid };
}
