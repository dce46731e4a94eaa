"""The seed's error handling: try/except around an await, and gather(return_exceptions=True).

risky_operation catches the error raised at its await. batch_operations runs three tasks
with gather(return_exceptions=True): task2 fails, and its exception comes back as a result
beside the other two instead of cancelling them (Promise.allSettled in JavaScript).
"""
import asyncio


async def some_async_call():
    await asyncio.sleep(0.01)
    raise ConnectionError("connection reset")


async def risky_operation():
    try:
        await some_async_call()
    except Exception as e:
        print(f"Operation failed: {e}")


async def task1():
    await asyncio.sleep(0.03)
    return "task1 done"


async def task2():
    await asyncio.sleep(0.01)
    raise ValueError("task2 failed")


async def task3():
    await asyncio.sleep(0.02)
    return "task3 done"


async def batch_operations():
    results = await asyncio.gather(
        task1(), task2(), task3(),
        return_exceptions=True  # Return exceptions as results
    )
    for result in results:
        print(f"error: {result!r}" if isinstance(result, BaseException) else result)


async def main():
    await risky_operation()
    await batch_operations()


asyncio.run(main())
