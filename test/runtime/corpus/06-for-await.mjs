// for-await over sync iterables (of values and promises), async iterables, custom iterators,
// early exit calling return(), errors from the iterator.
const log = (...a) => console.log(...a);
async function* source(n) { for (let i = 0; i < n; i++) { await null; yield i; } }
const customAsync = {
  [Symbol.asyncIterator]() {
    let i = 0;
    return {
      next() { log('custom next', i); return i < 3 ? Promise.resolve({ value: i++, done: false }) : Promise.resolve({ done: true }); },
      return() { log('custom return'); return Promise.resolve({ done: true }); },
    };
  },
};
const syncWithReturn = {
  [Symbol.iterator]() {
    let i = 0;
    return { next: () => ({ value: Promise.resolve(i++), done: i > 5 }), return() { log('sync return'); return { done: true }; } };
  },
};
async function main() {
  for await (const v of [1, Promise.resolve(2), 3]) log('array', v);
  for await (const v of source(3)) log('gen', v);
  for await (const v of customAsync) { if (v === 1) break; log('custom', v); }
  for await (const v of syncWithReturn) { if (v === 2) break; log('syncret', v); }
  for await (const v of source(4)) if (v % 2) continue; else log('even', v);
  try {
    for await (const v of [Promise.resolve('ok'), Promise.reject(new Error('rejected item'))]) log('item', v);
  } catch (e) { log('caught', e.message); }
  for await (const v of []) log('never', v);
  const results = [];
  for await (const v of (async function* () { yield* source(2); yield* [10, 11]; })()) results.push(v);
  log('delegated', results);
}
main().then(() => log('end'));
Promise.resolve().then(() => log('m1')).then(() => log('m2')).then(() => log('m3')).then(() => log('m4'));
