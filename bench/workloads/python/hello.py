"""Start-up: a program that does next to nothing (bench/workloads/hello.mjs), timed from outside,
so what the recorder adds before and after the program (its import, the hooks, the End frame)
shows."""
import asyncio


async def main():
    await asyncio.sleep(0.001)
    print("hello")


asyncio.run(main())
