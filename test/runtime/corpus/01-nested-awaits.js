// Nested awaits, interleaved with plain promise callbacks: the exact microtask order is the output.
const log = (...a) => console.log(...a);
async function leaf(n) {
  log('leaf start', n);
  await null;
  log('leaf after 1', n);
  await await n;
  log('leaf after 2', n);
  return n * 10;
}
async function middle(n) {
  const a = await leaf(n);
  const b = await (leaf(n + 1), leaf(n + 2));
  const c = await (await leaf(n + 3)) + (await leaf(n + 4));
  return a + b + c;
}
async function top() {
  const results = [];
  for (let i = 0; i < 2; i++) results.push(await middle(i * 10));
  return results;
}
Promise.resolve().then(() => log('then 1')).then(() => log('then 2')).then(() => log('then 3'));
top().then((r) => log('top', r));
Promise.resolve().then(() => log('then A')).then(() => log('then B')).then(() => log('then C')).then(() => log('then D'));
log('sync end');
