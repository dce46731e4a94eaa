// esbuild's API and one platform's binary, copied into a node_modules folder beside the shim
// (dist/node_modules): what the packaged extension carries (scripts/package-vsix.mjs), and what
// the VS Code suite's unpackaged copy of it needs (test/vscode/codeServer.mjs).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** VS Code's platform targets and the esbuild package holding each one's binary. */
const ESBUILD_PLATFORMS = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'linux-armhf': 'linux-arm',
  'alpine-x64': 'linux-x64',
  'alpine-arm64': 'linux-arm64',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
};

export const hostTarget = () => `${process.platform}-${process.arch}`;

function mustRun(command, args, options) {
  const result = spawnSync(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/** Copies esbuild (API + the `target`'s binary) from `root`'s node_modules, or the registry for another platform, into `into`. */
export function stageEsbuild(root, into, target = hostTarget()) {
  const platform = ESBUILD_PLATFORMS[target];
  if (!platform) throw new Error(`no esbuild binary for VS Code target ${target} (known: ${Object.keys(ESBUILD_PLATFORMS).join(', ')})`);
  const esbuild = join(root, 'node_modules', 'esbuild');
  const version = JSON.parse(readFileSync(join(esbuild, 'package.json'), 'utf8')).version;
  mkdirSync(join(into, 'esbuild', 'lib'), { recursive: true });
  for (const file of ['package.json', 'LICENSE.md', join('lib', 'main.js')]) cpSync(join(esbuild, file), join(into, 'esbuild', file));
  const binaryPackage = `@esbuild/${platform}`;
  let from = join(root, 'node_modules', binaryPackage);
  if (!existsSync(from) || JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')).version !== version) {
    const scratch = mkdtempSync(join(tmpdir(), 'covis-esbuild-'));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    mustRun(npm, ['pack', `${binaryPackage}@${version}`, '--pack-destination', scratch, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
    mustRun('tar', ['xzf', join(scratch, `esbuild-${platform}-${version}.tgz`), '-C', scratch], { stdio: 'inherit' });
    from = join(scratch, 'package');
  }
  cpSync(from, join(into, binaryPackage), { recursive: true });
}
