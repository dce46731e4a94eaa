"""Tasks (one per coroutine or generator instance of the user's) and their states.

The backends (backends.py) report when a frame of interest starts or resumes (`enter`) and
when it yields, returns or unwinds (`leave`). A task is the frame of one coroutine instance.

Awaiting is delegation in Python: `await child()` runs the child inside the awaiting frame's
SEND, and the Task that drives the outermost coroutine re-enters the whole chain on every
step. So a task that awaits another (or a library coroutine such as asyncio.sleep, its
*delegate*) is suspended until that delegate returns or raises; the re-entries of its frame
in between only pass the step through and are not resumptions.

Failures and their summaries: failures.py.
"""
from . import wire
from .failures import UNKNOWN, Failures
from .summary import summarize_value

RUNNING, SUSPENDED = 1, 2
# leave() how
YIELD, RETURN, UNWIND = 0, 1, 2
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class Rec:
    """One task: the frame of one coroutine or generator instance."""

    __slots__ = ("id", "info", "state", "delegate", "task_obj", "thrown")

    def __init__(self, tid, info):
        self.id = tid
        self.info = info
        self.state = RUNNING
        # The frame it awaits / delegates to while suspended (a task's or a library's), or None.
        self.delegate = None
        # The asyncio.Task that drives it, when it was created by create_task.
        self.task_obj = None
        # Resumed by a throw() or close() rather than a send (3.11 tells no more).
        self.thrown = False


