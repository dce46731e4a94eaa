"""What asyncio's event loop does, seen through a few of its Python functions (no patching).

- Turns. Every callback the loop runs goes through Handle._run. A timer's callback (a
  TimerHandle) or an I/O callback (a handle we did not see scheduled) begins a turn; a
  callback queued with call_soon while a turn ran (a task's next step, a future's done
  callbacks) continues that turn, as a microtask checkpoint continues a Node macrotask: the
  task a timer wakes runs in the timer's turn. When the ready queue runs dry (_run_once finds
  it empty), the turn ends where its last callback returned.
- Tasks. BaseEventLoop.create_task(coro) creates the coroutine's task (parent: the task that
  called it; call site: the user's line) before the loop first steps it.
- Waits. What a suspended task waits on is read from the library coroutine it awaits
  (asyncio.sleep: a timer, a queue's get: a future, stream reads: I/O) or from what its await
  yielded to the Task (another Task, gather's future: all or all-settled).
- Failures. Task failures get their summary from the task once its step is over; a task
  exception nobody retrieved (call_exception_handler) is an `unhandled` event.
"""
import os
import sys
import types
import weakref

from . import wire
from .recorder import Turn
from .summary import summarize_error

_FUNCTIONS = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.BuiltinMethodType)

# (module file, qualname) of the functions whose calls are watched.
_HANDLE_RUN = ("events.py", "Handle._run")
_RUN_ONCE = ("base_events.py", "BaseEventLoop._run_once")
_RUN_FOREVER = ("base_events.py", "BaseEventLoop.run_forever")
_CALL_SOON = ("base_events.py", "BaseEventLoop.call_soon")
_CREATE_TASK = ("base_events.py", "BaseEventLoop.create_task")
_EXECUTOR = ("base_events.py", "BaseEventLoop.run_in_executor")
_EXCEPTION_HANDLER = ("base_events.py", "BaseEventLoop.call_exception_handler")
_GATHER = ("tasks.py", "gather")

# Library coroutines a task may await, by (module file, qualname) or module file alone.
_DELEGATE_WAITS = {
    ("tasks.py", "wait_for"): wire.W_RACE,
    ("tasks.py", "as_completed.<locals>._wait_for_one"): wire.W_RACE,
    ("tasks.py", "_wait_for_one"): wire.W_RACE,
    # 3.13: as_completed returns an iterator object (`for` and `async for`).
    ("tasks.py", "_AsCompletedIterator._wait_for_one"): wire.W_RACE,
    ("tasks.py", "_AsCompletedIterator.__anext__"): wire.W_RACE,
    ("taskgroups.py", "TaskGroup.__aexit__"): wire.W_ALL,
    ("timeouts.py", "Timeout.__aexit__"): wire.W_VALUE,
}
_MODULE_WAITS = {
    "queues.py": wire.W_PROMISE,
    "locks.py": wire.W_PROMISE,
    "streams.py": wire.W_IO,
    "selector_events.py": wire.W_IO,
    "proactor_events.py": wire.W_IO,
    "base_events.py": wire.W_IO,
    "unix_events.py": wire.W_IO,
    "subprocess.py": wire.W_IO,
    "threads.py": wire.W_IO,
    "sslproto.py": wire.W_IO,
}


