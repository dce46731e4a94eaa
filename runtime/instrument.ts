/**
 * Places recording probes in a JavaScript source (types already stripped, offsets unchanged).
 * Every probe returns its operand, so `await x` still awaits the very same `x` and microtask
 * order is untouched. The probe API it targets is `Probes` in probes.ts.
 */
import { parse, type Node as AcornNode } from 'acorn';
import { ancestor } from 'acorn-walk';
import MagicString, { type DecodedSourceMap } from 'magic-string';
import type { SiteKind } from '../protocol/events';
import { PROBE, PROBES_GLOBAL } from './probes';

export const SITE_KIND_CODES: SiteKind[] = ['async', 'generator', 'async-generator', 'module', 'await', 'yield', 'for-await'];

/** [id, kind code, name, line (1-based), column (1-based), enclosing function site id or -1]. */
export type SiteTuple = [number, number, string, number, number, number];

export interface InstrumentResult {
  code: string;
  /** Source map of `code` back to the input, decoded; undefined when nothing changed. */
  map?: DecodedSourceMap;
  sites: SiteTuple[];
}

export interface InstrumentOptions {
  /** Absolute path, used in sites and the source map. */
  file: string;
  module: boolean;
  /** Allocates one site id; the caller owns the id space. */
  nextSiteId: () => number;
  /**
   * The entry of a worker thread or child process: its first statement tells the recorder the
   * script starts even when there is no coroutine in it (a worker doing CPU work shows as busy).
   */
  markStart?: boolean;
  /**
   * Where a position of `source` (1-based) was written, when `source` is itself generated
   * (TypeScript that had to be transformed): sites name the user's lines.
   */
  writtenAt?: (line: number, column: number) => { line: number; column: number };
}

// Names the probes use in user code; `$` keeps them clear of anything a person would write.
const G = PROBES_GLOBAL;
const TASK = '__covis$t';
const MODULE_TASK = '__covis$m';

type AnyNode = AcornNode & Record<string, any>;

const MAX_NAME = 48;

