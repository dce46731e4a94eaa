/**
 * The program's files as the findings' source rules read them (protocol/findings/sourceFacts.ts):
 * JavaScript as written, TypeScript/JSX compiled the way the shim compiles it, with the positions
 * mapped back to where they were written, so that the rules meet the trace's sites at the
 * same lines and columns. A file that cannot be read or compiled gives nothing: the rules that
 * need code then say nothing about it.
 */
import * as fs from 'node:fs';
import type { ParsableSource, SourceAccess } from '../protocol/findings';
import { positionsIn } from './transform';
import { needsTranspile, transpile, type Transpiled } from './transpile';

export function programSources(): SourceAccess {
  return (file) => {
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    return needsTranspile(file) ? compiled(source, file) : source;
  };
}

function compiled(source: string, file: string): ParsableSource | undefined {
  let result: Transpiled | undefined;
  // ES module output keeps the statements where they were; CommonJS output is the fallback for `import =`.
  for (const format of ['esm', 'cjs'] as const) {
    try {
      result = transpile(source, file, format);
      break;
    } catch {
      // A syntax error, or a construct only the other format takes.
    }
  }
  return result && { code: result.code, writtenAt: positionsIn(result.map), written: source };
}
