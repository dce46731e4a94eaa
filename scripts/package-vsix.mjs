// `npm run package [-- --target <vscode-target>] [out.vsix]`: a lean, platform-specific .vsix
// with @vscode/vsce. The shim compiles TypeScript with esbuild, whose API runs a native binary
// of the platform: the package carries esbuild's API and that one binary (dist/node_modules/,
// beside the shim that requires them), so each platform gets its own .vsix (`vsce package
// --target`, as VS Code extensions with native parts are published). The target defaults to this
// machine's; another target's binary is fetched from the npm registry (`npm pack`).
// Builds minified without source maps, packages what .vscodeignore keeps, then restores the
// development build (dist/ is shared with the runtime and webview work in this tree).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostTarget, stageEsbuild } from './stage-esbuild.mjs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const targetAt = args.indexOf('--target');
const target = targetAt >= 0 ? args.splice(targetAt, 2)[1] : hostTarget();
const out = args[0] ?? join(root, `${pkg.name}-${target}-${pkg.version}.vsix`);

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    process.stderr.write(`package-vsix: ${command} ${commandArgs.join(' ')} failed (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
  return result;
}

run(process.execPath, ['scripts/build.mjs', '--production']);
const staged = join(root, 'dist', 'node_modules');
try {
  rmSync(staged, { recursive: true, force: true });
  stageEsbuild(root, staged, target);
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const vsceArgs = [vsce, 'package', '--no-dependencies', '--target', target, '--out', out];
  // vsce asks interactively about these; answer up front so CI never hangs on a prompt.
  if (!existsSync(join(root, 'LICENSE')) && !existsSync(join(root, 'LICENSE.md'))) vsceArgs.push('--skip-license');
  // Without a repository URL, README links to docs/ stay relative rather than failing the build.
  if (!pkg.repository) vsceArgs.push('--allow-missing-repository', '--no-rewrite-relative-links');
  run(process.execPath, vsceArgs);
  run(process.execPath, [vsce, 'ls', '--no-dependencies']);
} finally {
  rmSync(staged, { recursive: true, force: true });
  run(process.execPath, ['scripts/build.mjs']);
}
process.stdout.write(`package-vsix: ${out} (${target}, ${(statSync(out).size / 1024).toFixed(0)} KiB)\n`);
