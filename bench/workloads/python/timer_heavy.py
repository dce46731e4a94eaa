"""10,000 concurrent tasks, each awaiting a timer five times (bench/workloads/timer-heavy.mjs)."""
import asyncio
import json
import time

TASKS = 10_000


async def task(i):
    for _ in range(5):
        await asyncio.sleep((1 + i % 3) / 1000)
    return i


async def main():
    start = time.perf_counter()
    done = await asyncio.gather(*(task(i) for i in range(TASKS)))
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "check": len(done)}))


asyncio.run(main())
