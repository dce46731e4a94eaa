// Bundles the mocha suite for the extension host: index.js (the runner, mocha left external
// and loaded from node_modules) and tests.js (every suite/*.test.ts, in name order).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export async function buildSuite(root, outDir) {
  const suiteDir = join(root, 'test', 'vscode', 'suite');
  const tests = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts')).sort();
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', external: ['vscode', 'mocha'], logLevel: 'warning' };
  await esbuild.build({ ...common, entryPoints: [join(suiteDir, 'index.ts')], outfile: join(outDir, 'index.js') });
  await esbuild.build({
    ...common,
    stdin: { contents: tests.map((t) => `import './${t}';`).join('\n'), resolveDir: suiteDir, sourcefile: 'tests.ts', loader: 'ts' },
    outfile: join(outDir, 'tests.js'),
  });
  return { indexPath: join(outDir, 'index.js'), testsPath: join(outDir, 'tests.js'), count: tests.length };
}
