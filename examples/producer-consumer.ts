// Producer-consumer with a bounded async queue (asyncio.Queue(maxsize=2)):
//  - the consumer suspends in get() while the queue is empty;
//  - the producer suspends in put() while the queue is full (backpressure);
//  - close() shuts down cleanly: get() returns `undefined` once the queue is closed and drained.
import { setTimeout as sleep } from 'node:timers/promises';

class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly getters: (() => void)[] = [];
  private readonly putters: (() => void)[] = [];
  private closed = false;

  constructor(private readonly capacity: number) {}

  async put(item: T): Promise<void> {
    while (this.items.length >= this.capacity) {
      await new Promise<void>((resolve) => this.putters.push(resolve)); // Full: wait for room.
    }
    if (this.closed) throw new Error('put() on a closed queue');
    this.items.push(item);
    this.getters.shift()?.();
  }

  async get(): Promise<T | undefined> {
    while (this.items.length === 0) {
      if (this.closed) return undefined; // Closed and drained: the consumer's signal to stop.
      await new Promise<void>((resolve) => this.getters.push(resolve)); // Empty: wait for an item.
    }
    const item = this.items.shift() as T;
    this.putters.shift()?.();
    return item;
  }

  close(): void {
    this.closed = true;
    for (const wake of this.getters.splice(0)) wake();
  }
}

async function getItem(n: number): Promise<string> {
  await sleep(n === 1 ? 60 : 5); // The first item is slow to make; the rest come quickly.
  return `item${n}`;
}

async function processItem(item: string): Promise<void> {
  await sleep(40); // Consuming is slower than producing: the queue fills up.
  console.log(`consumed ${item}`);
}

async function producer(queue: AsyncQueue<string>, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    const item = await getItem(n);
    await queue.put(item);
  }
  queue.close();
}

async function consumer(queue: AsyncQueue<string>): Promise<void> {
  for (;;) {
    const item = await queue.get();
    if (item === undefined) break;
    await processItem(item);
  }
  console.log('consumer: queue closed and drained');
}

const queue = new AsyncQueue<string>(2);
await Promise.all([producer(queue, 6), consumer(queue)]);
