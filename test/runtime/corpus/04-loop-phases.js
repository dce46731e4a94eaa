// queueMicrotask / process.nextTick / setImmediate / setTimeout interleavings from many places.
const log = (...a) => console.log(...a);
async function task(name) {
  log(name, 'start');
  process.nextTick(() => log(name, 'nextTick'));
  queueMicrotask(() => log(name, 'microtask'));
  await null;
  log(name, 'after await');
  setImmediate(() => log(name, 'immediate'));
  process.nextTick(() => log(name, 'nextTick 2'));
  await new Promise((r) => setImmediate(r));
  log(name, 'after immediate');
  await new Promise((r) => setTimeout(r, 2));
  log(name, 'after timeout');
  queueMicrotask(() => log(name, 'microtask 2'));
  return name;
}
process.nextTick(() => log('main nextTick'));
queueMicrotask(() => log('main microtask'));
setTimeout(() => {
  log('timeout 0');
  task('from-timer').then((v) => log('done', v));
  process.nextTick(() => log('timer nextTick'));
  Promise.resolve().then(() => log('timer microtask'));
}, 20);
task('A').then((v) => log('done', v));
task('B').then((v) => log('done', v));
setImmediate(() => {
  log('immediate main');
  task('from-immediate').then((v) => log('done', v));
});
log('sync end');
