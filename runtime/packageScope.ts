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

/** An import or export statement at the start of a line: ES-module syntax (`import(`, `import.meta` and `await` are not). */
const ESM_SYNTAX = /^\s*(?:import\s*[\w{*"'$]|export\s)/m;
/**
 * An await at the top level, at the start of a line (`await f()`, `for await`, `const x = await
 * f()`, `await using`): a file CommonJS cannot hold.
 */
const TOP_LEVEL_AWAIT = /^(?:(?:export\s+)?(?:const|let|var)\s[^\n=]*=\s*)?(?:await\s|for\s+await\b)/m;

/** ES-module syntax in a source; what makes tsx compile a CommonJS-scoped file's imports to require(). */
export function hasEsmSyntax(source: string): boolean {
  return ESM_SYNTAX.test(source);
}

/**
 * Module format of a source file, as tsx decides it: by extension, then by the package scope's
 * "type". A .ts/.tsx/.jsx file in a scope that declares none is CommonJS (its imports compiled
 * to require()), except one with a top-level await, which CommonJS cannot hold: tsx stops with
 * esbuild's error there, the shim runs it as an ES module.
 */
export function formatOf(file: string, source?: string): 'module' | 'commonjs' {
  if (file.endsWith('.mjs') || file.endsWith('.mts')) return 'module';
  if (file.endsWith('.cjs') || file.endsWith('.cts')) return 'commonjs';
  const declared = packageType(file);
  if (declared) return declared;
  if (/\.(?:ts|tsx|jsx)$/.test(file) && source !== undefined && TOP_LEVEL_AWAIT.test(source)) return 'module';
  return 'commonjs';
}
