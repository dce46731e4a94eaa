// A producer and a consumer over a bounded async queue, 200,000 items.
import { runWorkload } from './runs.mjs';
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
async function producer(queue, count) {
  for (let i = 0; i < count; i++) await queue.put(i);
  await queue.put(-1);
}
async function consumer(queue) {
  let sum = 0;
  for (;;) {
    const item = await queue.get();
    if (item < 0) return sum;
    sum += item;
  }
}
async function main() {
  const start = performance.now();
  const queue = new AsyncQueue(64);
  const [, sum] = await Promise.all([producer(queue, 200_000), consumer(queue)]);
  console.log(JSON.stringify({ ms: performance.now() - start, check: sum }));
}
runWorkload(main);
