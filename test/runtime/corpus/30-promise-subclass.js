// Promise subclasses, promises with own `then`, and resolving with the promise itself.
const log = (...a) => console.log(...a);
class Tracked extends Promise {
  then(onF, onR) { log('Tracked.then called'); return super.then(onF, onR); }
}
const own = Promise.resolve('own then');
own.then = function (f, r) { log('own then property called'); return Promise.prototype.then.call(this, f, r); };
async function main() {
  log(await Tracked.resolve('tracked'));
  log(await new Tracked((r) => setTimeout(() => r('tracked later'), 1)));
  log(await own);
  const self = new Promise((r) => setImmediate(() => r(self)));
  try { await self; } catch (e) { log('self resolution', e.constructor.name); }
  return Tracked.resolve('returned subclass');
}
main().then(log);
Promise.resolve().then(() => log('m1')).then(() => log('m2')).then(() => log('m3')).then(() => log('m4'));
