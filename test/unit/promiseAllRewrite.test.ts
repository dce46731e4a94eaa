/**
 * The Promise.all quick fix as text (extension/promiseAllRewrite.ts): the shapes it rewrites,
 * exactly, and the ones where it must offer nothing (a fix that changed what the code means
 * would be worse than none).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAwaitStatement, promiseAllRewrite, type RecordedAwait } from '../../extension/promiseAllRewrite';

/** The finding's two awaits as the trace records them: the n-th `await` of the text, its column and call. */
function recorded(lines: string[], texts: [string, string], firstLine = 10): [RecordedAwait, RecordedAwait] {
  const places: { line: number; column: number }[] = [];
  lines.forEach((line, i) => {
    for (let at = line.indexOf('await '); at >= 0; at = line.indexOf('await ', at + 1)) places.push({ line: firstLine + i, column: at + 1 });
  });
  return [
    { ...places[0], text: texts[0] },
    { ...places[places.length - 1], text: texts[1] },
  ];
}

function rewrite(lines: string[], texts: [string, string]): string | undefined {
  const [first, second] = recorded(lines, texts);
  return promiseAllRewrite(lines, first, second);
}

test('two const declarations become one destructured Promise.all, same indentation', () => {
  assert.equal(
    rewrite(['  const user = await fetchUser(id);', '  const orders = await fetchOrders(id);'], ['fetchUser(id)', 'fetchOrders(id)']),
    '  const [user, orders] = await Promise.all([fetchUser(id), fetchOrders(id)]);',
  );
});

test('let and var, destructuring patterns, tabs, member and optional chains', () => {
  assert.equal(
    rewrite(['\tlet { name } = await api.users.get(id);', '\tlet [first] = await api?.orders?.list(id, { limit: 1 });'], ['api.users.get(id)', 'api?.orders?.list(id, { limit: 1 })']),
    '\tlet [{ name }, [first]] = await Promise.all([api.users.get(id), api?.orders?.list(id, { limit: 1 })]);',
  );
  assert.equal(rewrite(['var a = await f(x)', 'var b = await g(y)'], ['f(x)', 'g(y)']), 'var [a, b] = await Promise.all([f(x), g(y)])');
});

test('type annotations on both become a tuple type; on one only, no fix', () => {
  assert.equal(
    rewrite(['const user: User = await fetchUser(id);', 'const handlers: Map<string, () => void> = await load<Handlers>(id);'], ['fetchUser(id)', 'load(id)']),
    'const [user, handlers]: [User, Map<string, () => void>] = await Promise.all([fetchUser(id), load<Handlers>(id)]);',
  );
  assert.equal(rewrite(['const user: User = await fetchUser(id);', 'const orders = await fetchOrders(id);'], ['fetchUser(id)', 'fetchOrders(id)']), undefined);
});

test('bare awaits of one function become `await Promise.all([...])`, on two lines or one', () => {
  assert.equal(rewrite(['    await delay(30 * id);', '    await delay(20);'], ['delay(30 * id)', 'delay(20)']), '    await Promise.all([delay(30 * id), delay(20)]);');
  assert.equal(rewrite(['  await tick(); await tick();'], ['tick()', 'tick()']), '  await Promise.all([tick(), tick()]);');
  // One line holding a declaration and an expression: not a shape this fix knows.
  assert.equal(rewrite(['  const a = await tick(); await tick();'], ['tick()', 'tick()']), undefined);
});

test('a declaration and a bare await: the bare one is a hole in the pattern', () => {
  assert.equal(rewrite(['const a = await f();', 'await g();'], ['f()', 'g()']), 'const [a] = await Promise.all([f(), g()]);');
  assert.equal(rewrite(['await f();', 'const b = await f();'], ['f()', 'f()']), 'const [, b] = await Promise.all([f(), f()]);');
  assert.equal(rewrite(['const a: A = await f();', 'await g();'], ['f()', 'g()']), 'const [a]: [A, unknown] = await Promise.all([f(), g()]);');
});

test('blank lines between the two are fine; anything else between is not', () => {
  assert.equal(rewrite(['const a = await f();', '', '   ', 'const b = await g();'], ['f()', 'g()']), 'const [a, b] = await Promise.all([f(), g()]);');
  assert.equal(rewrite(['const a = await f();', '// then', 'const b = await g();'], ['f()', 'g()']), undefined);
});

