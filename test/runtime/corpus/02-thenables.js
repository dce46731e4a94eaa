// Thenables: plain, ones that call back synchronously inside then(), ones that throw, a `then`
// getter (counts how often it is read), a thenable resolving to another thenable, a Proxy.
const log = (...a) => console.log(...a);
let reads = 0;
const syncThenable = { then(resolve) { log('sync then called'); resolve('sync value'); } };
const lateThenable = { then(resolve) { log('late then called'); setImmediate(() => resolve('late value')); } };
const throwingThenable = { then() { throw new Error('then threw'); } };
const getterThenable = { get then() { reads++; log('then getter read', reads); return (resolve) => resolve('getter value'); } };
const chained = { then(resolve) { resolve({ then(r) { r('inner value'); } }); } };
const traps = [];
const proxied = new Proxy({ value: 1 }, { get(target, key) { traps.push(`get ${String(key)}`); return Reflect.get(target, key); }, getPrototypeOf(target) { traps.push('getPrototypeOf'); return Reflect.getPrototypeOf(target); } });
async function run() {
  log(await syncThenable);
  log(await lateThenable);
  try { await throwingThenable; } catch (e) { log('caught', e.message); }
  log(await getterThenable);
  log(await chained);
  log((await proxied).value);
  log('traps', traps.join(', '));
  return 'done';
}
async function returnsThenable() { return syncThenable; }
const returnsProxy = async () => proxied;
run().then(log);
returnsThenable().then((v) => log('returned thenable ->', v));
returnsProxy().then((v) => log('returned proxy', v === proxied, traps.length));
Promise.resolve().then(() => log('tick 1')).then(() => log('tick 2')).then(() => log('tick 3')).then(() => log('tick 4'));
