// A service-shaped workload: 4,000 requests through a concurrency limiter of 64; each parses
// a JSON body, fans out three "queries" answered on the next loop turn (setImmediate, like
// I/O callbacks), merges and serializes the result.
import { runWorkload } from './runs.mjs';
const body = JSON.stringify({ user: 42, items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] })) });

function query(kind, id) {
  return new Promise((resolve) => setImmediate(() => resolve({ kind, id, rows: [id * 2, id * 3, id * 5] })));
}

async function handle(raw, id) {
  const request = JSON.parse(raw);
  const [user, orders, prefs] = await Promise.all([query('user', request.user), query('orders', id), query('prefs', id)]);
  const total = orders.rows.reduce((sum, x) => sum + x, 0);
  return JSON.stringify({ id, user: user.id, total, prefs: prefs.rows.length, items: request.items.length });
}

async function limited(limit, count, work) {
  let next = 0;
  let bytes = 0;
  async function worker() {
    while (next < count) {
      const id = next++;
      const response = await work(id); // not `bytes += await …`: that reads `bytes` before the await
      bytes += response.length;
    }
  }
  await Promise.all(Array.from({ length: limit }, worker));
  return bytes;
}

async function main() {
  const start = performance.now();
  const bytes = await limited(64, 4000, (id) => handle(body, id));
  console.log(JSON.stringify({ ms: performance.now() - start, check: bytes }));
}
runWorkload(main);