export function instrument(source: string, options: InstrumentOptions): InstrumentResult {
  const ast = parse(source, {
    ecmaVersion: 'latest',
    sourceType: options.module ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: !options.module,
    allowAwaitOutsideFunction: options.module,
    locations: true,
  }) as AnyNode;

  const functions: { node: AnyNode; ancestors: AnyNode[] }[] = [];
  const suspensions: { node: AnyNode; ancestors: AnyNode[] }[] = [];
  // catch/finally blocks: a rejected await lands there without passing the resume probe.
  const handlers: { block: AnyNode; ancestors: AnyNode[] }[] = [];
  // Calls whose result is kept (`const t = f()`, `x = f()`, `[f(), g()]`): a task they create is
  // tied to the value, so a later `await t` knows which task it waits on.
  const keptCalls: AnyNode[] = [];
  // `return` statements, and what makes a function keep the `finally` form (see wrapBody).
  const returns: { node: AnyNode; ancestors: AnyNode[] }[] = [];
  const usingDeclarations: { node: AnyNode; ancestors: AnyNode[] }[] = [];
  const isCoroutine = (n: AnyNode): boolean => n.async === true || n.generator === true;
  ancestor(ast, {
    Function(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      if (isCoroutine(node)) functions.push({ node, ancestors: ancestors.slice(0, -1) });
    },
    AwaitExpression(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      suspensions.push({ node, ancestors: ancestors.slice() });
    },
    YieldExpression(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      suspensions.push({ node, ancestors: ancestors.slice() });
    },
    ForOfStatement(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      if (node.await) suspensions.push({ node, ancestors: ancestors.slice() });
    },
    CallExpression(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      const parent = ancestors[ancestors.length - 2];
      const kept =
        (parent?.type === 'VariableDeclarator' && parent.init === node) ||
        (parent?.type === 'AssignmentExpression' && parent.right === node) ||
        (parent?.type === 'ArrayExpression' && (parent.elements as AnyNode[]).includes(node));
      if (kept && node.callee.type !== 'Super' && !isKeepNamesCall(node)) keptCalls.push(node);
    },
    ReturnStatement(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      returns.push({ node, ancestors: ancestors.slice() });
    },
    VariableDeclaration(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      if (String(node.kind).endsWith('using')) usingDeclarations.push({ node, ancestors: ancestors.slice() });
    },
    CatchClause(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      handlers.push({ block: node.body, ancestors: ancestors.slice() });
    },
    TryStatement(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      if (node.finalizer) handlers.push({ block: node.finalizer, ancestors: ancestors.slice() });
    },
  } as never);

  if (functions.length === 0 && suspensions.length === 0 && !options.markStart) return { code: source, sites: [] };
  // acorn-walk reports children before parents. Probes of nested nodes that share a start
  // (`await await x`, `async () => async () => 1`) must nest outer-first: an outer prefix
  // inserted at the same offset has to come before the inner one (and its suffix after).
  const outerFirst = (a: { node: AnyNode }, b: { node: AnyNode }): number => a.node.start - b.node.start || b.node.end - a.node.end;
  functions.sort(outerFirst);
  suspensions.sort(outerFirst);

  const out = new MagicString(source);
  const sites: SiteTuple[] = [];
  const siteOfFunction = new Map<AnyNode, number>();
  const addSite = (kind: SiteKind, name: string, node: AnyNode, fn: number): number => {
    const id = options.nextSiteId();
    const at = { line: node.loc!.start.line, column: node.loc!.start.column + 1 };
    const written = options.writtenAt?.(at.line, at.column) ?? at;
    sites.push([id, SITE_KIND_CODES.indexOf(kind), name, written.line, written.column, fn]);
    return id;
  };

  const returnsOf = new Map<AnyNode, { node: AnyNode; ancestors: AnyNode[] }[]>();
  for (const entry of returns) {
    const owner = nearestFunction(entry.ancestors, entry.node);
    if (!owner || !isCoroutine(owner)) continue;
    const list = returnsOf.get(owner);
    if (list) list.push(entry);
    else returnsOf.set(owner, [entry]);
  }
  const withUsing = new Set(usingDeclarations.map(({ node, ancestors }) => nearestFunction(ancestors, node)));
  for (const { node, ancestors } of functions) {
    const kind: SiteKind = node.async && node.generator ? 'async-generator' : node.generator ? 'generator' : 'async';
    const site = addSite(kind, functionName(node, ancestors, source), node, -1);
    siteOfFunction.set(node, site);
    const own = returnsOf.get(node) ?? [];
    const completesAtReturn = kind === 'async' && !withUsing.has(node) && !own.some((r) => codeRunsAfterReturn(r.ancestors, node));
    wrapBody(out, source, node, site, own.map((r) => r.node), completesAtReturn);
  }

  let moduleSite = -1;
  for (const { node, ancestors } of suspensions) {
    const owner = nearestFunction(ancestors, node);
    let task = TASK;
    let fnSite = owner ? (siteOfFunction.get(owner) ?? -1) : -1;
    if (!owner) {
      if (moduleSite < 0) moduleSite = addSite('module', '<top-level await>', ast, -1);
      task = MODULE_TASK;
      fnSite = moduleSite;
    }
    if (node.type === 'AwaitExpression') instrumentAwait(out, source, node, addSite('await', excerpt(source, node), node, fnSite), task);
    else if (node.type === 'YieldExpression') instrumentYield(out, node, addSite('yield', excerpt(source, node), node, fnSite), task);
    else instrumentForAwait(out, node, addSite('for-await', excerpt(source, node, node.body.start), node, fnSite), task);
  }

  for (const { block, ancestors } of handlers) {
    const owner = nearestFunction(ancestors, block);
    if (owner ? !siteOfFunction.has(owner) : moduleSite < 0) continue;
    // A no-op when the task is already running; marks the resume when a rejection got here.
    out.appendLeft(block.start + 1, `${G}.${PROBE.resume}(${owner ? TASK : MODULE_TASK});`);
  }

  for (const call of keptCalls) {
    out.appendLeft(call.start, `${G}.${PROBE.keptCall}(${G}.${PROBE.nextTask},(`);
    out.prependRight(call.end, '))');
  }

  // After a hashbang line, and after the directive prologue: a statement placed before
  // 'use strict' would turn the directive into a plain string and the script sloppy.
  let prologueAt = source.startsWith('#!') ? source.indexOf('\n') + 1 || source.length : 0;
  let afterDirective = false;
  for (const statement of ast.body as AnyNode[]) {
    if (statement.directive === undefined) break;
    prologueAt = statement.end;
    afterDirective = true;
  }
  // A directive may lack its semicolon: end it before the first statement we add.
  let prologue = `${afterDirective ? ';' : ''}${G}.${PROBE.sites}(${JSON.stringify(options.file)},${JSON.stringify(sites)});`;
  if (moduleSite >= 0) {
    prologue += `const ${MODULE_TASK}=${G}.${PROBE.enter}(${moduleSite});`;
    out.append(`\n;${G}.${PROBE.done}(${MODULE_TASK});`);
  }
  out.appendLeft(prologueAt, prologue);
  const map = out.generateDecodedMap({ source: options.file, hires: 'boundary' });
  return { code: out.toString(), map, sites };
}

