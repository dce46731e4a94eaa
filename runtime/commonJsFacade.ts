/**
 * An ES module `import` of TypeScript that runs as CommonJS (a .cts file, or a .ts file in a
 * package without "type": "module"). Node finds a CommonJS module's named exports by lexing its
 * file, and TypeScript source is not what its lexer reads: `import { Counter } from './c.cjs'`
 * would find none. So such an import gets a small ES module in front of the file: it
 * `require`s it (through the CommonJS hooks, which compile and instrument it, one instance
 * shared with every require) and exports what cjs-module-lexer, Node's own lexer, finds in
 * esbuild's CommonJS output.
 */
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'cjs-module-lexer';
import { transpile } from './transpile';

const MARKER = 'covis-commonjs';

/** `url` with the marker that makes load() answer with the facade. */
export function facadeUrl(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${MARKER}`;
}

/** The file behind a facade URL, or undefined for any other URL. */
export function facadeTarget(url: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.protocol !== 'file:' || !parsed.searchParams.has(MARKER)) return undefined;
  parsed.search = '';
  return fileURLToPath(parsed);
}

/** Names of the file's exports as Node would find them in its compiled CommonJS. */
function exportNames(file: string): string[] {
  try {
    const { code } = transpile(fs.readFileSync(file, 'utf8'), file, 'cjs');
    return [...new Set(parse(code).exports)].filter((name) => name !== 'default' && name !== '__esModule');
  } catch {
    // A syntax error: the require() below reports it, as for any CommonJS file.
    return [];
  }
}

export function facadeSource(file: string): string {
  const names = exportNames(file);
  const url = pathToFileURL(file).href;
  const lines = [`import { createRequire } from 'node:module';`, `const exported = createRequire(${JSON.stringify(url)})(${JSON.stringify(file)});`, 'export default exported;'];
  names.forEach((name, i) => lines.push(`const e${i} = exported[${JSON.stringify(name)}];`, `export { e${i} as ${JSON.stringify(name)} };`));
  return `${lines.join('\n')}\n`;
}
