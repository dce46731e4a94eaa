/**
 * What the rules need to know from the program's source, read with acorn (the parser the
 * instrumenter uses, so positions agree with the trace's sites): pairs of awaited calls in a
 * row that do not depend on each other, and what becomes of the promise of each call. Pure: the
 * caller hands the source in (TypeScript compiled to JavaScript, with where its positions were
 * written).
 */
import { parse, type Node as AcornNode } from 'acorn';
import { ancestor, full } from 'acorn-walk';
import type { ParsableSource, WrittenAt } from './types';

type AnyNode = AcornNode & Record<string, any>;

export interface Position {
  line: number;
  column: number;
}

/** Two awaited calls in consecutive statements of one block, the second not using the first's result. */
export interface AwaitPair {
  /** Where each `await` is (the trace's await sites are there). */
  first: Position;
  second: Position;
  firstText: string;
  secondText: string;
  /** 'value': the first result is kept in a variable the second statement does not read; 'repeat': the same function awaited twice, the first result unused. */
  kind: 'value' | 'repeat';
}

/** What happens to the promise of a call (the value of the call expression). */
export type Fate = 'dropped' | 'void' | 'used';

export interface CallFact {
  /** Positions V8 may give for the call: the called name (`job` in `this.job()`), and the call's start. */
  at: Position[];
  line: number;
  fate: Fate;
  /** Functions passed to the call as arguments, and what the call does with the promises they return. */
  callbacks: Position[];
  callbackFate: Fate;
  /** The function the call is written in: an async one, a plain one, or the module's top level. */
  creator: 'async' | 'sync' | 'top';
  /** The called function's name (`run` in `this.run()`), when it has one. */
  callee?: string;
  text: string;
}

export interface SourceFacts {
  awaitPairs: AwaitPair[];
  calls: CallFact[];
}

const MAX_TEXT = 48;

/** undefined: the code does not parse (a TypeScript file given as it is, a syntax error). */
export function sourceFacts(source: string | ParsableSource): SourceFacts | undefined {
  const { code, writtenAt } = typeof source === 'string' ? { code: source, writtenAt: undefined } : source;
  const ast = parseAny(code);
  if (!ast) return undefined;
  const position = positionIn(writtenAt);
  const awaitPairs: AwaitPair[] = [];
  const calls: CallFact[] = [];
  const statementList = (list: AnyNode[]): void => {
    for (let i = 1; i < list.length; i++) {
      const pair = independentPair(list[i - 1], list[i], code);
      if (pair) awaitPairs.push({ ...pair, first: position(pair.firstNode), second: position(pair.secondNode) });
    }
  };
  ancestor(ast, {
    Program: (node: AnyNode) => statementList(node.body),
    BlockStatement: (node: AnyNode) => statementList(node.body),
    StaticBlock: (node: AnyNode) => statementList(node.body),
    SwitchCase: (node: AnyNode) => statementList(node.consequent),
    CallExpression(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      calls.push(callFact(node, ancestors.slice(0, -1), code, position));
    },
  } as never);
  return { awaitPairs, calls };
}

function parseAny(code: string): AnyNode | undefined {
  for (const sourceType of ['module', 'script'] as const) {
    try {
      return parse(code, {
        ecmaVersion: 'latest',
        sourceType,
        allowHashBang: true,
        allowAwaitOutsideFunction: sourceType === 'module',
        allowReturnOutsideFunction: sourceType === 'script',
        locations: true,
      }) as AnyNode;
    } catch {
      // Try the other kind of source; neither: not JavaScript acorn reads.
    }
  }
  return undefined;
}

/** 1-based line and column of a node where it was written. */
function positionIn(writtenAt: WrittenAt | undefined): (node: AnyNode) => Position {
  return (node) => {
    const at = { line: node.loc!.start.line, column: node.loc!.start.column + 1 };
    return writtenAt ? writtenAt(at.line, at.column) : at;
  };
}

interface AwaitedCall {
  await: AnyNode;
  call: AnyNode;
  /** Names the statement declares (`const { a, b } = await f()`); undefined for `await f();`. */
  binds?: string[];
}

/** `await f(…);` or `const/let/var x = await f(…);` (one declarator). */
function awaitedCall(statement: AnyNode): AwaitedCall | undefined {
  if (statement.type === 'ExpressionStatement') {
    const call = awaitedCallOf(statement.expression);
    return call && { await: statement.expression, call };
  }
  if (statement.type === 'VariableDeclaration' && ['const', 'let', 'var'].includes(statement.kind) && statement.declarations.length === 1) {
    const declarator = statement.declarations[0] as AnyNode;
    const call = declarator.init ? awaitedCallOf(declarator.init) : undefined;
    return call && { await: declarator.init, call, binds: patternNames(declarator.id) };
  }
  return undefined;
}

function awaitedCallOf(expression: AnyNode): AnyNode | undefined {
  if (expression.type !== 'AwaitExpression') return undefined;
  const argument = expression.argument.type === 'ChainExpression' ? expression.argument.expression : expression.argument;
  return argument.type === 'CallExpression' ? argument : undefined;
}

/**
 * The second statement may run alongside the first when it reads none of the names the first
 * declares, and the two do not call methods of one object (a connection, a queue, a page: calls
 * on one object are taken as ordered on purpose). Two bare `await f(…);` in a row count only
 * when they call the same function and hand it no function to run (`await test('a', async () =>
 * …)` twice orders the tests): awaiting a call whose result is unused is otherwise how code
 * orders side effects.
 */