function nearestFunction(ancestors: AnyNode[], self: AnyNode): AnyNode | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a !== self && /Function/.test(a.type)) return a;
  }
  return undefined;
}

/**
 * Code of the function itself can run after a `return` inside these: the finally blocks of the
 * user's try statements, and a for-await loop's `await iterator.return()`.
 */
function codeRunsAfterReturn(ancestors: AnyNode[], fn: AnyNode): boolean {
  for (let i = ancestors.indexOf(fn) + 1; i < ancestors.length; i++) {
    const a = ancestors[i];
    if ((a.type === 'TryStatement' && a.finalizer) || (a.type === 'ForOfStatement' && a.await)) return true;
  }
  return false;
}

/**
 * Wraps a coroutine body in enter/fail/done probes. Generators, and async functions where code of
 * their own can run after a `return` (the user's `finally`, a for-await loop's iterator closing,
 * `using` disposal), get `try{…}catch{…}finally{done}`: a generator closed by `return()` from
 * outside passes only through the finally. The other async functions complete at each `return`
 * (`return __covis.rd(t,(v))`) and after the body: no `finally`, which cost V8 about 0.05x of a
 * coroutine-switching program on its own (bench/ README). Returned values are kept for the
 * completion's summary either way.
 */
function wrapBody(out: MagicString, source: string, fn: AnyNode, site: number, returns: AnyNode[], completesAtReturn: boolean): void {
  const enter = `const ${TASK}=${G}.${PROBE.enter}(${site});`;
  const fail = `catch(__covis$e){throw ${G}.${PROBE.fail}(${TASK},__covis$e)}`;
  const returnProbe = completesAtReturn ? PROBE.returned : PROBE.returnLater;
  for (const statement of returns) {
    const arg = statement.argument as AnyNode | null;
    if (arg) {
      out.appendLeft(arg.start, `${G}.${returnProbe}(${TASK},(`);
      out.prependRight(arg.end, '))');
    } else if (completesAtReturn) out.appendLeft(statement.start + 'return'.length, ` ${G}.${PROBE.returned}(${TASK})`);
  }
  const tail = completesAtReturn ? `${fail}${G}.${PROBE.done}(${TASK});` : `${fail}finally{${G}.${PROBE.done}(${TASK})}`;
  const body = fn.body as AnyNode;
  if (body.type === 'BlockStatement') {
    // Directives ("use strict") must stay the first statements of the body.
    let at = body.start + 1;
    let afterDirective = false;
    for (const statement of body.body as AnyNode[]) {
      if (statement.directive === undefined) break;
      at = statement.end;
      afterDirective = true;
    }
    // `;`: the last directive may have no semicolon of its own.
    out.appendLeft(at, `${afterDirective ? ';' : ''}${enter}try{`);
    out.prependRight(body.end - 1, `}${tail}`);
    return;
  }
  // Concise arrow body: the body, with the parentheses around it, becomes the returned value.
  // (Not "everything after `=>`": a comment between `=>` and the body may itself hold `=>`.)
  out.appendLeft(parenthesizedStart(source, body), `{${enter}try{return ${G}.${returnProbe}(${TASK},`);
  out.prependRight(fn.end, `)}${completesAtReturn ? fail : tail}}`);
}

function instrumentAwait(out: MagicString, source: string, node: AnyNode, site: number, task: string): void {
  const arg = node.argument as AnyNode;
  const argStart = outerStart(source, node, arg);
  const argEnd = outerEnd(source, node, arg);
  out.appendLeft(node.start, `${G}.${PROBE.resume}(${task},`);
  if ((arg.type === 'CallExpression' || arg.type === 'NewExpression') && !madeByPromise(arg)) {
    // `await f()`: mark the call so the task it creates can be tied to the promise awaited.
    out.appendLeft(argStart, `${G}.${PROBE.awaitCall}(${task},${site},${G}.${PROBE.nextTask},(`);
    out.prependRight(argEnd, '))');
  } else {
    out.appendLeft(argStart, `${G}.${PROBE.await}(${task},${site},(`);
    out.prependRight(argEnd, '))');
  }
  out.prependRight(node.end, ')');
}

/**
 * `Promise.all([...])`, `new Promise(...)`: the promise awaited is the combinator's or the
 * constructor's, never that of a task created while evaluating the arguments.
 */
