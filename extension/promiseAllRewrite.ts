/**
 * The quick fix of covis/sequential-awaits as plain text: two awaited calls, each a statement of
 * its own line (or both on one line),
 *
 *     const a = await f(x);            await f();
 *     const b = await g(y);            await f();
 *
 * become one statement that starts both before waiting:
 *
 *     const [a, b] = await Promise.all([f(x), g(y)]);      await Promise.all([f(), f()]);
 *
 * Only where the text leaves no doubt: the operand of each `await` is a call chain
 * (`f(x)`, `api.users.get(id)`, `f<T>(x)!`), nothing follows it but `;`, the declarations use
 * one keyword (a type annotation on both becomes a tuple type), each `await` is still at the
 * column the trace recorded and calls the function it called, and the second statement does not
 * mention a name the first declares. Anything else (comments, `as`, arithmetic on the result,
 * a statement spread over lines) gives undefined: no fix offered. No vscode import: tested in Node.
 */

/** One of the finding's two awaits: 1-based line and column of `await`, and the call's text as recorded. */
export interface RecordedAwait {
  line: number;
  column: number;
  text: string;
}

interface Statement {
  keyword?: 'const' | 'let' | 'var';
  pattern?: string;
  type?: string;
  /** The awaited call chain, as written. */
  operand: string;
  /** 0-based index of `await` in the line. */
  awaitAt: number;
  semicolon: boolean;
  /** Index just past the statement (and its `;`). */
  end: number;
}

const IDENTIFIER = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;
/** Words that start an operand which is not a plain call chain. */
const NOT_A_CALLEE = new Set(['new', 'typeof', 'void', 'delete', 'await', 'yield', 'function', 'class', 'async', 'import', 'super']);
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

function identifierAt(s: string, i: number): string | undefined {
  IDENTIFIER.lastIndex = i;
  return IDENTIFIER.exec(s)?.[0];
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}

/** Index of the quote that closes the string opening at `i`; -1 when the line ends first. */
function skipString(s: string, i: number): number {
  const quote = s[i];
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === quote) return j;
  }
  return -1;
}

/** Index of the backtick closing the template at `i`, `${…}` parts included; -1 when not on this line. */
function skipTemplate(s: string, i: number): number {
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '`') return j;
    else if (s[j] === '$' && s[j + 1] === '{') {
      const end = skipGroup(s, j + 1);
      if (end < 0) return -1;
      j = end - 1;
    }
  }
  return -1;
}

/**
 * Index just past the bracket group opening at `i` (`(`, `[`, `{`, or `<` of type arguments),
 * strings and templates skipped; -1 when it does not close on this line or holds a comment.
 * Inside `<…>` an arrow `=>` is not a closer.
 */
function skipGroup(s: string, i: number): number {
  const stack = [CLOSERS[s[i]]];
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    const top = stack[stack.length - 1];
    if (c === '"' || c === "'") j = skipString(s, j);
    else if (c === '`') j = skipTemplate(s, j);
    else if (c === '/' && (s[j + 1] === '/' || s[j + 1] === '*')) return -1;
    else if (c === '=' && s[j + 1] === '>') j++;
    else if (c === '(' || c === '[' || c === '{' || (c === '<' && top === '>')) stack.push(CLOSERS[c]);
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && top === '>')) {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return j + 1;
    }
    if (j < 0) return -1;
  }
  return -1;
}

/** Index just past the call chain starting at `i` (`a.b?.[c](d)<T>(e)!`); -1 when there is none. */
function skipCallChain(s: string, i: number): number {
  const head = identifierAt(s, i);
  if (!head || NOT_A_CALLEE.has(head)) return -1;
  let j = i + head.length;
  for (;;) {
    const c = s[j];
    if (c === '.' || (c === '?' && s[j + 1] === '.')) {
      j += c === '.' ? 1 : 2;
      if (c === '?' && (s[j] === '(' || s[j] === '[')) continue;
      const name = identifierAt(s, s[j] === '#' ? j + 1 : j);
      if (!name) return -1;
      j += name.length + (s[j] === '#' ? 1 : 0);
    } else if (c === '(' || c === '[') {
      j = skipGroup(s, j);
      if (j < 0) return -1;
    } else if (c === '<') {
      // Type arguments of a call (`f<T>(x)`); a comparison is no call chain.
      const end = skipGroup(s, j);
      if (end < 0 || s[end] !== '(') return -1;
      j = end;
    } else if (c === '!' && s[j + 1] !== '=') j++;
    else return j;
  }
}

/** Index of the `=` that ends a type annotation starting at `i` (brackets and `=>` skipped); -1 if none. */
function typeEnd(s: string, i: number): number {
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === '=' && s[j + 1] === '>') j++;
    else if (c === '=') return s[j + 1] === '=' ? -1 : j;
    else if (c in CLOSERS) {
      const end = skipGroup(s, j);
      if (end < 0) return -1;
      j = end - 1;
    } else if (c === '"' || c === "'") {
      j = skipString(s, j);
      if (j < 0) return -1;
    }
  }
  return -1;
}

