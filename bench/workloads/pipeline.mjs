// One job of the worker bench (bench/workers.mjs): an ingest pipeline, the shapes of
// producer-consumer.mjs and service.mjs together. A producer reads requests in batches (a 1 ms
// timer per batch, like polling a source) into a bounded async queue; 16 handlers take them
// off it, each parses the body, fans out three "queries" answered on the next loop turn
// (setImmediate, like I/O callbacks), merges and serializes the result.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class AsyncQueue {
  constructor(capacity) { this.capacity = capacity; this.items = []; this.takers = []; this.putters = []; }
  async put(item) {
    while (this.items.length >= this.capacity) await new Promise((resolve) => this.putters.push(resolve));
    this.items.push(item);
    this.takers.shift()?.();
  }
  async get() {
    while (this.items.length === 0) await new Promise((resolve) => this.takers.push(resolve));
    const item = this.items.shift();
    this.putters.shift()?.();
    return item;
  }
}

function query(kind, id) {
  return new Promise((resolve) => setImmediate(() => resolve({ kind, id, rows: [id * 2, id * 3, id * 5] })));
}

async function handle(raw, id) {
  const request = JSON.parse(raw);
  const [user, orders, prefs] = await Promise.all([query('user', request.user), query('orders', id), query('prefs', id)]);
  const total = orders.rows.reduce((sum, x) => sum + x, 0);
  return JSON.stringify({ id, user: user.id, total, prefs: prefs.rows.length, items: request.items.length });
}

async function producer(queue, requests, seed, handlers) {
  const body = (id) => JSON.stringify({ user: seed * 1000 + (id % 97), items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] })) });
  for (let id = 0; id < requests; id++) {
    if (id % BATCH === 0) await sleep(1);
    await queue.put({ id, raw: body(id) });
  }
  for (let i = 0; i < handlers; i++) await queue.put(undefined);
}

async function handler(queue) {
  let bytes = 0;
  for (;;) {
    const request = await queue.get();
    if (!request) return bytes;
    const response = await handle(request.raw, request.id); // not `bytes += await …`: that reads `bytes` before the await
    bytes += response.length;
  }
}

const BATCH = 250;
export const HANDLERS = 16;

/** Runs one job of `requests` requests; `ms` is its own time, `check` its output size. */
export async function pipeline(requests, seed) {
  const start = performance.now();
  const queue = new AsyncQueue(64);
  const [, ...bytes] = await Promise.all([producer(queue, requests, seed, HANDLERS), ...Array.from({ length: HANDLERS }, () => handler(queue))]);
  return { ms: performance.now() - start, check: bytes.reduce((sum, b) => sum + b, 0) };
}
