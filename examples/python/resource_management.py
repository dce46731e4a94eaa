"""Resource management: async with (an asynchronous context manager) and try/finally.

The seed opens a file with `async with aiofiles.open(...)`. A Connection here is an
asynchronous context manager: `async with` awaits its __aenter__ (connecting) before the body
and its __aexit__ (closing) after it, also when the body raised. use_finally writes the same
by hand with try/finally. read_message reads a file without blocking the loop, in a thread
(asyncio.to_thread; aiofiles, a third-party package, does the same): the coroutine waits on
I/O while the loop stays free.
"""
import asyncio
from pathlib import Path

MESSAGE = Path(__file__).resolve().parent.parent / "data" / "message.txt"


class Connection:
    def __init__(self, name):
        self.name = name

    async def open(self):
        await asyncio.sleep(0.05)  # Connecting takes a while.
        print(f"open {self.name}")

    async def query(self, text):
        await asyncio.sleep(0.05)
        if text == "bad":
            raise RuntimeError("syntax error")
        return f"{self.name}: {text}"

    async def close(self):
        await asyncio.sleep(0.02)  # Closing is asynchronous too: it gets its own lane.
        print(f"closed {self.name}")

    async def __aenter__(self):
        await self.open()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await self.close()  # Runs whether the body returned or raised.
        return False  # Do not swallow the exception.


async def use_async_with(text):
    try:
        async with Connection("db") as conn:
            print(await conn.query(text))
    except RuntimeError as e:
        print(f"query failed: {e}")


async def use_finally(text):
    conn = Connection("db")
    await conn.open()
    try:
        print(await conn.query(text))
    except RuntimeError as e:
        print(f"query failed: {e}")
    finally:
        await conn.close()  # What async with does for you.


async def read_message():
    # With aiofiles: async with aiofiles.open(MESSAGE) as f: return (await f.read()).strip()
    text = await asyncio.to_thread(MESSAGE.read_text, encoding="utf-8")
    return text.strip()


async def main():
    await use_async_with("select 1")
    await use_async_with("bad")
    await use_finally("select 2")
    await use_finally("bad")
    print(await read_message())


asyncio.run(main())
