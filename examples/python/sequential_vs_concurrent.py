"""Sequential awaits vs concurrent tasks: the seed's say_after, twice each way.

sequential() awaits one say_after after the other: the second starts when the first is done,
so the half takes two units. concurrent() wraps both in tasks with create_task before awaiting
either: they wait on their timers side by side, so the half takes one unit. Recorded, the two
say_after lanes under sequential follow each other; the two under concurrent overlap.

    python3 sequential_vs_concurrent.py        # the seed's 1-second unit
    python3 sequential_vs_concurrent.py 0.2    # a shorter one
"""
import asyncio
import sys
import time

UNIT = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


async def say_after(delay, message):
    await asyncio.sleep(delay)  # Suspended on a timer; the loop runs other coroutines meanwhile.
    print(message)


async def sequential():
    # Each await waits for the previous coroutine to complete: lanes one after the other.
    await say_after(UNIT, "Hello")
    await say_after(UNIT, "World")


async def concurrent():
    # create_task schedules both coroutines at once: their lanes overlap.
    task1 = asyncio.create_task(say_after(UNIT, "Task1"))
    task2 = asyncio.create_task(say_after(UNIT, "Task2"))
    await task1
    await task2


async def main():
    t0 = time.perf_counter()
    await sequential()
    t1 = time.perf_counter()
    await concurrent()
    t2 = time.perf_counter()
    print(f"concurrent finished faster than sequential: {t2 - t1 < t1 - t0}")


asyncio.run(main())
