"""A producer and a consumer over a bounded asyncio.Queue (bench/workloads/producer-consumer.mjs).

ITEMS items (200,000 unless the first argument says otherwise) through a queue of 64.
"""
import asyncio
import json
import sys
import time

ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000


async def producer(queue, count):
    for i in range(count):
        await queue.put(i)
    await queue.put(-1)


async def consumer(queue):
    total = 0
    while True:
        item = await queue.get()
        if item < 0:
            return total
        total += item


async def main():
    start = time.perf_counter()
    queue = asyncio.Queue(64)
    _, total = await asyncio.gather(producer(queue, ITEMS), consumer(queue))
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "check": total}))


asyncio.run(main())