class Tracker:
    def __init__(self, recorder, sources):
        self.rec = recorder
        self.src = sources
        self.recs = {}
        # Library coroutine frame -> the task awaiting it (while it runs or waits).
        self._delegating = {}
        self.stack = []
        self._next_id = 1
        self.loop_waits = None  # set by asyncio_hooks: (delegate_wait, value_wait)
        self.failures = Failures(recorder, sources)
        # id() of the asyncio.Task of each task created by create_task that has not completed,
        # to name the task of "exception was never retrieved" as the task is finalized (a weak
        # reference is gone by then when the garbage collector frees it).
        self.task_ids = {}

    # ---- entering a frame ----

    def enter_tracked(self, frame, thrown=False):
        r = self.recs.get(frame)
        if r is not None:
            if r.state == RUNNING or r.delegate is not None:
                # Running already (3.11 and 3.12 report a throw into a delegation chain
                # innermost first), or stepping through to the delegate it waits on.
                return
            r.thrown = thrown
            self._awaited_by(frame, r)
            self._resume(r)
            return
        info = self.src.task_info(frame.f_code)
        back = frame.f_back
        waiter = self._waiter(back)
        parent = waiter.id if waiter is not None else (self.stack[-1].id if self.stack else 0)
        r = self._create(frame, info, parent, self.src.call_site(back))
        self._push(r)
        if waiter is not None:
            self._suspend_on_task(waiter, back, r, frame)

    def _waiter(self, back):
        """The running task whose await (SEND in `back`) enters this task now, or None.

        `back` is that task's frame, or a library coroutine it awaits that awaits this task in
        turn (`async with` of an @asynccontextmanager awaits the generator through contextlib).
        """
        if back is None:
            return None
        waiter = self.recs.get(back)
        if waiter is None:
            waiter = self._delegating.get(back)
            if waiter is None or waiter.delegate is not back:
                return None
        if waiter.state != RUNNING or not self.src.is_send(back):
            return None
        return waiter

    def _awaited_by(self, frame, r):
        """A task resumed from a task's await (an async generator's __anext__): that one waits on it."""
        back = frame.f_back
        waiter = self._waiter(back)
        if waiter is not None:
            self._suspend_on_task(waiter, back, r, frame)

    def _suspend_on_task(self, waiter, back, r, frame):
        if self.recs.get(back) is waiter:
            waiter.delegate = frame
            waiter_frame = back
            wait = wire.W_FOR_AWAIT if r.info.kind == "async-generator" else wire.W_TASK
        else:
            waiter_frame = back.f_back  # through the library coroutine it awaits (its delegate)
            wait = wire.W_TASK
        self._suspend(waiter, self.src.suspend_site(waiter_frame, waiter.info), wait, r.id)

    def enter_delegate(self, frame):
        back = frame.f_back
        waiter = self.recs.get(back) if back is not None else None
        if waiter is not None and waiter.state == RUNNING and self.src.is_send(back):
            waiter.delegate = frame
            self._delegating[frame] = waiter

    def schedule(self, coro, caller):
        """create_task(coro): the task exists from here, suspended until the loop first steps it."""
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            return None
        r = self.recs.get(frame)
        if r is not None:
            return r
        code = frame.f_code
        kind = self.src.kinds.get(code)
        if kind is None:
            kind = self.src.classify(code)
        if kind != 1:  # sources.TRACKED
            return None
        parent = self.stack[-1].id if self.stack else 0
        r = self._create(frame, self.src.task_info(code), parent, self.src.call_site(caller))
        r.state = SUSPENDED
        self.rec.record(wire.SUSPEND, r.id, -1, wire.W_VALUE, -1)
        return r

    # ---- leaving a frame ----

    def leave_tracked(self, frame, how, value, lasti=None):
        """`lasti`: the instruction it left at, when the backend tells (3.13's f_lasti is past a yield)."""
        r = self.recs.get(frame)
        if r is None:
            return
        if how == YIELD:
            if r.state != RUNNING:
                return  # the yield of what it awaits, passing through it
            if lasti is None:
                lasti = frame.f_lasti
            awaiting = self.src.yield_ends_await(frame, lasti)
            if awaiting and r.info.awaits:
                wait, awaited = self._wait_of(r, value)
            else:
                wait, awaited = wire.W_YIELD, -1
            self._suspend(r, self.src.suspend_site(frame, r.info, lasti), wait, awaited)
            if not awaiting and r.info.kind == "async-generator":
                # A value for the consumer: its await of __anext__ is over.
                self._release_driver(frame, None)
            return
        if r.state != RUNNING:
            self._resume(r)
        group = None
        if how == RETURN:
            self._complete(r, value)
        else:
            group = self._fail(r, frame, value)
        del self.recs[frame]
        self._release_driver(frame, group)

    def leave_delegate(self, frame, how):
        if how == YIELD:
            return
        self._delegating.pop(frame, None)
        self._resume_delegator(frame)

    def _release_driver(self, frame, group):
        self._resume_delegator(frame)
        back = frame.f_back
        if group is not None and back is not None:
            self.failures.watch = (back, group)

    def _resume_delegator(self, frame):
        """The frame that delegated to `frame` (awaited it, `yield from` it) runs again once it has ended."""
        back = frame.f_back
        waiter = self.recs.get(back) if back is not None else None
        if waiter is not None and waiter.delegate is frame:
            waiter.delegate = None
            if waiter.state != RUNNING:
                self._resume(waiter)

    def _wait_of(self, r, value):
        if self.loop_waits is None:
            return (wire.W_VALUE if value is None else wire.W_THENABLE), -1
        delegate_wait, value_wait = self.loop_waits
        if r.delegate is not None:
            return delegate_wait(r.delegate, value)
        return value_wait(value)

    # ---- events ----

    def _create(self, frame, info, parent, call_site):
        tid = self._next_id
        self._next_id += 1
        r = Rec(tid, info)
        self.recs[frame] = r
        self.rec.record(wire.CREATE, tid, info.site, parent, call_site)
        return r

    def _push(self, r):
        r.state = RUNNING
        self.stack.append(r)

    def _pop(self, r):
        stack = self.stack
        if stack and stack[-1] is r:
            stack.pop()
        elif r in stack:
            stack.remove(r)

    def _resume(self, r):
        self._push(r)
        self.rec.record(wire.RESUME, r.id)

    def _suspend(self, r, site, wait, awaited):
        r.state = SUSPENDED
        self._pop(r)
        self.rec.record(wire.SUSPEND, r.id, site, wait, awaited)

    def _complete(self, r, value):
        self._pop(r)
        if r.task_obj is not None:
            self.task_ids.pop(id(r.task_obj), None)
        if type(value) is int and _INT_MIN <= value <= _INT_MAX:
            self.rec.record(wire.COMPLETE, r.id, -1, wire.SUMMARY_IN_ARG2, value)
        else:
            self.rec.record(wire.COMPLETE, r.id, -1, self.rec.intern(summarize_value(value)))

    def _fail(self, r, frame, error):
        self._pop(r)
        return self.failures.failed(r, frame, error)
