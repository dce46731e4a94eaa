/** Node's rule for .js/.ts files: the nearest package.json's "type" decides ESM or CommonJS. */
import * as fs from 'node:fs';
import * as path from 'node:path';

type Declared = 'module' | 'commonjs' | undefined;
const cache = new Map<string, Declared>();

/** The "type" of the nearest package.json, or undefined when none declares one. */
export function packageType(file: string): Declared {
  const dir = path.dirname(file);
  if (cache.has(dir)) return cache.get(dir);
  let type: Declared;
  const manifest = path.join(dir, 'package.json');
  if (fs.existsSync(manifest)) {
    try {
      const declared = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { type?: string }).type;
      type = declared === 'module' ? 'module' : declared === 'commonjs' ? 'commonjs' : undefined;
    } catch {
      type = undefined;
    }
    // A package.json ends the search, as in Node, whether or not it declares a type.
    cache.set(dir, type);
    return type;
  }
  type = path.dirname(dir) !== dir ? packageType(dir) : undefined;
  cache.set(dir, type);
  return type;
}

const ESM_SYNTAX = /^\s*(?:import\s*[\w{*"'$]|export\s|await\s)/m;

/**
 * Module format of a source file: by extension, then package scope; a .ts file in a scope that
 * declares nothing is ESM when it uses ESM syntax (as Node 22+ decides for TypeScript).
 */
export function formatOf(file: string, source?: string): 'module' | 'commonjs' {
  if (file.endsWith('.mjs') || file.endsWith('.mts')) return 'module';
  if (file.endsWith('.cjs') || file.endsWith('.cts')) return 'commonjs';
  const declared = packageType(file);
  if (declared) return declared;
  if (file.endsWith('.ts') && source !== undefined && ESM_SYNTAX.test(source)) return 'module';
  return 'commonjs';
}
