/**
 * esbuild's output kept on disk, keyed by a hash of the source, the options and esbuild's version,
 * in a folder of the user's temp directory (as tsx keeps its own). A hit costs one file read and
 * spares loading esbuild and starting its service. Nothing is ever written beside the user's files;
 * a folder that cannot be written just means no cache. `COVIS_TRANSFORM_CACHE=0` turns it off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Transpiled } from './transpile';

const enabled = process.env.COVIS_TRANSFORM_CACHE !== '0';
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
  return createHash('sha1').update(versionOfEsbuild()).update('\0').update(JSON.stringify(options)).update('\0').update(source).digest('hex');
}

export function readCached(source: string, options: object): Transpiled | undefined {
  if (!enabled) return undefined;
  try {
    const entry = JSON.parse(fs.readFileSync(path.join(cacheDirectory(), keyOf(source, options)), 'utf8')) as Transpiled;
    return typeof entry.code === 'string' && typeof entry.map === 'string' ? entry : undefined;
  } catch {
    return undefined;
  }
}

export function writeCached(source: string, options: object, transpiled: Transpiled): void {
  if (!enabled) return;
  try {
    fs.mkdirSync(cacheDirectory(), { recursive: true, mode: 0o700 });
    // Written under a temporary name and renamed: a reader in another process never sees half a file.
    const file = path.join(cacheDirectory(), keyOf(source, options));
    const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(partial, JSON.stringify(transpiled), { mode: 0o600 });
    fs.renameSync(partial, file);
  } catch {
    // No cache this time.
  }
}