function independentPair(a: AnyNode, b: AnyNode, code: string): (Omit<AwaitPair, 'first' | 'second'> & { firstNode: AnyNode; secondNode: AnyNode }) | undefined {
  const first = awaitedCall(a);
  const second = first && awaitedCall(b);
  if (!first || !second) return undefined;
  let kind: AwaitPair['kind'];
  if (first.binds) {
    const read = namesIn(b);
    if (first.binds.length === 0 || first.binds.some((name) => read.has(name))) return undefined;
    if (sameReceiver(first.call, second.call, code)) return undefined;
    kind = 'value';
  } else {
    const [f, g] = [first.call.callee, second.call.callee];
    if (f.type !== 'Identifier' || g.type !== 'Identifier' || f.name !== g.name) return undefined;
    // `await test('a', async () => …); await test('b', …)`: a call handed code to run orders that code on purpose.
    if ([first.call, second.call].some(takesFunction)) return undefined;
    kind = 'repeat';
  }
  return { kind, firstNode: first.await, secondNode: second.await, firstText: excerpt(code, first.call), secondText: excerpt(code, second.call) };
}

function takesFunction(call: AnyNode): boolean {
  return (call.arguments as AnyNode[]).some((arg) => arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression');
}

function sameReceiver(f: AnyNode, g: AnyNode, code: string): boolean {
  const receiver = (call: AnyNode): string | undefined => (call.callee.type === 'MemberExpression' ? code.slice(call.callee.object.start, call.callee.object.end) : undefined);
  const r = receiver(f);
  return r !== undefined && r === receiver(g);
}

/** Every identifier (and `this`) in a node: property names included, which only errs towards "dependent". */
function namesIn(node: AnyNode): Set<string> {
  const names = new Set<string>();
  full(node, (n: AnyNode) => {
    if (n.type === 'Identifier') names.add(n.name);
    else if (n.type === 'ThisExpression') names.add('this');
  });
  return names;
}

function patternNames(pattern: AnyNode): string[] {
  const names: string[] = [];
  const visit = (p: AnyNode | null): void => {
    if (!p) return;
    if (p.type === 'Identifier') names.push(p.name);
    else if (p.type === 'ObjectPattern') for (const property of p.properties) visit(property.type === 'RestElement' ? property.argument : property.value);
    else if (p.type === 'ArrayPattern') for (const element of p.elements) visit(element);
    else if (p.type === 'RestElement') visit(p.argument);
    else if (p.type === 'AssignmentPattern') visit(p.left);
  };
  visit(pattern);
  return names;
}

function callFact(call: AnyNode, ancestors: AnyNode[], code: string, position: (node: AnyNode) => Position): CallFact {
  const callee = call.callee as AnyNode;
  const named = callee.type === 'MemberExpression' ? callee.property : callee;
  const at = [position(named), position(call)];
  const fate = fateOf(call, ancestors);
  const method = calledName(call);
  // forEach drops what its callback returns; map hands it back, so the array's fate decides.
  const callbackFate: Fate = method === 'forEach' ? 'dropped' : method === 'map' || method === 'flatMap' ? fate : 'used';
  const callbacks = (call.arguments as AnyNode[]).filter((arg) => arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression').map(position);
  return { at, line: at[0].line, fate, callbacks, callbackFate, creator: creatorOf(ancestors), ...(method ? { callee: method } : {}), text: excerpt(code, call) };
}

function calledName(call: AnyNode): string | undefined {
  const callee = call.callee as AnyNode;
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  return undefined;
}

/** `f();` drops the promise, `void f()` drops it on purpose, anything else hands it on. */
function fateOf(node: AnyNode, ancestors: AnyNode[]): Fate {
  let i = ancestors.length - 1;
  while (i >= 0 && ancestors[i].type === 'ChainExpression') node = ancestors[i--];
  const parent = ancestors[i];
  if (!parent) return 'used';
  if (parent.type === 'ExpressionStatement') return 'dropped';
  if (parent.type === 'UnaryExpression' && parent.operator === 'void') return 'void';
  // `items.forEach((x) => f(x))`: the arrow returns the promise to forEach, which drops it.
  if (parent.type === 'ArrowFunctionExpression' && parent.expression && parent.body === node) {
    const holder = ancestors[i - 1];
    if (holder?.type === 'CallExpression' && (holder.arguments as AnyNode[]).includes(parent) && calledName(holder) === 'forEach') return 'dropped';
  }
  return 'used';
}

function creatorOf(ancestors: AnyNode[]): CallFact['creator'] {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (/Function/.test(a.type)) return a.async ? 'async' : 'sync';
  }
  return 'top';
}

function excerpt(code: string, node: AnyNode): string {
  const text = code.slice(node.start, node.end).replace(/\s+/g, ' ').trim();
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** The call at a position V8 gave for it; failing an exact match, the only call on that line. */
export function callAt(facts: SourceFacts, line: number, column: number): CallFact | undefined {
  const onLine = facts.calls.filter((call) => call.line === line || call.at.some((at) => at.line === line));
  return onLine.find((call) => call.at.some((at) => at.line === line && at.column === column)) ?? (onLine.length === 1 ? onLine[0] : undefined);
}

/** Facts of each file read once, for every rule that asks. */
export function factsReader(sources: ((file: string) => string | ParsableSource | undefined) | undefined): (file: string) => SourceFacts | undefined {
  const cache = new Map<string, SourceFacts | undefined>();
  return (file) => {
    if (!sources) return undefined;
    if (!cache.has(file)) {
      const source = sources(file);
      cache.set(file, source === undefined ? undefined : sourceFacts(source));
    }
    return cache.get(file);
  };
}
