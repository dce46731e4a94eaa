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
globalThis.marks = [];
const at = [0, 1000, 2500, 5000, 10000, 20000, 40000, 80000, 120000, 160000, 199999];
async function consumer(queue) {
  let sum = 0;
  for (;;) {
    const item = await queue.get();
    if (at.includes(item)) marks.push(performance.now());
    if (item < 0) return sum;
    sum += item;
  }
}
async function main() {
  const start = performance.now();
  const queue = new AsyncQueue(64);
  const [, sum] = await Promise.all([producer(queue, 200_000), consumer(queue)]);
  console.log(JSON.stringify({ ms: performance.now() - start, marks: marks.map((m, i) => m - (marks[i - 1] ?? start)), check: sum }));
}
main();
