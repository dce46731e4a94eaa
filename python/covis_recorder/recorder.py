"""Events, sites and strings of one loop, written to its sink as the trace format says.

Every event reads the clock (Hello.clock 'per-event'): next to the cost of a Python-level
hook, a perf_counter_ns() is small. Batches go out when full, at the end of a loop turn when
the last write is more than 10 ms old, at least every 100 ms while events come, and at exit:
a program killed by a signal loses at most the turn it was in.
"""
import os
import time

from . import wire

BATCH = 1 << 16
FLUSH_EVERY_MS = 100.0
TURN_FLUSH_MS = 10.0
# A turn with no event of the user's is left out of the trace if it was shorter than this.
QUIET_TURN_MS = 1.0
MAX_STRINGS = 100_000


class Turn:
    """One turn of the loop: its kind and label, and the identity that callbacks queued in it share."""

    __slots__ = ("kind", "label")

    def __init__(self, kind, label):
        self.kind = kind
        self.label = label


class Recorder:
    def __init__(self, fd, max_bytes):
        self._fd = fd
        self._max_bytes = max_bytes
        self._bytes = 0
        self.open = True
        self.dropped = 0
        self.events = 0
        self._origin = time.perf_counter_ns()
        self.start_epoch_ms = time.time_ns() / 1e6
        self.start_monotonic_ms = time.monotonic_ns() / 1e6
        self._batch = wire.EventColumns()
        self._last_flush = 0.0
        self.last_time = 0.0
        self._new_sites = []
        self._next_site = 0
        self._strings = {}
        self._fresh_strings = []
        self._string_base = 0
        # Called before each flush: lets the tracker settle summaries it is still waiting for.
        self.before_flush = None
        # The open loop turn (a Turn), or None; and the turn
        # begun but not written yet (no event in it so far).
        self.turn = None
        self._pending_turn = None
        # Outside asyncio's run_forever an event with no turn open opens a script turn.
        self.in_loop = 0

    def now(self):
        t = (time.perf_counter_ns() - self._origin) / 1e6
        self.last_time = t
        return t

    # ---- tables ----

    def intern(self, text):
        sid = self._strings.get(text)
        if sid is None:
            if len(self._strings) >= MAX_STRINGS:
                return -1
            sid = len(self._strings)
            self._strings[text] = sid
            self._fresh_strings.append(text)
        return sid

    def add_site(self, kind, name, file, line, column, fn=None):
        sid = self._next_site
        self._next_site += 1
        site = {"id": sid, "kind": kind, "name": name, "file": file, "line": line, "column": column}
        if fn is not None:
            site["fn"] = fn
        self._new_sites.append(site)
        return sid

    # ---- events ----

    def record(self, kind, task=-1, site=-1, arg=0, arg2=-1, _clock=time.perf_counter_ns):
        """Appends one event, stamped now; returns its index in the batch (for patch())."""
        if self.turn is None or self._pending_turn is not None:
            self._open_turn()
        t = (_clock() - self._origin) / 1e6
        self.last_time = t
        index = self._batch.append(kind, t, task, site, arg, arg2)
        if index + 1 >= BATCH or t - self._last_flush > FLUSH_EVERY_MS:
            self.flush()
            return -1
        return index

    def _open_turn(self):
        if self._pending_turn is None:
            # Code of the user's ran outside every turn we saw begin (module code after the
            # loop stopped, a generator closed by the garbage collector): it holds the thread.
            kind = wire.T_SCRIPT if self.in_loop == 0 else wire.T_IO
            label = self.intern("main script" if self.in_loop == 0 else "outside the loop's callbacks")
            self.begin_turn(Turn(kind, label), kind, label)
        self._write_turn_begin()

    def patch(self, index, kind, arg):
        """Rewrites an event still in the batch (a failure whose summary came later)."""
        if 0 <= index < len(self._batch):
            self._batch.kind[index] = kind
            self._batch.arg[index] = arg

    def begin_turn(self, token, kind, label, microtasks=False):
        """A turn begins now. It is written with the first event in it, or at its end if it
        lasted long enough to matter (asyncio's own short callbacks would only add noise)."""
        t = self.now()
        self.turn = token
        # [time, kind, label, time its callback returned or None]
        self._pending_turn = [t, kind, label, t if microtasks else None]

    def mark_microtasks(self):
        """The turn's callback returned: what follows in it is work the callback queued."""
        if self._pending_turn is not None:
            self._pending_turn[3] = self.now()
        elif self.turn is not None:
            self.record(wire.MICROTASKS)

    def _write_turn_begin(self):
        t, kind, label, microtasks = self._pending_turn
        self._pending_turn = None
        self._batch.append(wire.TURN_BEGIN, t, -1, -1, kind, label)
        if microtasks is not None:
            self._batch.append(wire.MICROTASKS, microtasks, -1, -1, 0, -1)

    def end_turn(self, at):
        """Closes the open turn at time `at` (the end of its last callback)."""
        if self.turn is None:
            return
        self.turn = None
        pending = self._pending_turn
        if pending is not None:
            if at - pending[0] < QUIET_TURN_MS:
                self._pending_turn = None
                return
            self._write_turn_begin()
        self._batch.append(wire.TURN_END, max(at, 0.0), -1, -1, 0, -1)
        if self.last_time - self._last_flush > TURN_FLUSH_MS:
            self.flush()

    # ---- output ----

    def _write(self, data):
        self._bytes += len(data)
        view = memoryview(data)
        try:
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
        except OSError:
            # The reader went away: keep the program running, stop recording.
            self.open = False

    def start(self, hello):
        self._write(wire.header())
        self._write(wire.json_frame(wire.HELLO, hello))

    def flush(self):
        if self.before_flush is not None:
            self.before_flush()
        self._last_flush = self.last_time
        if not self.open:
            self._batch = wire.EventColumns()
            return
        if self._new_sites:
            sites, self._new_sites = self._new_sites, []
            self._write(wire.json_frame(wire.SITES, sites))
        if self._fresh_strings:
            values, self._fresh_strings = self._fresh_strings, []
            self._write(wire.json_frame(wire.STRINGS, {"base": self._string_base, "values": values}))
            self._string_base += len(values)
        batch, self._batch = self._batch, wire.EventColumns()
        count = len(batch)
        if count == 0:
            return
        self.events += count
        if self._bytes > self._max_bytes:
            self.dropped += count
            return
        self._write(batch.frame())

    def finish(self, end):
        if not self.open:
            return
        if self.turn is not None:
            self.end_turn(self.now())
        if self.dropped:
            self._batch.append(wire.DROPPED, self.last_time, -1, -1, self.dropped, -1)
        self.flush()
        end = dict(end, dropped=self.dropped, events=self.events)
        self._write(wire.json_frame(wire.END, end))
        self.open = False
        try:
            os.close(self._fd)
        except OSError:
            pass
