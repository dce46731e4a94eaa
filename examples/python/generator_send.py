"""The seed's generator foundation: a generator pauses at yield and gets a value sent in.

simple_coroutine is the seed's, as written: next() runs it to its yield, send(42) resumes it
with 42, and as it then returns, send() raises StopIteration (caught here). averager is driven
the same way with several values: each yield hands the average so far back to the caller.
"""


def simple_coroutine():
    print("Starting coroutine")
    x = yield  # Pause point, receives value from outside
    print("Received value:", x)


def averager():
    total = 0
    count = 0
    average = None
    while True:
        value = yield average  # Hands out the average, receives the next value.
        if value is None:
            return f"averaged {count} values"
        total += value
        count += 1
        average = total / count


# Usage
coro = simple_coroutine()
next(coro)  # Start the coroutine, execute up to the first yield
try:
    coro.send(42)  # Send a value to the coroutine, resume execution
except StopIteration:
    print("simple_coroutine finished")

avg = averager()
next(avg)  # Prime it.
for v in (10, 20, 60):
    print("average so far:", avg.send(v))
try:
    avg.send(None)
except StopIteration as done:
    print(done.value)
