// The seed's first async/await example: an async function with a delay.
// `async function` declares a coroutine function; `await` suspends the coroutine until the
// timer fires, and the event loop is free to run anything else meanwhile.
import { setTimeout as sleep } from 'node:timers/promises';

async function sayAfter(delayMs: number, message: string): Promise<void> {
  await sleep(delayMs); // Suspended: waiting for a timer, not blocking the loop.
  console.log(message); // Resumed: the timer fired and the loop gave this coroutine the thread.
}

// Created -> Running (up to the first await) -> Suspended -> Running -> Completed.
await sayAfter(300, 'Hello after 300 ms');
