"""Failures of tasks and their summaries.

3.12+ (sys.monitoring) tells the exception a frame unwinds with. 3.11's profile hook does not:
such a Fail event is written with no summary and patched while it is still in the batch, when
the exception shows: in the asyncio task that caught it (after its step), in the handler it
went into (`sys.exc_info()` at the next call there), as the exception the program died of, or
as the `__context__` of the exception a handler raised instead. One exception leaving several
awaiting frames in a row is one FailGroup. What is still unknown when the batch is written says
`exception`.
"""
import sys

from . import wire
from .summary import cancelled_summary, summarize_error

# Where a frame stands when an exception that came out of the coroutine it awaited leaves it too
# (the await's own instructions; a `finally` or a non-matching `except` re-raising it).
_PASSING_ON = {"SEND", "YIELD_VALUE", "RESUME", "JUMP_BACKWARD_NO_INTERRUPT", "CLEANUP_THROW", "END_SEND", "RERAISE"}
_CONTEXT = BaseException.__context__.__get__
# An exception the backend could not see.
UNKNOWN = object()


class FailGroup:
    """Fail events of one exception on its way out (a task and those awaiting it), summary unknown yet."""

    __slots__ = ("events", "task", "fallback", "context")

    def __init__(self):
        self.events = []
        self.task = None
        # The failure this one's exception was raised while handling (its __context__).
        self.context = None
        # (event kind, summary) if nothing tells more before the events are written.
        self.fallback = (wire.FAIL, "exception")



class Failures:
    def __init__(self, recorder, sources):
        self.rec = recorder
        self.src = sources
        # (frame, group): a failure went into this frame; the next event there may show the exception.
        self.watch = None
        self._pending = []
        recorder.before_flush = self.settle_all

    def failed(self, r, frame, error):
        """Writes the Fail (or closed Complete) of task `r`, unwinding with `error` (UNKNOWN on
        3.11); returns the group its summary is waited for in, or None."""
        watch, self.watch = self.watch, None
        if error is not UNKNOWN:
            if type(error) is GeneratorExit:
                # close(): the way a generator is told to finish, not a failure.
                self.rec.record(wire.COMPLETE, r.id, -1, self.rec.intern("closed"))
            else:
                self.rec.record(wire.FAIL, r.id, -1, self.rec.intern(summarize_error(error)))
            return None
        # Unwinding with the failure of the task it awaited (nothing ran in between), or a new one.
        caught = watch[1] if watch is not None and watch[0] is frame and watch[1] in self._pending else None
        if caught is not None and self.src.op(frame) in _PASSING_ON:
            group = caught
        else:
            group = FailGroup()
            group.context = caught
            self._pending.append(group)
            if r.thrown and r.info.kind != "async":
                # A generator thrown into and gone: close() (or its garbage collection) most likely.
                group.fallback = (wire.COMPLETE, "closed")
        index = self.rec.record(wire.FAIL, r.id)
        if index >= 0:
            group.events.append(index)
        if r.task_obj is not None:
            group.task = r.task_obj
        return group

    def check_watch(self, frame, event, arg):
        """Any event while a failure's way is watched: is the exception caught where it went?"""
        wframe, group = self.watch
        if frame is not wframe and frame.f_back is not wframe:
            return
        if frame is wframe:
            if event in ("unwind", "call"):
                # It goes on up: _fail() joins the group. Or 3.11 re-enters the awaiting frame
                # to raise in it what was thrown into its delegate (a cancellation, a timeout):
                # not handled yet, its handler comes next.
                return
            if event == "c_return" and getattr(arg, "__name__", None) == "close":
                self.watch = None
                self._resolve(group, wire.COMPLETE, "closed", None)
                return
        error = sys.exc_info()[1]
        if error is None and event == "c_exception":
            return  # still on its way (a throw() that raised): its handler may come next
        self.watch = None
        if error is not None:
            self._resolve(group, wire.FAIL, summarize_error(error), error)

    def settle_tasks(self):
        """After a loop callback: failures of asyncio tasks are told by the tasks themselves."""
        for group in list(self._pending):
            task = group.task
            if task is not None and task.done():
                if task.cancelled():
                    self._resolve(group, wire.FAIL, cancelled_summary(task), None)
                else:
                    error = getattr(task, "_exception", None)
                    self._resolve(group, wire.FAIL, summarize_error(error) if error is not None else "exception", error)

    def settle_top(self, error):
        """The program died of `error`: failures that went up to it without a summary had it."""
        self.settle_tasks()
        for group in list(self._pending):
            if group.task is None:
                self._resolve(group, wire.FAIL, summarize_error(error), error)

    def settle_all(self):
        """Before a flush (the events leave the batch): what is still unknown stays unknown."""
        self.settle_tasks()
        for group in self._pending:
            kind, summary = group.fallback
            sid = self.rec.intern(summary)
            for index in group.events:
                self.rec.patch(index, kind, sid)
        self._pending.clear()
        if self.watch is not None:
            self.watch = None

    def _resolve(self, group, kind, summary, error):
        if group not in self._pending:
            return
        self._pending.remove(group)
        sid = self.rec.intern(summary)
        for index in group.events:
            self.rec.patch(index, kind, sid)
        context = group.context
        if context is not None and error is not None:
            # Raised in the handler of the failure it awaited: that one is its __context__.
            try:
                cause = _CONTEXT(error)
            except Exception:
                cause = None
            if cause is not None:
                self._resolve(context, wire.FAIL, summarize_error(cause), cause)
