"""Fail fast with asyncio.TaskGroup: the first failure cancels the siblings.

gather(return_exceptions=True) (gather_errors.py) waits for every task and collects the
failures. A TaskGroup does the opposite: when one of its tasks fails, it cancels the others at
their await, waits for them to finish, and raises the failures together as an ExceptionGroup
(caught with except*). Recorded, fetch_part 1 fails after 50 ms, fetch_part 2 is cancelled
then instead of sleeping its 500 ms, and main resumes right after.
"""
import asyncio


async def fetch_part(n, delay, fail=False):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise RuntimeError(f"part {n} failed")
        return f"part {n}"
    except asyncio.CancelledError:
        print(f"part {n} cancelled")
        raise  # A cancelled coroutine re-raises: the TaskGroup waits for it to end.


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch_part(1, 0.05, fail=True))
            tg.create_task(fetch_part(2, 0.5))  # Cancelled when part 1 fails.
    except* RuntimeError as group:
        print("failed fast:", [str(e) for e in group.exceptions])


asyncio.run(main())
