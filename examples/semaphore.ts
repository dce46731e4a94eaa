// A semaphore limits how many coroutines run a section at once (asyncio.Semaphore(2)):
// six downloads start together, but only two are inside the guarded section at any moment;
// the others stay suspended in acquire() until a slot frees up.
import { setTimeout as sleep } from 'node:timers/promises';

class Semaphore {
  private readonly waiters: (() => void)[] = [];

  constructor(private permits: number) {}

  async acquire(): Promise<void> {
    if (this.permits > 0) {
      this.permits--;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve)); // No slot: wait in line.
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next(); // Hand the slot straight to the next waiter.
    else this.permits++;
  }

  /** Runs fn while holding one slot, like `async with semaphore:`. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}

async function download(id: number): Promise<string> {
  await sleep(100); // The guarded work: at most two of these lanes overlap.
  return `file${id}`;
}

const limit = new Semaphore(2);
const files = await Promise.all([1, 2, 3, 4, 5, 6].map((id) => limit.run(() => download(id))));
console.log(files.join(' '));
