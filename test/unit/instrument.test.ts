/** instrument.ts: names, site positions, and probe placement that keeps the code valid and equivalent. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { idleProbes } from '../../runtime/idleProbes';
import { instrument, SITE_KIND_CODES, type SiteTuple } from '../../runtime/instrument';

function run(source: string, module = false): { code: string; sites: SiteTuple[] } {
  let id = 1;
  const result = instrument(source, { file: '/x/app.js', module, nextSiteId: () => id++ });
  return { code: result.code, sites: result.sites };
}
const kind = (s: SiteTuple): string => SITE_KIND_CODES[s[1]];
const fnNames = (source: string, module = false): string[] => run(source, module).sites.filter((s) => !['await', 'yield', 'for-await', 'module'].includes(kind(s))).map((s) => s[2]);
/** Evaluates instrumented script code with idle probes and returns what it returns. */
function evaluate(code: string): unknown {
  return new Function('__covis', code)(idleProbes);
}

describe('instrument: function names', () => {
  test('declarations, expressions, arrows, assignments', () => {
    assert.deepEqual(fnNames('async function a(){} const b = async function(){}; const c = async () => 1; let d; d = async () => {}; const e = async function named(){};'), ['a', 'b', 'c', 'd', 'named']);
  });
  test('object properties, methods, computed and literal keys', () => {
    assert.deepEqual(fnNames("({ async m(){}, p: async () => 1, async *g(){}, async ['k'+1](){}, async 'str'(){}, async 7(){} })"), ['m', 'p', 'g', "['k'+1]", 'str', '7']);
  });
  test('class methods: static, private, fields, class expressions', () => {
    assert.deepEqual(fnNames('class A { async m(){} static async s(){} async #p(){} f = async () => {}; static async *g(){} } const B = class { async n(){} };'), ['A.m', 'A.s', 'A.#p', 'A.f', 'A.g', 'B.n']);
  });
  test("esbuild's keepNames wrapper names the function where the call stands, and is not a kept call", () => {
    const { code, sites } = run('const job = __name(async () => {}, "job"); const o = { m: __name(async function() {}, "m") }; f(__name(async () => {}, "x"));');
    assert.deepEqual(sites.map((s) => s[2]), ['job', 'm', 'x']);
    assert.doesNotMatch(code, /__covis\.tc\(/);
  });
  test('anonymous callbacks and generator kinds', () => {
    const { sites } = run('f(async () => {}); function* g(){} async function* h(){}');
    assert.deepEqual(sites.map((s) => [s[2], kind(s)]), [['<anonymous>', 'async'], ['g', 'generator'], ['h', 'async-generator']]);
  });
});

describe('instrument: site positions', () => {
  test('1-based line and column of functions and awaits, with the enclosing function', () => {
    const { sites } = run('\n  async function f() {\n    await x;\n  }');
    const f = sites.find((s) => s[2] === 'f')!;
    const aw = sites.find((s) => kind(s) === 'await')!;
    assert.deepEqual([f[3], f[4]], [2, 3]);
    assert.deepEqual([aw[3], aw[4], aw[5]], [3, 5, f[0]]);
    assert.equal(aw[2], 'await x');
  });
  test('top-level await gets one module site', () => {
    const { sites, code } = run('await a; await b;', true);
    assert.equal(sites.filter((s) => kind(s) === 'module').length, 1);
    assert.match(code, /const __covis\$m=__covis\.enter\(/);
  });
  test('untouched when there is nothing to instrument', () => {
    const source = 'function f(){ return 1 }';
    assert.equal(run(source).code, source);
  });
});

describe('instrument: probe placement keeps code valid and equivalent', () => {
  const cases: [string, string][] = [
    ['parenthesized await argument', 'return (async () => await (1, 2))()'],
    ['sequence inside parens', 'return (async () => { const v = await (0, 3); return v })()'],
    ['await await', 'return (async () => await await 4)()'],
    ['await of a call inside an await', 'const f = async (x) => x; return (async () => await f(await f(5)))()'],
    ['concise body returning an object literal', 'return (async () => ({ a: 6 }))().then((o) => o.a)'],
    ['comment with => before a concise body', 'return (async () => /* => */ 7)()'],
    ['line comment then parenthesized body', 'return (async () => // =>\n ({ v: 8 }))().then((o) => o.v)'],
    ['nested concise arrows', 'return (async () => async () => 9)().then((g) => g())'],
    ['yield yield', 'const g = (function* () { return yield yield 1 })(); g.next(); g.next(2); return g.next(10).value'],
    ['bare yield', 'const g = (function* () { const x = yield; return x })(); g.next(); return g.next(11).value'],
    ['for-await with continue', 'return (async () => { let s = 0; for await (const v of [1, 2, 3]) { if (v === 2) continue; s += v } return s })()'],
    ['for-await with a statement body', 'return (async () => { let s = 0; for await (const v of [5, 7]) s += v; return s })()'],
    ['return; midway, then a value', 'const f = async (x) => { if (x) return; return 13 }; return Promise.all([f(1), f(0)]).then(([a, b]) => [a, b].join())'],
    ['return of an await-call, unparenthesized sequence', 'const g = async () => 14; return (async () => { return await g(), 14 })()'],
    ['return across lines (no ASI hazard added)', 'return (async () => { return (\n 15) })()'],
  ];
  const expected: unknown[] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 4, 12, ',13', 14, 15];
  cases.forEach(([name, source], i) => {
    test(name, async () => {
      const { code } = run(source);
      assert.equal(await evaluate(code), expected[i], code);
    });
  });

  test("'use strict' stays the first statement of the script and of functions", () => {
    const { code } = run("'use strict'\nasync function f(){ 'use strict'\n return this }");
    assert.match(code, /^'use strict';__covis\.sites\(/);
    assert.match(code, /{ 'use strict';const __covis\$t=/);
    assert.equal(evaluate(`${code}; return (function(){ return this })()`), undefined);
  });
  test('hashbang stays on the first line', () => {
    const { code } = run('#!/usr/bin/env node\nasync function f(){}', true);
    assert.match(code, /^#!\/usr\/bin\/env node\n__covis\.sites\(/);
  });
  test('nested awaits nest their probes outer-first', () => {
    const { code } = run('async function f(){ await await x }');
    assert.match(code, /__covis\.aw\(__covis\$t,\d+,\(__covis\.rs\(__covis\$t,await __covis\.aw\(/);
  });
});

describe('instrument: where a coroutine completes', () => {
  const probesOf = (source: string): { rd: number; rv: number; finallyDone: boolean } => {
    const { code } = run(source);
    return { rd: code.split('__covis.rd(').length - 1, rv: code.split('__covis.rv(').length - 1, finallyDone: code.includes('finally{__covis.done(') };
  };
  test('an async function completes at each return and after its body, with no finally', () => {
    assert.deepEqual(probesOf('async function f(x){ if (x) return 1; await x; return; }'), { rd: 2, rv: 0, finallyDone: false });
    assert.deepEqual(probesOf('const f = async () => 1'), { rd: 1, rv: 0, finallyDone: false });
    assert.match(run('async function f(){ await x }').code, /}catch\(__covis\$e\){throw __covis\.fail\(__covis\$t,__covis\$e\)}__covis\.done\(__covis\$t\);}$/);
  });
  test('the finally form where its own code can run after a return', () => {
    assert.deepEqual(probesOf('async function f(){ try { return 1 } finally { await x } }'), { rd: 0, rv: 1, finallyDone: true }, "the user's finally");
    assert.deepEqual(probesOf('async function f(it){ for await (const v of it) return v }'), { rd: 0, rv: 1, finallyDone: true }, 'a for-await loop closes its iterator');
    assert.deepEqual(probesOf('async function f(){ await using r = open(); return 1 }'), { rd: 0, rv: 1, finallyDone: true }, 'using disposes after return');
    assert.deepEqual(probesOf('function* g(){ yield 1; return 2 }'), { rd: 0, rv: 1, finallyDone: true }, 'a generator can be closed from outside');
    assert.deepEqual(probesOf('async function* g(){ yield 1 }'), { rd: 0, rv: 0, finallyDone: true });
  });
  test("a return in a nested plain function or a try without finally does not change the outer form", () => {
    assert.deepEqual(probesOf('async function f(){ [1].map(function(){ try { return 1 } finally {} }); try { return 2 } catch {} }'), { rd: 1, rv: 0, finallyDone: false });
  });
});

describe('instrument: kept calls (so `await t` can name the task t is)', () => {
  const source = 'async function w(){} async function m(){ const t = w(); let u; u = w(); const all = [w(), 1]; w(); await t; return [typeof t, all.length]; }';
  test('calls whose value is kept are wrapped; calls used as statements are not', () => {
    const { code } = run(source);
    assert.equal(code.split('.tc(').length - 1, 3, code);
    assert.doesNotMatch(code, /;\s*__covis\.tc\(__covis\.pc\(\),\(w\(\)\)\);/);
  });
  test('super() in a derived constructor stays a plain call', () => {
    const { code } = run('class A {} class B extends A { constructor(){ const r = super(); } async m(){} }');
    assert.doesNotMatch(code, /tc\(__covis\.pc\(\),\(super\(\)\)\)/);
  });
  test('wrapped code keeps its values', async () => {
    const { code } = run(`${source} return m();`);
    assert.deepEqual(await (evaluate(code) as Promise<unknown>), ['object', 2]);
  });
});
