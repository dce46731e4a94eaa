/**
 * The source map a JavaScript file already carries (`//# sourceMappingURL=app.js.map` or an
 * inline one: tsc's or a bundler's output run as built). Node maps such a file's stack frames to
 * the sources it was built from (under tsx and `--enable-source-maps` alike); the shim chains
 * its own map onto this one so that the frames of the instrumented file still name those lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ExistingSourceMap {
  /** The map, its `sources` made absolute (file URLs), `sourceRoot` applied. */
  map: { version: 3; sources: string[]; sourcesContent?: (string | null)[]; names: string[]; mappings: string };
  /** The comment that names it, as it stands at the end of the file. */
  comment: string;
}

const COMMENT = /\n?\/\/[#@] sourceMappingURL=(\S+)\s*$/;

export function readExistingSourceMap(source: string, file: string): ExistingSourceMap | undefined {
  const found = COMMENT.exec(source);
  if (!found) return undefined;
  try {
    const url = found[1];
    let text: string;
    let base: string;
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      text = /;base64$/.test(url.slice(0, comma)) ? Buffer.from(url.slice(comma + 1), 'base64').toString('utf8') : decodeURIComponent(url.slice(comma + 1));
      base = pathToFileURL(file).href;
    } else {
      const mapFile = url.startsWith('file:') ? fileURLToPath(url) : path.resolve(path.dirname(file), decodeURIComponent(url));
      text = fs.readFileSync(mapFile, 'utf8');
      base = pathToFileURL(mapFile).href;
    }
    const map = JSON.parse(text) as ExistingSourceMap['map'] & { sourceRoot?: string; sections?: unknown };
    // An index map (sections) is left to Node, unchained.
    if (map.sections || typeof map.mappings !== 'string' || !Array.isArray(map.sources)) return undefined;
    const root = map.sourceRoot ? new URL(map.sourceRoot.endsWith('/') ? map.sourceRoot : `${map.sourceRoot}/`, base).href : base;
    return {
      map: { version: 3, sources: map.sources.map((s) => new URL(s, root).href), sourcesContent: map.sourcesContent, names: map.names ?? [], mappings: map.mappings },
      comment: found[0],
    };
  } catch {
    // A map that cannot be read: Node could not read it either; the shim's own map stands.
    return undefined;
  }
}
