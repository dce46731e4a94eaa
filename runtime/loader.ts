/**
 * ESM hooks for module.register (Node 20 and 22): they run on Node's hooks thread, so site ids
 * come from a range of their own (the main thread's CommonJS hook counts from 1). The work
 * itself is in esmHooks.ts, shared with the in-thread hooks of Node >= 24.
 */
import * as path from 'node:path';
import { EsmHooks, type Loaded, type Resolved } from './esmHooks';
import { makeFileFilter } from './filter';
import type { ShimOptions } from './options';
import { useStripperAt } from './transform';

interface InitData {
  options: ShimOptions;
  shimDir: string;
}

let siteId = 1 << 24;
const nextSiteId = (): number => siteId++;
let hooks = new EsmHooks(() => false, nextSiteId);

export function initialize(data: InitData): void {
  hooks = new EsmHooks(makeFileFilter(data.options, data.shimDir), nextSiteId);
  useStripperAt(path.join(data.shimDir, 'typescript-stripper.js'));
}

export async function resolve(specifier: string, context: { parentURL?: string }, nextResolve: (specifier: string, context: unknown) => Promise<Resolved>): Promise<Resolved> {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    return hooks.resolveTypeScript(specifier, context, error);
  }
}

export async function load(url: string, context: unknown, nextLoad: (url: string, context: unknown) => Promise<Loaded>): Promise<Loaded> {
  return hooks.loadTypeScript(url, load) ?? hooks.afterLoad(url, await nextLoad(url, context));
}
