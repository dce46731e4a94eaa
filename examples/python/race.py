"""Racing for the first result.

first_completed: asyncio.wait(..., return_when=FIRST_COMPLETED) returns as soon as one task
is done (Promise.race in JavaScript); the losers are then cancelled.
first_success: asyncio.as_completed hands the tasks back in the order they finish; a failure
is skipped and the first success taken (Promise.any); the rest are cancelled.
"""
import asyncio


async def fetch_from(mirror, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ConnectionError(f"{mirror} is down")
    return f"data from {mirror}"


async def first_completed():
    tasks = [
        asyncio.create_task(fetch_from("mirror-a", 0.3)),
        asyncio.create_task(fetch_from("mirror-b", 0.1)),
        asyncio.create_task(fetch_from("mirror-c", 0.2)),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()  # The race is decided: cancel the losers.
    return done.pop().result()


async def first_success():
    tasks = [
        asyncio.create_task(fetch_from("mirror-a", 0.05, fail=True)),  # Fails first, and is skipped.
        asyncio.create_task(fetch_from("mirror-b", 0.15)),
        asyncio.create_task(fetch_from("mirror-c", 0.25)),
    ]
    try:
        for next_done in asyncio.as_completed(tasks):
            try:
                return await next_done
            except ConnectionError:
                continue
    finally:
        for task in tasks:
            task.cancel()  # No-op for the finished ones.


async def main():
    print(f"first completed: {await first_completed()}")
    print(f"first success: {await first_success()}")


asyncio.run(main())