class AsyncioHooks:
    def __init__(self, recorder, tracker):
        self.rec = recorder
        self.tracker = tracker
        self.asyncio_dir = None
        self._keys = {}
        # Handle -> the Turn during which call_soon queued it.
        self._origins = {}
        self._prune_at = 4096
        # One entry per Handle._run running: whether it began its turn (a timer or I/O callback).
        self._running = []
        self._last_end = 0.0
        self._creating = []
        self._gathering = []
        self._future_waits = weakref.WeakKeyDictionary()
        # code of a library coroutine -> (asyncio module file, qualname), or None outside asyncio.
        self._delegate_keys = {}
        self._script_marked = False
        tracker.loop_waits = (self.delegate_wait, self.value_wait)
        self._enter = {
            _HANDLE_RUN: self._handle_begins,
            _RUN_ONCE: self._run_once,
            _RUN_FOREVER: self._run_forever_begins,
            _CREATE_TASK: self._create_task_begins,
            _GATHER: self._gather_begins,
            _EXCEPTION_HANDLER: self._exception_handler,
        }
        self._leave = {
            _HANDLE_RUN: self._handle_ends,
            _RUN_FOREVER: self._run_forever_ends,
            _CALL_SOON: self._call_soon_ends,
            _CREATE_TASK: self._create_task_ends,
            _GATHER: self._gather_ends,
            _EXECUTOR: self._executor_ends,
        }

    def special_key(self, code):
        """The key of an asyncio function watched here, or None (sources.classify asks)."""
        filename = code.co_filename
        if os.sep + "asyncio" + os.sep not in filename:
            return None
        key = (os.path.basename(filename), getattr(code, "co_qualname", code.co_name))
        if key in self._enter or key in self._leave:
            self._keys[code] = key
            if self.asyncio_dir is None:
                self.asyncio_dir = os.path.dirname(filename)
            return key
        return None

    def enter(self, frame):
        handler = self._enter.get(self._keys.get(frame.f_code))
        if handler is not None:
            handler(frame)

    def leave(self, frame, how, value):
        handler = self._leave.get(self._keys.get(frame.f_code))
        if handler is not None:
            handler(frame, how, value)

    # ---- turns ----

    def begin_script(self):
        self.rec.begin_turn(Turn(wire.T_SCRIPT, -1), wire.T_SCRIPT, self.rec.intern("main script"))

    def _handle_begins(self, frame):
        handle = frame.f_locals.get("self")
        rec = self.rec
        origin = self._origins.pop(handle, None) if type(handle).__name__ == "Handle" else None
        if origin is not None:
            self._running.append(False)
            if rec.turn is origin:
                return
            if rec.turn is not None:
                rec.end_turn(self._last_end)
            rec.begin_turn(origin, origin.kind, origin.label, microtasks=True)
            return
        if rec.turn is not None:
            rec.end_turn(self._last_end)
        kind = wire.T_TIMER if type(handle).__name__ == "TimerHandle" else wire.T_IO
        label = rec.intern(_callback_label(getattr(handle, "_callback", None)))
        rec.begin_turn(Turn(kind, label), kind, label)
        self._running.append(True)

    def _handle_ends(self, frame, how, value):
        began = self._running.pop() if self._running else False
        if began and self.rec.turn is not None:
            # The callback itself is over; what follows in this turn is work it queued.
            self.rec.mark_microtasks()
        self._last_end = self.rec.now()
        self.tracker.failures.settle_tasks()

    def _run_once(self, frame):
        loop = frame.f_locals.get("self")
        if self.rec.turn is not None and not getattr(loop, "_ready", True):
            self.rec.end_turn(self._last_end)
        if len(self._origins) > self._prune_at:
            # Handles cancelled before they ran are never popped.
            self._origins = {h: t for h, t in self._origins.items() if not getattr(h, "_cancelled", False)}
            self._prune_at = max(4096, 2 * len(self._origins))

    def _run_forever_begins(self, frame):
        self.rec.in_loop += 1
        turn = self.rec.turn
        if turn is not None and turn.kind == wire.T_SCRIPT and not self._script_marked:
            # The script's own code has handed over to the loop; its callbacks follow.
            self._script_marked = True
            self.rec.mark_microtasks()
        self._last_end = self.rec.now()

    def _run_forever_ends(self, frame, how, value):
        self.rec.in_loop -= 1
        if self.rec.turn is not None and self.rec.in_loop == 0:
            self.rec.end_turn(self._last_end)

    def _call_soon_ends(self, frame, how, value):
        if how == 1 and self.rec.turn is not None and value is not None:
            self._origins[value] = self.rec.turn

    # ---- tasks and what they wait on ----

    def _create_task_begins(self, frame):
        coro = frame.f_locals.get("coro")
        self._creating.append(self.tracker.schedule(coro, frame.f_back) if coro is not None else None)

    def _create_task_ends(self, frame, how, value):
        r = self._creating.pop() if self._creating else None
        if r is not None and how == 1 and value is not None:
            r.task_obj = value
            self.tracker.task_ids[id(value)] = r.id

    def _gather_begins(self, frame):
        self._gathering.append(bool(frame.f_locals.get("return_exceptions")))

    def _gather_ends(self, frame, how, value):
        settled = self._gathering.pop() if self._gathering else False
        if how == 1 and value is not None:
            self._remember(value, wire.W_ALL_SETTLED if settled else wire.W_ALL)

    def _executor_ends(self, frame, how, value):
        if how == 1 and value is not None:
            self._remember(value, wire.W_IO)

    def _remember(self, future, wait):
        try:
            self._future_waits[future] = wait
        except TypeError:
            pass

    def delegate_wait(self, delegate, value):
        """(WaitKind, awaited task) of a task suspended in the library coroutine `delegate`."""
        code = delegate.f_code
        key = self._delegate_keys.get(code, False)
        if key is False:
            filename = code.co_filename
            in_asyncio = self.asyncio_dir is not None and os.path.dirname(filename) == self.asyncio_dir
            key = self._delegate_keys[code] = (os.path.basename(filename), getattr(code, "co_qualname", code.co_name)) if in_asyncio else None
        if key is None:
            return self.value_wait(value)
        module, name = key
        if module == "tasks.py" and name == "sleep":
            return (wire.W_VALUE if value is None else wire.W_TIMER), -1
        if module == "tasks.py" and name == "wait":
            when = delegate.f_locals.get("return_when")
            return {"FIRST_COMPLETED": wire.W_RACE, "FIRST_EXCEPTION": wire.W_ALL}.get(when, wire.W_ALL_SETTLED), -1
        wait = _DELEGATE_WAITS.get((module, name))
        if wait is None:
            wait = _MODULE_WAITS.get(module)
        return (wait, -1) if wait is not None else self.value_wait(value)

    def value_wait(self, value):
        """(WaitKind, awaited task) of what an await handed to the Task: a future, a task, None."""
        if value is None:
            return wire.W_VALUE, -1
        futures = sys.modules.get("asyncio.futures")
        if futures is None or not issubclass(type(value), futures.Future):
            return wire.W_THENABLE, -1
        tasks = sys.modules.get("asyncio.tasks")
        if tasks is not None and issubclass(type(value), tasks.Task):
            coro = value.get_coro()
            frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
            r = self.tracker.recs.get(frame) if frame is not None else None
            return (wire.W_TASK, r.id) if r is not None else (wire.W_PROMISE, -1)
        return self._future_waits.get(value, wire.W_PROMISE), -1

    def _exception_handler(self, frame):
        context = frame.f_locals.get("context")
        if type(context) is not dict:
            return
        error = context.get("exception")
        future = context.get("future") or context.get("task")
        tid = self.tracker.task_ids.get(id(future), -1) if future is not None else -1
        message = context.get("message")
        summary = summarize_error(error) if error is not None else (message if type(message) is str else "error")
        self.rec.record(wire.UNHANDLED, tid, -1, self.rec.intern(summary[:80]))


# asyncio's own callbacks, in words.
_LABELS = {
    "_set_result_unless_cancelled": "asyncio.sleep",
    "TaskStepMethWrapper": "task step",
    "task_wakeup": "task wakeup",
    "BaseSelectorEventLoop._read_from_self": "wakeup from another thread",
}


def _callback_label(callback):
    """A readable name for a loop callback ("asyncio.sleep", "Server._accept", "partial(tick)")."""
    kind = type(callback)
    if kind in _FUNCTIONS:
        name = getattr(callback, "__qualname__", None) or getattr(callback, "__name__", "callback")
        name = name.replace(".<locals>", "")
        return _LABELS.get(name, name)
    if kind.__qualname__ in _LABELS:
        return _LABELS[kind.__qualname__]
    func = getattr(callback, "func", None) if kind.__name__ == "partial" else None
    if func is not None and type(func) in _FUNCTIONS:
        return f"partial({getattr(func, '__qualname__', 'callback')})"
    return kind.__qualname__
