// yield* delegation: return values flow back, next(v)/throw()/return() reach the inner generator.
const log = (...a) => console.log(...a);
function* inner() {
  try {
    const a = yield 'inner 1';
    log('inner got', a);
    const b = yield 'inner 2';
    log('inner got', b);
    return 'inner result';
  } finally {
    log('inner finally');
  }
}
function* outer() {
  const r = yield* inner();
  log('outer got from delegate', r);
  yield* [1, 2];
  try {
    yield* inner();
  } catch (e) {
    log('outer caught', e.message);
    yield 'recovered';
  }
  return 'outer done';
}
const g = outer();
log(g.next('x'), g.next('y'), g.next('z'), g.next(), g.next(), g.next());
log(g.throw(new Error('into inner')));
log(g.next(), g.next());
const h = outer();
log(h.next(), h.return('stop'), h.next());
async function* asyncInner() { yield 'ai1'; await null; yield 'ai2'; return 'air'; }
async function* asyncOuter() { const r = yield* asyncInner(); log('async delegate returned', r); yield* inner(); }
(async () => {
  const out = [];
  const it = asyncOuter();
  for (let s = await it.next(); !s.done; s = await it.next('v' + out.length)) out.push(s.value);
  log(out);
})();
Promise.resolve().then(() => log('m1')).then(() => log('m2')).then(() => log('m3'));
