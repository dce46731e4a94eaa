"""100,000 async calls, each awaiting already-resolved values three times (bench/workloads/await-heavy.mjs).

The calls run as tasks, 1,000 at a time under one gather. Awaiting a future that is already done
returns its result at once in Python (a JavaScript await of a resolved promise still waits for a
microtask), so each call runs to its end in the first step of its task.
"""
import asyncio
import json
import time


async def work(i, resolved, two):
    total = i
    total += await resolved
    total += await two
    total += await resolved
    return total


async def main():
    loop = asyncio.get_running_loop()
    resolved = loop.create_future()
    resolved.set_result(1)
    two = loop.create_future()
    two.set_result(2)
    start = time.perf_counter()
    total = 0
    for _ in range(100):
        for r in await asyncio.gather(*(work(i, resolved, two) for i in range(1000))):
            total += r
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "check": total}))


asyncio.run(main())
