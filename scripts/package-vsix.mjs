// `npm run package`: a lean .vsix with @vscode/vsce. Builds minified without source maps,
// packages what .vscodeignore keeps, then restores the development build (dist/ is shared
// with the runtime and webview work in this tree, which want their source maps back).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = process.argv[2] ?? join(root, `${pkg.name}-${pkg.version}.vsix`);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`package-vsix: ${command} ${args.join(' ')} failed (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
}

run(process.execPath, ['scripts/build.mjs', '--production']);
try {
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const args = [vsce, 'package', '--no-dependencies', '--out', out];
  // vsce asks interactively about these; answer up front so CI never hangs on a prompt.
  if (!existsSync(join(root, 'LICENSE')) && !existsSync(join(root, 'LICENSE.md'))) args.push('--skip-license');
  // Without a repository URL, README links to docs/ stay relative rather than failing the build.
  if (!pkg.repository) args.push('--allow-missing-repository', '--no-rewrite-relative-links');
  run(process.execPath, args);
  run(process.execPath, [vsce, 'ls', '--no-dependencies']);
} finally {
  run(process.execPath, ['scripts/build.mjs']);
}
process.stdout.write(`package-vsix: ${out} (${(statSync(out).size / 1024).toFixed(0)} KiB)\n`);
