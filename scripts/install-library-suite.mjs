// Installs the published async libraries whose own test suites test/runtime/library-suite.test.ts
// runs under the shim, into .vscode-test/library-suite (gitignored). Idempotent: when the pinned
// versions are already there it returns at once. Needs the npm registry only on the first run.
//   node scripts/install-library-suite.mjs          prints the install directory
//
// avvio ships its node:test suite (test/**/*.test.js) in its npm tarball; fastq (a dependency of
// avvio) ships its tape suite (test/test.js, test/promise.js); tape is fastq's test runner.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIBRARY_SUITE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.vscode-test', 'library-suite');
export const PACKAGES = { avvio: '9.3.1', fastq: '1.20.3', tape: '5.10.2' };

const spec = Object.entries(PACKAGES).map(([name, version]) => `${name}@${version}`);
const stamp = join(LIBRARY_SUITE_DIR, 'installed.json');

function installed() {
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== JSON.stringify(spec)) return false;
  return Object.entries(PACKAGES).every(([name, version]) => {
    const manifest = join(LIBRARY_SUITE_DIR, 'node_modules', name, 'package.json');
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === version;
  });
}

export function installLibrarySuite() {
  if (installed()) return LIBRARY_SUITE_DIR;
  mkdirSync(LIBRARY_SUITE_DIR, { recursive: true });
  // One npm call for all of them: a later `--no-save` install would prune the earlier ones.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', LIBRARY_SUITE_DIR, ...spec], {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 300_000,
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) throw new Error(`npm install ${spec.join(' ')} failed (exit ${result.status ?? result.signal ?? result.error?.message})`);
  writeFileSync(stamp, JSON.stringify(spec));
  return LIBRARY_SUITE_DIR;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`${installLibrarySuite()}\n`);
  } catch (error) {
    process.stderr.write(`install-library-suite: ${error.message}\n`);
    process.exit(1);
  }
}
