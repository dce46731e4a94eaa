"""The seed's producer-consumer pattern over an asyncio.Queue, made to finish.

The producer makes items (get_item) and puts them on a bounded queue: when the queue is full,
put() suspends it (backpressure). The consumer suspends in get() while the queue is empty and
processes each item (process_item). A None on the queue tells the consumer to stop.

    python3 producer_consumer.py        # 5 items
    python3 producer_consumer.py 3
"""
import asyncio
import sys

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 5


async def get_item(n):
    await asyncio.sleep(0.02)  # Making an item takes a moment.
    return f"item{n}"


async def process_item(item):
    await asyncio.sleep(0.05)  # Processing is slower than making: the queue fills up.
    print("processed", item)


async def producer(queue):
    for n in range(1, COUNT + 1):
        item = await get_item(n)
        await queue.put(item)  # Suspends while the queue is full.
    await queue.put(None)  # No more items.


async def consumer(queue):
    while True:
        item = await queue.get()  # Suspends while the queue is empty.
        if item is None:
            break
        await process_item(item)


async def main():
    queue = asyncio.Queue(maxsize=2)
    await asyncio.gather(producer(queue), consumer(queue))
    print("done")


asyncio.run(main())
