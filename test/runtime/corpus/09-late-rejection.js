// Rejections handled late: a few microtasks later (no warning), and after a macrotask with
// unhandledRejection / rejectionHandled listeners installed.
const log = (...a) => console.log(...a);
process.on('unhandledRejection', (reason, p) => log('unhandledRejection', reason.message, p === late));
process.on('rejectionHandled', (p) => log('rejectionHandled', p === late));
async function fails(msg) { await null; throw new Error(msg); }
const soon = fails('soon');
Promise.resolve().then(() => null).then(() => soon.catch((e) => log('handled soon', e.message)));
const late = fails('late');
setTimeout(() => {
  log('attaching late handler');
  late.catch((e) => log('handled late', e.message));
}, 5);
async function awaitsLater() {
  const p = fails('awaited later');
  await null; await null;
  try { await p; } catch (e) { log('caught after awaits', e.message); }
}
awaitsLater();
