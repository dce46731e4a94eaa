/**
 * Where TypeScript projects' specifiers point when Node's own resolution does not know: tsconfig
 * `paths`/`baseUrl` aliases (`@lib/h`), TypeScript's `./x.js` written for `./x.ts`, and the
 * extensionless and directory imports that tsx allows in ES modules. Shared by the ES module
 * hooks (esmHooks.ts) and the CommonJS resolver hook (register.ts); files only, found on disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathCandidates } from './tsconfig';

/** What each JavaScript extension may stand for in TypeScript sources. */
const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const IMPLICIT_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs', '.json'];
const INDEX_FILES = IMPLICIT_EXTENSIONS.map((ext) => `index${ext}`);

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A file written as `base` in an import: itself, its TypeScript twin, an implicit extension, or a directory's index. */
export function findSourceFile(base: string): string | undefined {
  const ext = path.extname(base);
  const candidates = [
    ...(TS_FOR_JS[ext] ?? []).map((ts) => base.slice(0, -ext.length) + ts),
    base,
    ...IMPLICIT_EXTENSIONS.map((e) => base + e),
    ...INDEX_FILES.map((index) => path.join(base, index)),
  ];
  return candidates.find(isFile);
}

export function isBareSpecifier(specifier: string): boolean {
  return !/^(?:\.{1,2}(?:\/|$)|\/|[a-zA-Z][a-zA-Z\d+.-]*:|#)/.test(specifier) && !path.isAbsolute(specifier);
}

/** The file a tsconfig `paths`/`baseUrl` alias names, for an import in one of the user's files (never in node_modules, as in tsx). */
export function resolvePathAlias(specifier: string, parentFile: string): string | undefined {
  if (!isBareSpecifier(specifier) || /[\\/]node_modules[\\/]/.test(parentFile)) return undefined;
  for (const candidate of pathCandidates(specifier, parentFile)) {
    const found = findSourceFile(candidate);
    if (found) return found;
  }
  return undefined;
}

/**
 * `./x.js` (or .jsx, .mjs, .cjs) written for a TypeScript file, when the JavaScript file is not
 * there: the TypeScript one (CommonJS resolves extensionless names and directories itself,
 * through the registered extensions).
 */
export function resolveTypeScriptTwin(specifier: string, parentFile: string): string | undefined {
  const base = pathNamed(specifier, parentFile);
  const ext = base ? path.extname(base) : '';
  if (!base || !TS_FOR_JS[ext] || isFile(base)) return undefined;
  return TS_FOR_JS[ext].map((ts) => base.slice(0, -ext.length) + ts).find(isFile);
}

/** A relative or absolute specifier Node did not find, read as TypeScript sources write it. */
export function resolveSourceSpecifier(specifier: string, parentFile: string): string | undefined {
  const base = pathNamed(specifier, parentFile);
  return base && findSourceFile(base);
}

/** The path a relative or absolute specifier names from `parentFile`; undefined for a package name or a URL. */
function pathNamed(specifier: string, parentFile: string): string | undefined {
  if (isBareSpecifier(specifier) || /^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier)) return undefined;
  return path.resolve(path.dirname(parentFile), specifier);
}
