/**
 * A small lexical scan of a TS/JS file for coroutine functions and their await/yield points,
 * used by the CodeLens and by the hover when no session has run yet. It is deliberately not a
 * parser (the extension stays small and fast on every keystroke): strings, comments and
 * template text are blanked first, then declarations are found by pattern and bodies by brace
 * matching. Good enough to count await points; the runtime's sites are the truth after a run.
 */

import { scanPythonCoroutines } from './pythonScan';

export type CoroutineKind = 'async' | 'generator' | 'async-generator';

export interface ScannedFunction {
  name: string;
  kind: CoroutineKind;
  /** 0-based line and column of the name (or of `async` for anonymous arrows). */
  line: number;
  column: number;
  /** Offsets of the body (inside the braces, or the arrow's expression). */
  bodyStart: number;
  bodyEnd: number;
  /** 0-based lines of the await / yield / for-await points directly inside (not in nested functions). */
  awaitLines: number[];
  yieldLines: number[];
}

export interface ScanResult {
  functions: ScannedFunction[];
  /** 0-based lines of awaits at module top level. */
  topLevelAwaits: number[];
}

/** Replaces string, comment and template-literal text with spaces (newlines kept). */
export function blankNonCode(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const templateDepth: number[] = []; // brace depth at which each open `${` started
  let braces = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      blank(i, end < 0 ? text.length : end + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else if (c === '`' || (c === '}' && templateDepth.length && templateDepth[templateDepth.length - 1] === braces)) {
      if (c === '}') templateDepth.pop();
      let j = i + 1;
      while (j < text.length && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      if (text[j] === '$') {
        templateDepth.push(braces);
        i = j + 2;
      } else i = j + 1;
    } else {
      if (c === '{') braces++;
      else if (c === '}') braces--;
      i++;
    }
  }
  return out.join('');
}

const DECLARATIONS: { re: RegExp; kind: (m: RegExpExecArray) => CoroutineKind; arrow?: boolean }[] = [
  // async function name(  /  async function* name(  /  function* name(
  { re: /\b(async\s+)?function\s*(\*)?\s*([A-Za-z_$][\w$]*)?\s*(?:<[^>]*>)?\s*\(/g, kind: (m) => (m[1] ? (m[2] ? 'async-generator' : 'async') : 'generator') },
  // methods: async name(  /  async *name(  /  *name(   at the start of a class/object member
  { re: /(?:^|[{;,]|\n)[ \t]*(?:(?:static|public|private|protected|override)\s+)*(?:(async)\s*(\*)?|(\*))\s*([A-Za-z_$#][\w$]*)\s*(?:<[^>]*>)?\s*\(/g, kind: (m) => (m[1] ? (m[2] ? 'async-generator' : 'async') : 'generator') },
  // arrows: name = async (…) =>  /  name = async x =>
  { re: /(?:([A-Za-z_$][\w$]*)\s*(?::[^=\n]*)?=\s*)?\basync\s*(?:\([^()]*(?:\([^()]*\)[^()]*)*\)|[A-Za-z_$][\w$]*)\s*(?::[^=\n]*)?=>/g, kind: () => 'async', arrow: true },
];

export function scanCoroutines(text: string, fileName = ''): ScanResult {
  if (/\.pyw?$/i.test(fileName)) return scanPythonCoroutines(text);
  const code = blankNonCode(text);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - lineStarts[lo] };
  };

  const functions: ScannedFunction[] = [];
  const seen = new Set<number>();
  for (const decl of DECLARATIONS) {
    decl.re.lastIndex = 0;
    for (let m = decl.re.exec(code); m; m = decl.re.exec(code)) {
      const kind = decl.kind(m);
      if (decl === DECLARATIONS[0] && kind === 'generator' && !m[2]) continue; // plain function
      const name = decl.arrow ? (m[1] ?? '<anonymous>') : ((decl === DECLARATIONS[0] ? m[3] : m[4]) ?? '<anonymous>');
      if (!decl.arrow && decl === DECLARATIONS[1] && ['if', 'for', 'while', 'switch', 'catch', 'function'].includes(name)) continue;
      const nameAt = name === '<anonymous>' ? m.index + m[0].search(/\S/) : code.indexOf(name, m.index + (decl.arrow ? 0 : m[0].search(/\S/)));
      const body = decl.arrow ? arrowBody(code, m.index + m[0].length) : blockBody(code, m.index + m[0].length - 1);
      if (!body || seen.has(body.start)) continue;
      seen.add(body.start);
      const at = position(nameAt);
      functions.push({ name, kind, line: at.line, column: at.column, bodyStart: body.start, bodyEnd: body.end, awaitLines: [], yieldLines: [] });
    }
  }
  functions.sort((a, b) => a.bodyStart - b.bodyStart);

  const topLevelAwaits: number[] = [];
  const points = /\b(await|yield)\b/g;
  for (let m = points.exec(code); m; m = points.exec(code)) {
    let owner: ScannedFunction | undefined;
    for (const fn of functions) if (fn.bodyStart <= m.index && m.index < fn.bodyEnd && (!owner || fn.bodyStart > owner.bodyStart)) owner = fn;
    const line = position(m.index).line;
    if (!owner) {
      if (m[1] === 'await') topLevelAwaits.push(line);
    } else if (m[1] === 'await') owner.awaitLines.push(line);
    else if (owner.kind !== 'async') owner.yieldLines.push(line);
  }
  return { functions, topLevelAwaits };
}

/** `(params) … {body}`: from the parameter list's `(`, skip to its `)`, then to the body's braces. */
function blockBody(code: string, openParen: number): { start: number; end: number } | undefined {
  const close = matching(code, openParen, '(', ')');
  if (close < 0) return undefined;
  const open = code.indexOf('{', close);
  if (open < 0) return undefined;
  // A return type annotation may hold braces (`: { a: number }`); accept the first `{` whose
  // text between `)` and it is only a type, which is good enough for real code.
  const end = matching(code, open, '{', '}');
  return end < 0 ? undefined : { start: open + 1, end };
}

function arrowBody(code: string, after: number): { start: number; end: number } | undefined {
  let i = after;
  while (/\s/.test(code[i] ?? '')) i++;
  if (code[i] === '{') {
    const end = matching(code, i, '{', '}');
    return end < 0 ? undefined : { start: i + 1, end };
  }
  // Expression body: up to the end of the statement at this nesting level.
  let depth = 0;
  let j = i;
  for (; j < code.length; j++) {
    const c = code[j];
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if ((c === ';' || c === ',') && depth === 0) break;
  }
  return { start: i, end: j };
}

function matching(code: string, open: number, o: string, c: string): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === o) depth++;
    else if (code[i] === c && --depth === 0) return i;
  }
  return -1;
}
