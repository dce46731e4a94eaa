/**
 * Transforms kept on disk, keyed by a hash of the source, the options and the engine's version,
 * in a folder of the user's temp directory (as tsx keeps its own): esbuild's output (a hit spares
 * loading esbuild and starting its service) and the instrumented code (a hit spares parsing it
 * and chaining the maps; see siteIds.ts). Nothing is ever written beside the user's files;
 * a folder that cannot be written just means no cache. `COVIS_TRANSFORM_CACHE=0` turns it off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const enabled = process.env.COVIS_TRANSFORM_CACHE !== '0';
/** Changes when what an entry holds changes: older entries are then not read. */
const ENTRY_FORMAT = 'entries-2';
let directory: string | undefined;
let esbuildVersion: string | undefined;

function cacheDirectory(): string {
  const user = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  directory ??= path.join(os.tmpdir(), `coroutine-visualizer-${user}`, 'transform');
  return directory;
}

function versionOfEsbuild(): string {
  if (esbuildVersion === undefined) {
    try {
      esbuildVersion = (JSON.parse(fs.readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
    } catch {
      esbuildVersion = 'unknown';
    }
  }
  return esbuildVersion;
}

/** `options`: everything besides the source that decides the output (engine, its version, its options). */
function keyOf(source: string, options: object): string {
  return createHash('sha1')
    .update(ENTRY_FORMAT).update(versionOfEsbuild()).update('\0').update(JSON.stringify(options)).update('\0').update(source).digest('hex');
}

/** The entry kept for `source` and `options`, if there is one that `isEntry` accepts. */
export function readCached<T>(source: string, options: object, isEntry: (entry: unknown) => entry is T): T | undefined {
  if (!enabled) return undefined;
  try {
    const entry: unknown = JSON.parse(fs.readFileSync(path.join(cacheDirectory(), keyOf(source, options)), 'utf8'));
    return isEntry(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

export function writeCached(source: string, options: object, entry: object): void {
  if (!enabled) return;
  try {
    fs.mkdirSync(cacheDirectory(), { recursive: true, mode: 0o700 });
    // Written under a temporary name and renamed: a reader in another process never sees half a file.
    const file = path.join(cacheDirectory(), keyOf(source, options));
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(partial, JSON.stringify(entry), { mode: 0o600 });
    fs.renameSync(partial, file);
  } catch {
    // No cache this time.
  }
}
