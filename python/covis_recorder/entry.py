"""`python3 -m covis_recorder app.py args…`: runs app.py as `python3 app.py args…` would, recorded.

The script runs as __main__ with the same sys.argv, sys.path[0], module globals, output and exit
status: an uncaught exception is printed by sys.excepthook without this recorder's frames and
exits 1, SystemExit keeps its code, an uncaught KeyboardInterrupt ends the process by SIGINT
(as Python does since 3.8). The trace goes to COVIS_OPTIONS' spool folder (under
`covis record`) or to COVIS_TRACE; the End frame is written by the last atexit handler.
"""
import atexit
import builtins
import importlib.machinery
import json
import os
import platform
import sys
import types

from . import wire
from .asyncio_hooks import AsyncioHooks
from .backends import Dispatch, start_monitoring, start_profile
from .recorder import Recorder
from .sources import Sources
from .summary import summarize_error
from .tracker import Tracker

OWN_DIR = os.path.dirname(os.path.abspath(__file__))
_RUNPY_FILES = ("<frozen runpy>",)
USAGE = "usage: python3 -m covis_recorder script.py [args...]  (or -m module [args...])\n"


class Session:
    """The recording of this process: set up before the script runs, ended at exit."""

    def __init__(self, recorder, sources, tracker, hooks):
        self.recorder = recorder
        self.sources = sources
        self.tracker = tracker
        self.hooks = hooks
        self.stop_hooks = None
        self.end = {"reason": "exit", "exitCode": 0}
        self.error = None

    def start(self, verbose):
        dispatch = Dispatch(self.sources, self.tracker, self.hooks)
        if hasattr(sys, "monitoring"):
            self.stop_hooks = start_monitoring(dispatch, self.stop)
        if self.stop_hooks is None:
            self.stop_hooks = start_profile(dispatch, self.stop)
        if verbose:
            which = "sys.monitoring" if hasattr(sys, "monitoring") else "sys.setprofile"
            sys.stderr.write(f"covis_recorder: recording with {which}\n")
        self.hooks.begin_script()
        os.register_at_fork(after_in_child=self.forked)

    def stop(self):
        stop, self.stop_hooks = self.stop_hooks, None
        if stop is not None:
            stop()

    def forked(self):
        # A fork() child shares the trace file: it must not write into the parent's stream.
        self.stop()
        self.recorder.open = False

    def finish(self):
        self.stop()
        if self.error is not None:
            self.tracker.failures.settle_top(self.error)
        self.recorder.finish(self.end)


def _open_sink(options):
    """The file descriptor to write to: the spool's `<pid>-0.covis`, or COVIS_TRACE's file."""
    spool = options.get("spool")
    if spool:
        base = os.path.join(spool, f"{os.getpid()}-0")
        for n in range(1, 100):
            path = f"{base}.covis" if n == 1 else f"{base}-{n}.covis"
            try:
                return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
        return None
    path = options.get("tracePath")
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600) if path else None


def _read_options():
    options = {}
    raw = os.environ.get("COVIS_OPTIONS")
    if raw:
        try:
            options = json.loads(raw)
        except ValueError:
            sys.stderr.write("covis_recorder: ignoring COVIS_OPTIONS, it is not valid JSON\n")
    if not isinstance(options, dict):
        options = {}
    if not options.get("tracePath") and not options.get("spool") and os.environ.get("COVIS_TRACE"):
        options["tracePath"] = os.environ["COVIS_TRACE"]
    return options


def _leave_no_trace_in_paths():
    """The launcher put this package's folder on PYTHONPATH: the program does not see it there."""
    parent = os.path.dirname(OWN_DIR)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != parent or p == ""]
    value = os.environ.get("PYTHONPATH")
    if value is not None:
        kept = [p for p in value.split(os.pathsep) if p and os.path.abspath(p) != parent]
        if kept:
            os.environ["PYTHONPATH"] = os.pathsep.join(kept)
        else:
            del os.environ["PYTHONPATH"]


