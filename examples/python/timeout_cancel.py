"""Timeouts and cancellation.

asyncio.timeout(s) (Python 3.11+) cancels the block it guards after s seconds and turns the
cancellation into a TimeoutError; task.cancel() cancels a task on demand, from another
coroutine. Either way CancelledError is raised inside slow_operation at its await, and its
finally block still runs. Recorded, slow_operation fails with CancelledError after 0.2 s (the
timeout) and after 0.1 s (the cancel), long before its 1 s.
"""
import asyncio


async def slow_operation():
    try:
        await asyncio.sleep(1.0)  # Would take 1 s...
        return "finished"
    finally:
        print("slow_operation cleanup")


async def with_timeout():
    try:
        async with asyncio.timeout(0.2):  # ...but gets only 0.2 s.
            await slow_operation()
    except TimeoutError:
        print("timed out")


async def cancel_later(task):
    await asyncio.sleep(0.1)
    task.cancel()  # Cancel the task from another coroutine.


async def with_cancel():
    task = asyncio.create_task(slow_operation())
    await cancel_later(task)
    try:
        await task
    except asyncio.CancelledError:
        print("cancelled")


async def main():
    await with_timeout()
    await with_cancel()


asyncio.run(main())
