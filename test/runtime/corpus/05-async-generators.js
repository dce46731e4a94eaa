// Async generators: awaits and yields mixed, return() and throw() from the consumer, next() queued
// before the previous one settled.
const log = (...a) => console.log(...a);
async function* counter(n) {
  try {
    for (let i = 0; i < n; i++) {
      await null;
      log('gen yielding', i);
      const got = yield i;
      log('gen got', got);
    }
    return 'finished';
  } finally {
    log('gen finally');
    await null;
    log('gen finally after await');
  }
}
async function* yieldsPromises() {
  yield Promise.resolve('p1');
  yield new Promise((r) => setTimeout(() => r('p2'), 1));
  const x = yield;
  log('bare yield got', x);
}
async function main() {
  const g = counter(3);
  log(await g.next('ignored'), await g.next('a'));
  // Two next() calls in flight at once: they queue inside the generator.
  const [x, y] = await Promise.all([g.next('b'), g.next('c')]);
  log(x, y);
  log(await g.next('d'));
  const h = counter(5);
  log(await h.next());
  log(await h.return('early'));
  const k = counter(5);
  log(await k.next());
  try { await k.throw(new Error('boom')); } catch (e) { log('throw ->', e.message); }
  const p = yieldsPromises();
  log(await p.next(), await p.next(), await p.next(), await p.next('sent'));
}
main().then(() => log('end'));
Promise.resolve().then(() => log('m1')).then(() => log('m2')).then(() => log('m3')).then(() => log('m4')).then(() => log('m5'));