function madeByPromise(call: AnyNode): boolean {
  const callee = call.callee as AnyNode;
  const target = callee.type === 'MemberExpression' ? (callee.object as AnyNode) : callee;
  return target.type === 'Identifier' && target.name === 'Promise';
}

function instrumentYield(out: MagicString, node: AnyNode, site: number, task: string): void {
  const arg = node.argument as AnyNode | null;
  out.appendLeft(node.start, `${G}.${PROBE.resume}(${task},`);
  if (arg) {
    out.appendLeft(arg.start, `${G}.${PROBE.yield}(${task},${site},(`);
    out.prependRight(arg.end, '))');
  } else {
    out.appendLeft(node.end, ` ${G}.${PROBE.yield}(${task},${site},undefined)`);
  }
  out.prependRight(node.end, ')');
}

function instrumentForAwait(out: MagicString, node: AnyNode, site: number, task: string): void {
  const right = node.right as AnyNode;
  out.appendLeft(right.start, `${G}.${PROBE.forAwait}(${task},${site},(`);
  out.prependRight(right.end, '))');
  // The next iteration's wait is marked in a `finally`, so that `continue` (which skips the end
  // of the body) still records it; otherwise the task would look running while it waits.
  const body = node.body as AnyNode;
  if (body.type === 'BlockStatement') {
    out.appendLeft(body.start + 1, `${G}.${PROBE.resume}(${task});try{`);
    out.prependRight(body.end - 1, `}finally{${G}.${PROBE.forAwait}(${task},${site})}`);
  } else {
    out.appendLeft(body.start, `{${G}.${PROBE.resume}(${task});try{`);
    out.prependRight(body.end, `}finally{${G}.${PROBE.forAwait}(${task},${site})}}`);
  }
}

/** Start of `node` including the parentheses directly around it (acorn's start excludes them). */
function parenthesizedStart(source: string, node: AnyNode): number {
  let at = node.start;
  for (let i = node.start - 1; i >= 0; i--) {
    const ch = source[i];
    if (ch === '(') at = i;
    else if (!/\s/.test(ch)) break;
  }
  return at;
}

/** Start of `arg` including parentheses written around it inside `parent`. */
function outerStart(source: string, parent: AnyNode, arg: AnyNode): number {
  let at = arg.start;
  for (let i = arg.start - 1; i >= parent.start; i--) {
    const ch = source[i];
    if (ch === '(') at = i;
    else if (!/\s/.test(ch)) break;
  }
  return at;
}

function outerEnd(source: string, parent: AnyNode, arg: AnyNode): number {
  let at = arg.end;
  for (let i = arg.end; i < parent.end; i++) {
    const ch = source[i];
    if (ch === ')') at = i + 1;
    else if (!/\s/.test(ch)) break;
  }
  return at;
}

function excerpt(source: string, node: AnyNode, end = node.end): string {
  const text = source.slice(node.start, end).replace(/\s+/g, ' ').trim();
  return text.length > MAX_NAME ? `${text.slice(0, MAX_NAME - 1)}…` : text;
}

function keyName(key: AnyNode, computed: boolean, source: string): string {
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal') return String(key.value);
  return `[${excerpt(source, key)}]`;
}

/** `__name(fn, "name")`, esbuild's helper that keeps a function's name (tsx's option, and ours). */
function isKeepNamesCall(node: AnyNode): boolean {
  return node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === '__name' && node.arguments.length === 2 && node.arguments[1].type === 'Literal' && typeof node.arguments[1].value === 'string';
}

/** A readable name for a coroutine function, from its own id or where it is defined. */
export function functionName(fn: AnyNode, ancestors: AnyNode[], source: string): string {
  if (fn.id?.name) return fn.id.name;
  const parent = ancestors[ancestors.length - 1];
  if (!parent) return '<anonymous>';
  // esbuild's keepNames wraps a function in `__name(fn, "name")`: named where the call stands.
  if (isKeepNamesCall(parent) && parent.arguments[0] === fn) {
    const where = functionName(parent, ancestors.slice(0, -1), source);
    return where === '<anonymous>' ? (parent.arguments[1].value as string) : where;
  }
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'AssignmentExpression') return excerpt(source, parent.left);
  if (parent.type === 'Property') return keyName(parent.key, parent.computed, source);
  if (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') {
    const cls = ancestors[ancestors.length - 3];
    const owner = cls?.id?.name ?? (ancestors[ancestors.length - 4]?.type === 'VariableDeclarator' ? ancestors[ancestors.length - 4].id.name : undefined);
    const method = keyName(parent.key, parent.computed, source);
    return owner ? `${owner}.${method}` : method;
  }
  return '<anonymous>';
}
