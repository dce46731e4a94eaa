// Promise.all / allSettled / race / any, with tasks settling in different microtask depths.
const log = (...a) => console.log(...a);
const delay = (n, v, fail) => new Promise((res, rej) => setTimeout(() => (fail ? rej(new Error(v)) : res(v)), n));
async function hop(n, v) { for (let i = 0; i < n; i++) await null; log('hop done', v); return v; }
async function bad(n, v) { for (let i = 0; i < n; i++) await null; throw new Error(v); }
async function main() {
  log('all', await Promise.all([hop(3, 'a'), hop(1, 'b'), 42, hop(2, 'c')]));
  log('allSettled', JSON.stringify(await Promise.allSettled([hop(2, 'x'), bad(1, 'y'), delay(5, 'z')]).then((r) => r.map((s) => s.status + ':' + (s.value ?? s.reason.message)))));
  log('race', await Promise.race([hop(2, 'slow'), hop(1, 'fast')]));
  log('any', await Promise.any([bad(1, 'e1'), hop(3, 'winner'), delay(1, 'timer')]));
  try { await Promise.any([bad(1, 'e1'), bad(2, 'e2')]); } catch (e) { log('any failed', e.constructor.name, e.errors.map((x) => x.message)); }
  try { await Promise.all([hop(3, 'never seen?'), bad(1, 'all failed')]); } catch (e) { log('all rejected', e.message); }
  log('race timers', await Promise.race([delay(20, 'd20'), delay(5, 'd5')]));
  log('empty', await Promise.all([]), await Promise.allSettled([]), await Promise.race([Promise.resolve('r'), 1]));
}
main().then(() => log('end'));
Promise.resolve().then(() => log('micro 1')).then(() => log('micro 2')).then(() => log('micro 3'));
