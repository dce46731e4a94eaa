/** Which files get probes: the user's own code by default, never node_modules or the shim itself. */
import picomatch from 'picomatch';
import type { ShimOptions } from './options';

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
