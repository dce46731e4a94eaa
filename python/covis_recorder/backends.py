"""Where the events come from: sys.monitoring on 3.12 and later, sys.setprofile on 3.11.

Both report the same things to the tracker and the asyncio hooks: a frame of interest starts
or resumes, and it yields, returns or unwinds.

- sys.monitoring (PEP 669), whose events come from every thread (only the main thread's are
  recorded: its event loop is the one `asyncio.run` in the script runs), gives PY_START, PY_RESUME, PY_YIELD, PY_RETURN, PY_THROW and
  PY_UNWIND with the exception. PY_START is switched off (DISABLE) for every code object that
  is not a coroutine or generator of the user's, a library coroutine or an asyncio function
  watched: the rest of the program runs at full speed after its first call. It uses a tool id
  of its own, so debuggers, coverage and profilers keep theirs.
- sys.setprofile (3.11) calls back on every Python and C call and return. A frame's 'return'
  is a yield when it stopped at a YIELD_VALUE, a return at a RETURN_VALUE, and otherwise an
  unwinding exception, which the hook does not see (failures.py). A profiler of the
  user's (cProfile) replaces the hook and ends the recording.

A hook never raises into the program: an internal error switches recording off.
"""
import sys
from _thread import get_ident

from .failures import UNKNOWN
from .sources import DELEGATE, SPECIAL, TRACKED
from .tracker import RETURN, UNWIND, YIELD


class Dispatch:
    """Routes one event to the tracker or the asyncio hooks by the code object's kind."""

    def __init__(self, sources, tracker, hooks):
        self.kinds = sources.kinds
        self.classify = sources.classify
        self.sources = sources
        self.tracker = tracker
        self.hooks = hooks

    def kind(self, code):
        k = self.kinds.get(code)
        return self.classify(code) if k is None else k

    def enter(self, frame, k, thrown):
        if k == TRACKED:
            self.tracker.enter_tracked(frame, thrown)
        elif k == DELEGATE:
            self.tracker.enter_delegate(frame)
        elif k == SPECIAL:
            self.hooks.enter(frame)

    def leave(self, frame, k, how, value, lasti=None):
        if k == TRACKED:
            self.tracker.leave_tracked(frame, how, value, lasti)
        elif k == DELEGATE:
            self.tracker.leave_delegate(frame, how)
        elif k == SPECIAL:
            self.hooks.leave(frame, how, value)


def _failed(stop):
    def report(error):
        stop()
        if "covis_recorder" in sys.modules and getattr(sys.modules["covis_recorder"], "VERBOSE", False):
            sys.stderr.write(f"covis_recorder: recording stopped after an internal error: {error!r}\n")
    return report


def start_profile(dispatch, stop_all):
    """3.11: one profile function for every call of the main thread."""
    failures = dispatch.tracker.failures
    sources = dispatch.sources
    kinds = dispatch.kinds
    classify = dispatch.classify
    failed = _failed(stop_all)

    def hook(frame, event, arg):
        try:
            if event == "call":
                code = frame.f_code
                k = kinds.get(code)
                if k is None:
                    k = classify(code)
                if failures.watch is not None:
                    failures.check_watch(frame, "call", arg)
                if k:
                    thrown = k == TRACKED and sources.op(frame) == "YIELD_VALUE"
                    dispatch.enter(frame, k, thrown)
            elif event == "return":
                code = frame.f_code
                k = kinds.get(code)
                if k is None:
                    k = classify(code)
                if k:
                    if sources.yielded(frame):
                        how = YIELD
                    elif sources.returned(frame):
                        how = RETURN
                    else:
                        how = UNWIND
                        arg = UNKNOWN
                    if failures.watch is not None:
                        failures.check_watch(frame, "unwind" if how == UNWIND else "return", arg)
                    dispatch.leave(frame, k, how, arg)
                elif failures.watch is not None:
                    failures.check_watch(frame, "return", arg)
            elif failures.watch is not None:
                failures.check_watch(frame, event, arg)
        except Exception as error:  # never into the user's program
            failed(error)

    sys.setprofile(hook)
    return lambda: sys.setprofile(None) if sys.getprofile() is hook else None


def start_monitoring(dispatch, stop_all):
    """3.12+: sys.monitoring, PY_START disabled wherever nothing is of interest."""
    monitoring = sys.monitoring
    events = monitoring.events
    tool = next((t for t in (4, 3, 5) if monitoring.get_tool(t) is None), None)
    if tool is None:
        return None
    monitoring.use_tool_id(tool, "coroutine-visualizer")
    disable = monitoring.DISABLE
    getframe = sys._getframe
    kinds = dispatch.kinds
    kind = dispatch.kind
    enter = dispatch.enter
    leave = dispatch.leave
    local = events.PY_RESUME | events.PY_YIELD | events.PY_RETURN
    failed = _failed(stop_all)
    main = get_ident()

    def py_start(code, offset):
        try:
            k = kind(code)
            if not k:
                return disable
            if monitoring.get_local_events(tool, code) != local:
                monitoring.set_local_events(tool, code, local)
            if get_ident() == main:
                enter(getframe(1), k, False)
        except Exception as error:
            failed(error)
        return None

    def py_resume(code, offset):
        try:
            if get_ident() == main:
                enter(getframe(1), kinds.get(code, 0), False)
        except Exception as error:
            failed(error)

    def py_throw(code, offset, exception):
        try:
            k = kinds.get(code)
            if k and get_ident() == main:
                enter(getframe(1), k, True)
        except Exception as error:
            failed(error)

    def py_yield(code, offset, value):
        try:
            if get_ident() == main:
                leave(getframe(1), kinds.get(code, 0), YIELD, value, offset)
        except Exception as error:
            failed(error)

    def py_return(code, offset, value):
        try:
            if get_ident() == main:
                leave(getframe(1), kinds.get(code, 0), RETURN, value)
        except Exception as error:
            failed(error)

    def py_unwind(code, offset, exception):
        try:
            k = kinds.get(code)
            if k and get_ident() == main:
                leave(getframe(1), k, UNWIND, exception)
        except Exception as error:
            failed(error)

    for event, callback in (
        (events.PY_START, py_start),
        (events.PY_RESUME, py_resume),
        (events.PY_THROW, py_throw),
        (events.PY_YIELD, py_yield),
        (events.PY_RETURN, py_return),
        (events.PY_UNWIND, py_unwind),
    ):
        monitoring.register_callback(tool, event, callback)
    monitoring.set_events(tool, events.PY_START | events.PY_THROW | events.PY_UNWIND)

    def stop():
        monitoring.set_events(tool, 0)
        for code in list(kinds):
            if kinds[code]:
                try:
                    monitoring.set_local_events(tool, code, 0)
                except ValueError:
                    pass
        monitoring.free_tool_id(tool)

    return stop
