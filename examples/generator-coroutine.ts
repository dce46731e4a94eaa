// The generator foundation of coroutines: a generator pauses at `yield` and receives a value
// from outside when resumed with next(value) (Python's send). The first next() "primes" it:
// it runs the body up to the first yield; the value passed to that first next() is discarded.
import { setTimeout as sleep } from 'node:timers/promises';

// Keeps a running average of the numbers sent to it; each yield hands back the average so far.
function* averager(): Generator<number, string, number> {
  console.log('Starting coroutine');
  let total = 0;
  let count = 0;
  let average = 0;
  for (;;) {
    const x = yield average; // Pause point: hands `average` out, receives the next value.
    if (x < 0) break; // A negative value tells the coroutine to finish.
    total += x;
    count += 1;
    average = total / count;
    console.log('Received value:', x);
  }
  return `averaged ${count} values`;
}

// The driver: it decides when the generator runs. Between sends the generator stays suspended
// while the driver itself awaits timers, so the swimlanes show two lanes taking turns.
async function drive(): Promise<void> {
  const coro = averager();
  coro.next(); // Prime: run up to the first yield.
  for (const value of [10, 20, 60]) {
    await sleep(50);
    const { value: average } = coro.next(value); // send(value)
    console.log('Average so far:', average);
  }
  const last = coro.next(-1);
  console.log('Done:', last.done, last.value);
}

await drive();
