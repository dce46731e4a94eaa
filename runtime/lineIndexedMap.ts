/**
 * A source map that answers a lookup by decoding one line, not the whole map.
 *
 * Call sites are mapped back to the user's source at the first capture in each file, in the
 * middle of the program's run and in code V8 has not compiled yet. There, decoding a whole
 * `mappings` string cost 1.4 ms for a 40-line file, with Node's module.findSourceMap and with
 * @jridgewell/trace-mapping alike, and more for longer files; decoding one line took 0.4 ms
 * there, however long the file. A VLQ segment holds deltas from the segment before it,
 * across lines, so a line cannot be decoded on its own; this keeps, for each generated line,
 * where it starts in `mappings` and the values its deltas start from. Those come from the
 * decoded segments the transform holds anyway.
 */
import { decode, encode, type SourceMapMappings } from '@jridgewell/sourcemap-codec';

/** Int32s per generated line in `lines`: offset in `mappings`, source index, original line, original column. */
const STRIDE = 4;

export interface MappedPosition {
  /** Index into the map's `sources`. */
  source: number;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export class LineIndexedMap {
  /** Also how a map made on Node's hooks thread is rebuilt from its two fields (structured clones of them). */
  constructor(
    /** The map's `mappings`, encoded: what goes into the source map comment. */
    readonly mappings: string,
    readonly lines: Int32Array,
  ) {}

  static fromDecoded(decoded: SourceMapMappings): LineIndexedMap {
    const mappings = encode(decoded);
    const lines = new Int32Array(decoded.length * STRIDE);
    let offset = 0;
    let source = 0;
    let line = 0;
    let column = 0;
    for (let i = 0; i < decoded.length; i++) {
      const at = i * STRIDE;
      lines[at] = offset;
      lines[at + 1] = source;
      lines[at + 2] = line;
      lines[at + 3] = column;
      for (const segment of decoded[i]) {
        if (segment.length === 1) continue;
        source = segment[1];
        line = segment[2];
        column = segment[3];
      }
      offset = mappings.indexOf(';', offset) + 1;
    }
    return new LineIndexedMap(mappings, lines);
  }

  /**
   * Where generated `line:column` (1-based) comes from: the last segment at or before it on its
   * line, as Node's findEntry answers; undefined if the line has none or it maps to no source.
   */
  originalPosition(line: number, column: number): MappedPosition | undefined {
    const at = (line - 1) * STRIDE;
    if (at < 0 || at >= this.lines.length) return undefined;
    const start = this.lines[at];
    const end = this.mappings.indexOf(';', start);
    // Decoded alone, the line's values count from zero: add the values it starts from.
    const [segments] = decode(this.mappings.slice(start, end < 0 ? undefined : end));
    let found: number[] | undefined;
    for (const segment of segments) {
      if (segment[0] > column - 1) break;
      found = segment;
    }
    if (!found || found.length === 1) return undefined;
    return { source: this.lines[at + 1] + found[1], line: this.lines[at + 2] + found[2] + 1, column: this.lines[at + 3] + found[3] + 1 };
  }
}
