/**
 * Site ids in instrumented code, written so that the code can be kept and reused by later runs.
 * A file's sites get ids from a counter of the running process (so they depend on load order),
 * and the probes carry them as number literals (constants V8 folds into the probe calls). So a
 * file is instrumented with placeholders, SENTINEL + k for its k-th site, and each load replaces
 * them with the ids the process hands out, padded with spaces to the placeholder's width so that
 * every column, and with it the source map, stays the same.
 */
import type { SiteTuple } from './instrument';

const SENTINEL = 8_191_000_000;
const WIDTH = String(SENTINEL).length;
const PLACEHOLDER = /8191\d{6}/g;

/** Whether `code` already holds a number that reads like a placeholder (then it is instrumented with real ids, not kept). */
export function clashesWithPlaceholders(code: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(code);
}

/** A site-id counter handing out placeholders, and how many it handed out. */
export function placeholderIds(): { next: () => number; count: () => number } {
  let k = 0;
  return { next: () => SENTINEL + k++, count: () => k };
}

/** `code` and `sites` with each placeholder replaced by an id from `nextSiteId`, handed out in site order. */
export function assignSiteIds(code: string, sites: SiteTuple[], siteCount: number, nextSiteId: () => number): { code: string; sites: SiteTuple[] } {
  const ids: number[] = [];
  for (let k = 0; k < siteCount; k++) ids.push(nextSiteId());
  const real = (id: number): number => (id >= SENTINEL && id < SENTINEL + siteCount ? ids[id - SENTINEL] : id);
  return {
    code: code.replace(PLACEHOLDER, (text) => String(real(Number(text))).padStart(WIDTH)),
    sites: sites.map(([id, kind, name, line, column, parent]) => [real(id), kind, name, line, column, real(parent)]),
  };
}
