/**
 * `coroutine-visualizer/jest`: a Jest transformer. Jest loads test files and the code they test
 * through its own module registry, in a VM context of its own, so the shim's hooks never see
 * them: this transformer runs the project's usual transformer first (babel-jest by default,
 * ts-jest or any other by name), then places the probes, and the map it returns goes back to
 * the file as written. The processes that run the tests load the shim through NODE_OPTIONS
 * (`covis record -- npx jest`, or a recording terminal), which records what the probes report;
 * outside a recording the files pass through unchanged.
 *
 *   // jest.config.js
 *   transform: { '\\.[jt]sx?$': ['coroutine-visualizer/jest', { transformer: 'ts-jest' }] }
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pluginFileFilter } from './filter';
import { isRecording } from './options';
import { PROBES_GLOBAL } from './probes';
import { PROBES_KEY } from './probesKey';
import { instrumentForJest } from './transform';

/** Site ids of files Jest loads: a range of their own (see vitePlugin.ts for the others). */
const JEST_SITE_BASE = (1 << 26) + (1 << 25);

/** The code reaches the recorder through a core module: Jest's VM context has globals of its own, but core modules are the process's. */
const PRELUDE = `var ${PROBES_GLOBAL}=require("node:util")[Symbol.for(${JSON.stringify(PROBES_KEY)})];`;

interface TransformOptions {
  config: { rootDir: string; cwd?: string };
  transformerConfig?: { transformer?: string; transformerConfig?: unknown; include?: string[]; exclude?: string[] };
  [key: string]: unknown;
}
type Transformed = string | { code: string; map?: string | object | null };
interface Transformer {
  process(source: string, file: string, options: TransformOptions): Transformed;
  getCacheKey?(source: string, file: string, options: TransformOptions): string;
}
interface TransformerFactory {
  createTransformer?(config?: unknown): Transformer;
}

/** One file filter per transformer config (Jest calls process() for every file). */
const filters = new Map<string, (file: string) => boolean>();
const inner = new Map<string, Transformer>();
// The ids depend on this process's counter: Jest must not reuse instrumented code across processes.
const processNonce = `${process.pid}-${Date.now()}-${Math.random()}`;
let siteId = JEST_SITE_BASE;
const nextSiteId = (): number => siteId++;

function innerTransformer(options: TransformOptions): Transformer {
  const name = options.transformerConfig?.transformer ?? 'babel-jest';
  let transformer = inner.get(name);
  if (!transformer) {
    const loaded = createRequire(path.join(options.config.rootDir, 'package.json'))(name) as Transformer & TransformerFactory & { default?: Transformer & TransformerFactory };
    const module = loaded.default ?? loaded;
    transformer = module.createTransformer ? module.createTransformer(options.transformerConfig?.transformerConfig) : module;
    inner.set(name, transformer);
  }
  return transformer;
}

function mapText(map: string | object | null | undefined): string | undefined {
  return map == null ? undefined : typeof map === 'string' ? map : JSON.stringify(map);
}

const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-?8;)?base64,([A-Za-z0-9+/=]+)\s*$/;

/** The transformer's output and its map, which some (ts-jest) inline in the code rather than return. */
function splitInlineMap(code: string, map: string | undefined): { code: string; map?: string } {
  if (map) return { code, map };
  const inline = INLINE_MAP.exec(code);
  return inline ? { code: code.slice(0, inline.index), map: Buffer.from(inline[1], 'base64').toString('utf8') } : { code };
}

function fileFilter(options: TransformOptions): (file: string) => boolean {
  const globs = { include: options.transformerConfig?.include, exclude: options.transformerConfig?.exclude };
  const key = JSON.stringify(globs);
  let filter = filters.get(key);
  if (!filter) filters.set(key, (filter = pluginFileFilter(globs, __dirname)));
  return filter;
}

const jestTransformer: Transformer = {
  getCacheKey(source, file, options) {
    const key = innerTransformer(options).getCacheKey?.(source, file, options) ?? source;
    return isRecording(process.env) ? `${key}:covis:${processNonce}` : key;
  },
  process(source, file, options) {
    const transformed = innerTransformer(options).process(source, file, options);
    const { code, map } = splitInlineMap(typeof transformed === 'string' ? transformed : transformed.code, typeof transformed === 'string' ? undefined : mapText(transformed.map));
    if (!isRecording(process.env) || !fileFilter(options)(file)) return map ? { code, map } : { code };
    return instrumentForJest(source, file, { code, map }, nextSiteId, PRELUDE) ?? (map ? { code, map } : { code });
  },
};

// Jest requires a transformer module and reads `process` off what it gets.
module.exports = jestTransformer;
