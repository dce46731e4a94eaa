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
  // Gaps are wide (50 ms here, 300 ms for the timer below) so that under load no timer can
  // fire before the immediates queued one loop iteration later, or before another one: the
  // order is decided by the phases, never by how busy the machine is.
  await new Promise((r) => setTimeout(r, 50));
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
}, 300);
task('A').then((v) => log('done', v));
task('B').then((v) => log('done', v));
setImmediate(() => {
  log('immediate main');
  task('from-immediate').then((v) => log('done', v));
});
log('sync end');