test('strings and templates holding brackets, quotes and semicolons', () => {
  assert.equal(
    rewrite(["const a = await get(');(', \"it's\");", 'const b = await get(`/u/${ids[0]}/${"}"}`);'], ['get(");(", "it\'s")', 'get(`/u/${ids[0]}/${"}"}`)']),
    "const [a, b] = await Promise.all([get(');(', \"it's\"), get(`/u/${ids[0]}/${\"}\"}`)]);",
  );
});

test('no fix where the awaited value is not the whole expression, or the line holds more', () => {
  const no = (lines: string[], texts: [string, string] = ['f()', 'g()']) => assert.equal(rewrite(lines, texts), undefined, lines.join(' / '));
  no(['const a = await f() + 1;', 'const b = await g();']);
  no(['const a = await f() as A;', 'const b = await g();']);
  no(['const a = await f(); // first', 'const b = await g();']);
  no(['const a = await f();', 'const b = await g(), c = 1;']);
  no(['const a = await f(', 'const b = await g();']);
  no(['const a = await new F();', 'const b = await g();'], ['new F()', 'g()']);
  no(['const a = await p;', 'const b = await g();'], ['p', 'g()']);
  no(['const a = await f();', 'let b = await g();']);
  no(['using a = await f();', 'const b = await g();']);
  no(['return await f();', 'const b = await g();']);
});

test('no fix when the second statement mentions a name the first declares', () => {
  assert.equal(rewrite(['const user = await fetchUser(id);', 'const orders = await fetchOrders(user.id);'], ['fetchUser(id)', 'fetchOrders(user.id)']), undefined);
  assert.equal(rewrite(['const { id: userId } = await f();', 'const b: typeof userId = await g();'], ['f()', 'g()']), undefined);
});

test('no fix when the text no longer holds the awaits the run recorded', () => {
  const lines = ['  const user = await fetchUser(id);', '  const orders = await fetchOrders(id);'];
  const [first, second] = recorded(lines, ['fetchUser(id)', 'fetchOrders(id)']);
  // Lines moved: the run's line numbers now hold other text.
  assert.equal(promiseAllRewrite(['', ...lines.slice(0, 1)], first, second), undefined);
  // The await moved along its line.
  assert.equal(promiseAllRewrite(lines, { ...first, column: first.column + 2 }, second), undefined);
  // Another function is called there now.
  assert.equal(promiseAllRewrite(lines, { ...first, text: 'fetchAccount(id)' }, second), undefined);
  // The number of lines between them changed.
  assert.equal(promiseAllRewrite(lines, first, { ...second, line: second.line + 1 }), undefined);
});

test('the recorded call may come from compiled TypeScript or be shortened', () => {
  // esbuild prints double quotes and drops type arguments and `!`; long calls are cut with an ellipsis.
  const lines = ["const user = await api.get<User>('/user', { id })!;", 'const orders = await api2.list(id, { filter: "open", limit: 100, offset: 0, sort: "date" });'];
  assert.equal(rewrite(lines, ['api.get("/user", { id })', 'api2.list(id, { filter: "open", limit: 100, off…']), undefined, 'a trailing `!` is no call chain ending in a call');
  lines[0] = "const user = await api.get<User>('/user', { id });";
  assert.equal(
    rewrite(lines, ['api.get("/user", { id })', 'api2.list(id, { filter: "open", limit: 100, off…']),
    "const [user, orders] = await Promise.all([api.get<User>('/user', { id }), api2.list(id, { filter: \"open\", limit: 100, offset: 0, sort: \"date\" })]);",
  );
});

test('parseAwaitStatement reads the parts of one statement', () => {
  const line = '  const [a, b]: [A, B] = await load(x);  ';
  assert.deepEqual(parseAwaitStatement(line, 0), {
    keyword: 'const',
    pattern: '[a, b]',
    type: '[A, B]',
    operand: 'load(x)',
    awaitAt: line.indexOf('await'),
    semicolon: true,
    end: line.trimEnd().length,
  });
  assert.equal(parseAwaitStatement('  const a == await f();', 0), undefined);
});