def _session(options, program, argv):
    if sys.version_info < (3, 11):
        sys.stderr.write("covis_recorder: recording needs Python 3.11 or later; running without it\n")
        return None
    try:
        fd = _open_sink(options)
    except OSError as error:
        sys.stderr.write(f"covis_recorder: cannot write the trace: {error}\n")
        return None
    if fd is None:
        sys.stderr.write("covis_recorder: nowhere to record to (set COVIS_TRACE=file, or run it with covis record); running without it\n")
        return None
    recorder = Recorder(fd, options.get("maxBytes") or (1 << 30))
    sources = Sources(recorder, options, OWN_DIR)
    tracker = Tracker(recorder, sources)
    hooks = AsyncioHooks(recorder, tracker)
    sources.special_key = hooks.special_key
    pid = os.getpid()
    recorder.start(
        {
            "protocol": wire.PROTOCOL_VERSION,
            "pid": pid,
            "node": "",
            "language": "python",
            "python": platform.python_version(),
            "argv": [program, *argv],
            "cwd": os.getcwd(),
            "startEpochMs": recorder.start_epoch_ms,
            "monotonicMs": recorder.start_monotonic_ms,
            "clock": "per-event",
            "threadId": 0,
            "ppid": os.getppid(),
            "name": f"{os.path.basename(program)} (pid {pid})",
        }
    )
    return Session(recorder, sources, tracker, hooks)


def _strip(tb):
    """The traceback from the user's first frame: this recorder's and runpy's frames left out."""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not (filename.startswith(OWN_DIR) or filename in _RUNPY_FILES or os.path.basename(filename) == "runpy.py"):
            break
        tb = tb.tb_next
    return tb


def _main_module(path):
    module = types.ModuleType("__main__")
    module.__annotations__ = {}
    module.__builtins__ = builtins
    module.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
    module.__file__ = path
    module.__cached__ = None
    return module


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        sys.stderr.write(USAGE)
        sys.exit(2)
    as_module = args[0] == "-m"
    if as_module:
        args = args[1:]
        if not args:
            sys.stderr.write(USAGE)
            sys.exit(2)
    target, argv = args[0], args[1:]
    options = _read_options()
    _leave_no_trace_in_paths()
    if as_module:
        sys.argv = [target, *argv]
        runner = _module_runner(target)
        program = target
    else:
        path = os.path.abspath(target)
        sys.argv = [target, *argv]
        runner = _script_runner(target, path)
        program = path
    session = _session(options, program, argv)
    if session is not None:
        sys.modules["covis_recorder"].VERBOSE = bool(options.get("verbose"))
        atexit.register(session.finish)
        session.start(bool(options.get("verbose")))
    _run(runner, session)


def _script_runner(target, path):
    if os.path.isdir(path) or not path.endswith(".py") and _is_zip(path):
        import runpy

        sys.path[0] = path
        return lambda: runpy.run_path(path, run_name="__main__")
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as error:
        sys.stderr.write(f"{os.path.basename(sys.executable)}: can't open file {path!r}: [Errno {error.errno}] {error.strerror}\n")
        sys.exit(2)
    sys.path[0] = os.path.dirname(os.path.realpath(path))

    def run():
        code = compile(source, path, "exec", dont_inherit=True)
        module = _main_module(path)
        sys.modules["__main__"] = module
        exec(code, module.__dict__)

    return run


def _module_runner(name):
    import runpy

    sys.path[0] = os.getcwd()
    return lambda: runpy.run_module(name, run_name="__main__", alter_sys=True)


def _is_zip(path):
    import zipfile

    return zipfile.is_zipfile(path)


def _run(runner, session):
    try:
        runner()
    except SystemExit as exit_:
        code = exit_.code
        if session is not None:
            # What the process's exit status will be (sys.exit(True) is 1, sys.exit(256) is 0).
            status = 0 if code is None else int(code) & 0xFF if isinstance(code, int) else 1
            session.end = {"reason": "exit" if status == 0 else "process-exit", "exitCode": status}
        raise
    except BaseException as error:  # noqa: B036 (reported as Python reports it, then re-raised)
        tb = _strip(error.__traceback__)
        error.__traceback__ = tb
        if session is not None:
            session.error = error
            interrupted = type(error) is KeyboardInterrupt
            session.end = {
                "reason": "uncaught-exception",
                "exitCode": None if interrupted else 1,
                "error": summarize_error(error),
                **({"signal": "SIGINT"} if interrupted else {}),
            }
        sys.excepthook(type(error), error, tb)
        # The interpreter's own report of the re-raise below would print it again, with our frames.
        sys.excepthook = _quiet_hook
        raise


def _quiet_hook(*_args):
    pass

