// One esbuild call per target: the runtime shim (CommonJS entry + ESM hooks), the CLI,
// the extension host bundle and the webview bundle.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
// The shim's transform cache keeps instrumented code per build of the instrumenter: a hash of
// the sources that make it, so that a rebuild of the same sources keeps the cache.
const instrumenterBuild = createHash('sha1');
for (const dir of ['runtime', 'protocol']) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) instrumenterBuild.update(file).update(readFileSync(join(dir, file)));
}
const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  target: 'node20',
  define: { COVIS_INSTRUMENTER_BUILD: JSON.stringify(instrumenterBuild.digest('hex').slice(0, 16)) },
};

// The shim and its hooks run inside the user's program, which turns source maps on (for its own
// stack traces): a linked map would then be read and parsed at every start (770 KB for the
// loader, 30 ms here). Their maps are written without the link; open them by hand if needed.
const inProgram = production ? {} : { sourcemap: 'external' };
const builds = [
  { entryPoints: { cli: 'runtime/cli.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', external: ['esbuild'] },
  // esbuild stays a package of its own (its API runs its binary, found beside it in node_modules).
  { entryPoints: { shim: 'runtime/register.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', external: ['esbuild'], ...inProgram },
  // The Vite/Vitest plugin (coroutine-visualizer/vite), for `require` and for `import`.
  { entryPoints: { vite: 'runtime/vitePlugin.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', external: ['esbuild'], ...inProgram, footer: { js: 'module.exports = Object.assign(module.exports.default, module.exports);' } },
  { entryPoints: { vite: 'runtime/vitePlugin.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' }, platform: 'node', format: 'esm', external: ['esbuild'], ...inProgram,
    banner: { js: "import { createRequire as __covisCreateRequire } from 'node:module'; import { fileURLToPath as __covisPath } from 'node:url'; import { dirname as __covisDir } from 'node:path'; const require = __covisCreateRequire(import.meta.url); const __dirname = __covisDir(__covisPath(import.meta.url));" } },
  // The Jest transformer (coroutine-visualizer/jest).
  { entryPoints: { jest: 'runtime/jestTransformer.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', external: ['esbuild'], ...inProgram },
  { entryPoints: { 'vitest-setup': 'runtime/vitestSetup.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' }, platform: 'node', format: 'esm', external: ['vitest'], sourcemap: false },
  { entryPoints: { register: 'runtime/registerEntry.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', external: ['./shim.js'], sourcemap: false },
  { entryPoints: { loader: 'runtime/loader.ts' }, outdir: 'dist', outExtension: { '.js': '.mjs' }, platform: 'node', format: 'esm', external: ['esbuild'], ...inProgram,
    banner: { js: "import { createRequire as __covisCreateRequire } from 'node:module'; const require = __covisCreateRequire(import.meta.url);" } },
];
if (existsSync('extension/main.ts')) {
  // esbuild stays external here too: the findings' source reader compiles TypeScript with it
  // (runtime/findingSources.ts), and its API finds its binary beside it (dist/node_modules/ in the .vsix).
  builds.push({ entryPoints: { extension: 'extension/main.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', external: ['vscode', 'esbuild'] });
}
if (existsSync('webview/main.ts')) {
  builds.push({ entryPoints: { webview: 'webview/main.ts' }, outdir: 'dist', platform: 'browser', format: 'iife', target: 'chrome110' });
  // The page's stylesheet (dist/webview.css): a <link> inside VS Code, inlined by `covis view --html`.
  if (existsSync('webview/style.css')) builds.push({ entryPoints: { webview: 'webview/style.css' }, outdir: 'dist', target: 'chrome110' });
}
await Promise.all(builds.map((options) => esbuild.build({ ...common, ...options })));
