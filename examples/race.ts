// Racing for the first result:
//  - Promise.race settles with whichever coroutine settles first (asyncio.wait with
//    FIRST_COMPLETED); the losers are then cancelled through their AbortSignal;
//  - Promise.any takes the first *success* and skips failures.
import { setTimeout as sleep } from 'node:timers/promises';

async function fetchFrom(mirror: string, delayMs: number, signal: AbortSignal, fail = false): Promise<string> {
  await sleep(delayMs, undefined, { signal });
  if (fail) throw new Error(`${mirror} is down`);
  return `data from ${mirror}`;
}

async function firstSettled(): Promise<string> {
  const controller = new AbortController();
  try {
    return await Promise.race([
      fetchFrom('mirror-a', 300, controller.signal),
      fetchFrom('mirror-b', 100, controller.signal),
      fetchFrom('mirror-c', 200, controller.signal),
    ]);
  } finally {
    controller.abort(); // The race is decided: cancel the losers.
  }
}

async function firstSuccess(): Promise<string> {
  const controller = new AbortController();
  try {
    return await Promise.any([
      fetchFrom('mirror-a', 50, controller.signal, true), // Fails first, and is skipped.
      fetchFrom('mirror-b', 150, controller.signal),
      fetchFrom('mirror-c', 250, controller.signal),
    ]);
  } finally {
    controller.abort();
  }
}

// A rejected loser nobody awaits would be an unhandled rejection; race/any handle them.
console.log(`race: ${await firstSettled()}`);
console.log(`any: ${await firstSuccess()}`);
