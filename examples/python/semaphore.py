"""A semaphore limits how many coroutines run a section at once: asyncio.Semaphore(2).

Six downloads start together (gather), but only two are inside `async with limit` at any
moment; the others stay suspended at `async with limit` until a slot frees up. Recorded, the
six download lanes exist at once, but at most two wait on their timers at the same time, and
the whole takes three rounds of 0.1 s.
"""
import asyncio


async def download(n, limit):
    async with limit:  # At most two coroutines inside at once.
        await asyncio.sleep(0.1)  # The guarded work.
        return f"file{n}"


async def main():
    limit = asyncio.Semaphore(2)
    files = await asyncio.gather(*(download(n, limit) for n in range(1, 7)))
    print(" ".join(files))


asyncio.run(main())
