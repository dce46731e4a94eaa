/** Which files get probes: the user's own code by default, never node_modules or the shim itself. */
import picomatch from 'picomatch';
import { readOptions, type ShimOptions } from './options';

export const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

export function makeFileFilter(options: ShimOptions, shimDir: string): (file: string) => boolean {
  const exclude = [...(options.exclude ?? [])];
  if (!options.includeNodeModules) exclude.push('**/node_modules/**');
  const excluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  const included = options.include?.length ? picomatch(options.include, { dot: true }) : () => true;
  return (file) => {
    if (file.startsWith(shimDir)) return false;
    if (!SOURCE_EXTENSIONS.some((ext) => file.endsWith(ext))) return false;
    const normalized = file.replace(/\\/g, '/');
    return included(normalized) && !excluded(normalized);
  };
}

/**
 * Which files a bundler plugin or test-runner transformer instruments (vitePlugin.ts,
 * jestTransformer.ts): the recording's own globs, narrowed by the plugin's `include` and
 * widened in what is left out by its `exclude`.
 */
export function pluginFileFilter(globs: { include?: string[]; exclude?: string[] }, shimDir: string): (file: string) => boolean {
  const recording = readOptions(process.env);
  return makeFileFilter({ ...recording, include: globs.include ?? recording.include, exclude: [...(recording.exclude ?? []), ...(globs.exclude ?? [])] }, shimDir);
}
