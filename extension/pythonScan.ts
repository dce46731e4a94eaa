/**
 * The Python counterpart of asyncScan.ts: coroutine functions of a .py file (`async def`, and
 * `def`/`async def` whose body yields) with their await and yield lines, found by indentation
 * after strings and comments are blanked. For CodeLens and the hover before a run; the
 * recorder's sites are the truth after one.
 */
import type { CoroutineKind, ScannedFunction, ScanResult } from './asyncScan';

const DEF = /^([ \t]*)(async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/;

/** Replaces string and comment text with spaces (newlines kept), triple-quoted strings included. */
export function blankPythonNonCode(text: string): string {
  const out = text.split('');
  let i = 0;
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j) && (triple || text[j] !== '\n')) j += text[j] === '\\' ? 2 : 1;
      const end = Math.min(text.length, j + quote.length);
      blank(i + quote.length, Math.min(j, text.length));
      i = end;
    } else i++;
  }
  return out.join('');
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

export function scanPythonCoroutines(text: string): ScanResult {
  const lines = blankPythonNonCode(text).split('\n');
  const lineStarts = [0];
  for (const line of lines) lineStarts.push(lineStarts[lineStarts.length - 1] + line.length + 1);
  const functions: ScannedFunction[] = [];
  lines.forEach((line, row) => {
    const match = DEF.exec(line);
    if (!match) return;
    const indent = match[1].length;
    // The body: the following lines indented deeper (blank lines included), up to the first that is not.
    let end = row + 1;
    while (end < lines.length && (lines[end].trim() === '' || indentOf(lines[end]) > indent)) end++;
    while (end > row + 1 && lines[end - 1].trim() === '') end--;
    const awaitLines: number[] = [];
    const yieldLines: number[] = [];
    let nestedIndent = -1;
    for (let k = row + 1; k < end; k++) {
      const body = lines[k];
      if (body.trim() === '') continue;
      if (nestedIndent >= 0 && indentOf(body) > nestedIndent) continue;
      nestedIndent = -1;
      if (/^\s*(async\s+)?def\s|^\s*class\s/.test(body)) {
        nestedIndent = indentOf(body);
        continue;
      }
      if (/\bawait\b|\basync\s+(for|with)\b/.test(body)) awaitLines.push(k);
      if (/\byield\b/.test(body)) yieldLines.push(k);
    }
    const isAsync = match[2] !== undefined;
    const kind: CoroutineKind | undefined = isAsync ? (yieldLines.length ? 'async-generator' : 'async') : yieldLines.length ? 'generator' : undefined;
    if (!kind) return;
    const column = line.indexOf(match[3], indent);
    functions.push({ name: match[3], kind, line: row, column, bodyStart: lineStarts[row + 1] ?? text.length, bodyEnd: lineStarts[end] ?? text.length, awaitLines, yieldLines });
  });
  return { functions, topLevelAwaits: [] };
}