/** `[const|let|var pattern[: type] =] await call;` from index `i` of a line; undefined when it is anything else. */
export function parseAwaitStatement(s: string, i: number): Statement | undefined {
  let j = skipSpaces(s, i);
  const statement: Partial<Statement> = {};
  const word = identifierAt(s, j);
  if (word === 'const' || word === 'let' || word === 'var') {
    statement.keyword = word;
    j = skipSpaces(s, j + word.length);
    const patternStart = j;
    if (s[j] === '{' || s[j] === '[') j = skipGroup(s, j);
    else {
      const name = identifierAt(s, j);
      j = name && !NOT_A_CALLEE.has(name) ? j + name.length : -1;
    }
    if (j < 0 || j === patternStart) return undefined;
    statement.pattern = s.slice(patternStart, j);
    j = skipSpaces(s, j);
    if (s[j] === ':') {
      const end = typeEnd(s, j + 1);
      if (end < 0) return undefined;
      statement.type = s.slice(j + 1, end).trim();
      if (!statement.type) return undefined;
      j = end;
    }
    if (s[j] !== '=' || s[j + 1] === '=') return undefined;
    j = skipSpaces(s, j + 1);
  }
  if (identifierAt(s, j) !== 'await' || !/[ \t]/.test(s[j + 5] ?? '')) return undefined;
  statement.awaitAt = j;
  const operandStart = skipSpaces(s, j + 5);
  const operandEnd = skipCallChain(s, operandStart);
  if (operandEnd < 0 || s[operandEnd - 1] !== ')') return undefined;
  statement.operand = s.slice(operandStart, operandEnd);
  j = skipSpaces(s, operandEnd);
  statement.semicolon = s[j] === ';';
  statement.end = statement.semicolon ? j + 1 : j;
  return statement as Statement;
}

/** What is compared of a call: no spaces, one kind of quote, no type arguments or `!` (TypeScript was compiled before the trace saw it). */
function comparable(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/'/g, '"')
    .replace(/<[^<>()]*>(?=\()/g, '')
    .replace(/!(?!=)/g, '');
}

/** The callee: the text before the first `(`. */
function callee(text: string): string {
  const at = text.indexOf('(');
  return at < 0 ? text : text.slice(0, at);
}

/** The statement still awaits the call the trace recorded there (its text may be shortened with `…`). */
function sameCall(operand: string, recorded: string): boolean {
  const now = comparable(operand);
  const truncated = recorded.endsWith('…');
  const then = comparable(truncated ? recorded.slice(0, -1) : recorded);
  if (now === then || (truncated && now.startsWith(then))) return true;
  return then.includes('(') && callee(now) === callee(then);
}

/** Identifiers of a piece of code outside its strings (property names included: that only errs towards "no fix"). */
function namesIn(code: string): Set<string> {
  const names = new Set<string>();
  for (let j = 0; j < code.length; j++) {
    const c = code[j];
    if (c === '"' || c === "'" || c === '`') {
      const end = c === '`' ? skipTemplate(code, j) : skipString(code, j);
      if (c === '`') for (const name of namesIn(code.slice(j + 1, end < 0 ? code.length : end))) names.add(name);
      if (end < 0) break;
      j = end;
      continue;
    }
    const name = identifierAt(code, j);
    if (name) {
      names.add(name);
      j += name.length - 1;
    }
  }
  return names;
}

/** The tuple type of the destructured result: both annotations, or `unknown` for an expression statement's slot. */
function tupleType(a: Statement, b: Statement): string | undefined | null {
  const declared = [a, b].filter((s) => s.keyword);
  const typed = declared.filter((s) => s.type);
  if (typed.length === 0) return undefined;
  // One declaration annotated and the other not: which type the other has is not ours to guess.
  if (typed.length !== declared.length) return null;
  return `[${a.type ?? 'unknown'}, ${b.type ?? 'unknown'}]`;
}

/**
 * The replacement for the lines `lines[0]` (the first await's line) to the last (the second's),
 * or undefined when the text is not one of the shapes above or no longer what the trace recorded.
 * Lines between the two statements must be empty.
 */
export function promiseAllRewrite(lines: readonly string[], first: RecordedAwait, second: RecordedAwait): string | undefined {
  if (lines.length === 0 || second.line - first.line !== lines.length - 1) return undefined;
  const firstLine = lines[0];
  const indent = /^[ \t]*/.exec(firstLine)![0];
  const a = parseAwaitStatement(firstLine, indent.length);
  if (!a) return undefined;
  let b: Statement | undefined;
  if (lines.length === 1) {
    // Both on one line: `await f(); await f();`.
    if (!a.semicolon) return undefined;
    b = parseAwaitStatement(firstLine, a.end);
    if (!b || b.keyword || a.keyword) return undefined;
  } else {
    if (a.end !== firstLine.trimEnd().length) return undefined;
    if (lines.slice(1, -1).some((line) => line.trim() !== '')) return undefined;
    const lastLine = lines[lines.length - 1];
    b = parseAwaitStatement(lastLine, 0);
  }
  const lastLine = lines[lines.length - 1];
  if (!b || b.end !== lastLine.trimEnd().length) return undefined;
  if (a.awaitAt + 1 !== first.column || b.awaitAt + 1 !== second.column) return undefined;
  if (!sameCall(a.operand, first.text) || !sameCall(b.operand, second.text)) return undefined;
  if (a.keyword && b.keyword && a.keyword !== b.keyword) return undefined;
  if (a.pattern) {
    const bound = namesIn(a.pattern);
    const read = namesIn(`${b.operand} ${b.pattern ?? ''} ${b.type ?? ''}`);
    if ([...bound].some((name) => read.has(name))) return undefined;
  }
  const all = `await Promise.all([${a.operand}, ${b.operand}])${a.semicolon || b.semicolon ? ';' : ''}`;
  const keyword = a.keyword ?? b.keyword;
  if (!keyword) return `${indent}${all}`;
  const type = tupleType(a, b);
  if (type === null) return undefined;
  // An expression statement's slot is a hole: `const [, b]`, `const [a]`.
  const pattern = b.pattern ? `[${a.pattern ?? ''}, ${b.pattern}]` : `[${a.pattern}]`;
  return `${indent}${keyword} ${pattern}${type ? `: ${type}` : ''} = ${all}`;
}
