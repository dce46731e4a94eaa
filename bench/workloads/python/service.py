"""A service-shaped workload (bench/workloads/service.mjs): 4,000 requests through a concurrency
limit of 64; each parses a JSON body, fans out three "queries" answered on the next loop turn
(call_soon, like an I/O callback), merges and serializes the result.
"""
import asyncio
import json
import time

BODY = json.dumps({"user": 42, "items": [{"id": i, "name": f"item {i}", "tags": ["a", "b"]} for i in range(20)]})


async def query(kind, id):
    loop = asyncio.get_running_loop()
    answer = loop.create_future()
    loop.call_soon(answer.set_result, {"kind": kind, "id": id, "rows": [id * 2, id * 3, id * 5]})
    return await answer


async def handle(raw, id):
    request = json.loads(raw)
    user, orders, prefs = await asyncio.gather(query("user", request["user"]), query("orders", id), query("prefs", id))
    total = sum(orders["rows"])
    return json.dumps({"id": id, "user": user["id"], "total": total, "prefs": len(prefs["rows"]), "items": len(request["items"])})


async def limited(limit, count, work):
    next_id = 0
    size = 0

    async def worker():
        nonlocal next_id, size
        while next_id < count:
            id = next_id
            next_id += 1
            response = await work(id)
            size += len(response)

    await asyncio.gather(*(worker() for _ in range(limit)))
    return size


async def main():
    start = time.perf_counter()
    size = await limited(64, 4000, lambda id: handle(BODY, id))
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000, "check": size}))


asyncio.run(main())
