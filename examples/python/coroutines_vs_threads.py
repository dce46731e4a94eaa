"""Coroutines vs threads.

Coroutines share one thread, the event loop's: ideal for I/O (they suspend while the OS
waits), but CPU-heavy work holds the thread and stalls every other coroutine. Moving it to a
thread with asyncio.to_thread (or loop.run_in_executor) and awaiting the result keeps the loop
free: a heartbeat coroutine ticks every 20 ms; watch its lane during each phase. (The GIL lets
only one thread run Python code at a time, so the work is no faster in a thread; it only stops
blocking the loop. For parallel CPU work, use a ProcessPoolExecutor.)
"""
import asyncio

LIMIT = 120_000  # About a quarter of a second of CPU work.
ticks = 0
running = True


def count_primes(limit):
    """CPU-heavy on purpose: counts the primes below limit by trial division."""
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


async def heartbeat():
    global ticks
    while running:
        await asyncio.sleep(0.02)  # Waiting: suspended, the loop is free.
        ticks += 1


async def cpu_on_the_loop():
    await asyncio.sleep(0)
    return count_primes(LIMIT)  # Holds the thread: no other coroutine runs meanwhile.


async def cpu_in_a_thread():
    # Suspended until the thread returns; the loop keeps serving the heartbeat.
    return await asyncio.to_thread(count_primes, LIMIT)


async def main():
    global running
    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.06)

    before = ticks
    on_loop = await cpu_on_the_loop()
    ticks_during_loop_work = ticks - before

    before = ticks
    in_thread = await cpu_in_a_thread()
    ticks_during_thread = ticks - before

    running = False
    await beat
    print(f"same answer: {on_loop == in_thread}")
    print(f"heartbeat stalled during loop work: {ticks_during_loop_work <= 1}")
    print(f"heartbeat kept ticking during thread: {ticks_during_thread >= 3}")


asyncio.run(main())
