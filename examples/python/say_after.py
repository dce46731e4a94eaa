"""The seed's async/await example: say_after run sequentially, then as two concurrent tasks.

Sequential awaits take two delays (each say_after starts when the previous one is done);
create_task starts both at once, so they take one. Recorded, main's lane is suspended on each
say_after in turn, then on task1 while task1 and task2 wait on their timers side by side.

    python3 say_after.py          # the seed's 1-second delay
    python3 say_after.py 0.2      # a shorter one
"""
import asyncio
import sys

DELAY = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


async def say_after(delay, message):
    await asyncio.sleep(delay)  # Asynchronous wait
    print(message)


async def main():
    # Sequential execution
    await say_after(DELAY, "Hello")
    await say_after(DELAY, "World")

    # Concurrent execution
    task1 = asyncio.create_task(say_after(DELAY, "Task1"))
    task2 = asyncio.create_task(say_after(DELAY, "Task2"))
    await task1
    await task2


# Run the coroutine
asyncio.run(main())
