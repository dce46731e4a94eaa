"""What a code object is to the recorder, and the sites (places in the user's source) it names.

A code object is one of: a coroutine or generator of the user's (a task, one lane per
instance), another coroutine or generator (asyncio's sleep, a library's: a *delegate* that a
task may await), an asyncio function the loop hooks watch, or nothing of interest. The answer
is cached per code object: the hooks ask on every call.

Instructions are read with dis, once per code object, so that "the frame is at a SEND" (it
awaits, or delegates with `yield from`) and "this YIELD_VALUE ends an await" hold on 3.11 to
3.13, whose f_lasti may point into an instruction's inline cache.
"""
import dis
import fnmatch
import io
import os
import tokenize

IGNORE, TRACKED, DELEGATE, SPECIAL = 0, 1, 2, 3

CO_GENERATOR = 0x20
CO_COROUTINE = 0x80
CO_ITERABLE_COROUTINE = 0x100
CO_ASYNC_GENERATOR = 0x200
_GENERATOR_FLAGS = CO_GENERATOR | CO_COROUTINE | CO_ITERABLE_COROUTINE | CO_ASYNC_GENERATOR
# Comprehensions run as functions of their own (generator expressions always, the others
# before 3.12): never tasks of their own, but an async one may pass an await through.
_COMPREHENSIONS = {"<genexpr>", "<listcomp>", "<setcomp>", "<dictcomp>"}
_NAME_MAX = 60


class TaskInfo:
    """A coroutine or generator function of the user's: its definition site and kind."""

    __slots__ = ("site", "kind", "awaits")

    def __init__(self, site, kind, awaits):
        self.site = site
        # 'async' | 'generator' | 'async-generator'
        self.kind = kind
        # Its SENDs are awaits (async def, async generators, @types.coroutine), not `yield from` of values.
        self.awaits = awaits


class Sources:
    def __init__(self, recorder, options, own_dir):
        self._recorder = recorder
        # code -> key of an asyncio function watched (asyncio_hooks.special_key), or None.
        self.special_key = lambda code: None
        self._include = [_glob(g) for g in options.get("include") or []]
        self._exclude = [_glob(g) for g in options.get("exclude") or []]
        self._library_dirs = _library_dirs(own_dir)
        self.kinds = {}
        self._tasks = {}
        self._user_files = {}
        self._ops = {}
        self._lines = {}
        self._sites = {}
        # (code, f_lasti) of the frame a task was created from -> its call site (or -1).
        self._call_sites = {}

    # ---- classification ----

    def classify(self, code):
        kind = self._classify(code)
        self.kinds[code] = kind
        return kind

    def _classify(self, code):
        special = self.special_key(code)
        if special is not None:
            return SPECIAL
        flags = code.co_flags
        if not flags & _GENERATOR_FLAGS:
            return IGNORE
        if code.co_name in _COMPREHENSIONS or not self.is_user_file(code.co_filename):
            return DELEGATE
        return TRACKED

    def is_user_file(self, filename):
        user = self._user_files.get(filename)
        if user is None:
            user = self._user_files[filename] = self._is_user_file(filename)
        return user

    def _is_user_file(self, filename):
        if not filename or filename.startswith("<"):
            return False
        path = os.path.abspath(filename)
        if any(path.startswith(d) for d in self._library_dirs):
            return False
        posix = path.replace(os.sep, "/")
        if self._include:
            # Globs name the user's files, even in site-packages (a package being developed).
            return any(fnmatch.fnmatchcase(posix, g) for g in self._include) and not any(fnmatch.fnmatchcase(posix, g) for g in self._exclude)
        parts = path.split(os.sep)
        if "site-packages" in parts or "dist-packages" in parts:
            return False
        return not any(fnmatch.fnmatchcase(posix, g) for g in self._exclude)

    def task_info(self, code):
        info = self._tasks.get(code)
        if info is None:
            flags = code.co_flags
            if flags & CO_ASYNC_GENERATOR:
                kind, awaits = "async-generator", True
            elif flags & CO_COROUTINE:
                kind, awaits = "async", True
            else:
                kind, awaits = "generator", bool(flags & CO_ITERABLE_COROUTINE)
            line, column = self._definition(code)
            site = self._recorder.add_site(kind, _readable_name(code), os.path.abspath(code.co_filename), line, column)
            info = self._tasks[code] = TaskInfo(site, kind, awaits)
        return info

    def _definition(self, code):
        """Line and column of the `def` (co_firstlineno is the first decorator's line)."""
        lines = self._source(code.co_filename)
        first = code.co_firstlineno
        for line in range(first, min(first + 50, len(lines) + 1)):
            text = lines[line - 1]
            stripped = text.lstrip()
            if stripped.startswith(("def ", "async def ", "def\t", "async\t")):
                return line, len(text) - len(stripped) + 1
        return first, 1

    # ---- instructions ----

    def _table(self, code):
        """Per code unit (2 bytes, inline caches included): its instruction's name, the name of
        the instruction before, the instruction's offset and its argument."""
        table = self._ops.get(code)
        if table is None:
            instructions = list(dis.get_instructions(code))
            size = len(code.co_code) // 2
            ops = [None] * size
            previous = [None] * size
            starts = [0] * size
            args = [None] * size
            before = None
            for i, ins in enumerate(instructions):
                end = instructions[i + 1].offset if i + 1 < len(instructions) else size * 2
                for unit in range(ins.offset // 2, min(end // 2, size)):
                    ops[unit] = ins.opname
                    previous[unit] = before
                    starts[unit] = ins.offset
                    args[unit] = ins.arg
                before = ins.opname
            table = self._ops[code] = (ops, previous, starts, args)
        return table

    def op(self, frame):
        lasti = frame.f_lasti
        table = self._ops.get(frame.f_code) or self._table(frame.f_code)
        ops = table[0]
        return ops[lasti >> 1] if 0 <= lasti < len(ops) * 2 else None

    def is_send(self, frame):
        """The frame is delegating: `await x`, `yield from g`, `async for`/`async with`'s implicit awaits."""
        return self.op(frame) == "SEND"

    def yield_ends_await(self, frame, lasti):
        """The frame stopped at a YIELD_VALUE (at `lasti`) that passes on what the SEND before it got."""
        ops, previous, _, _ = self._table(frame.f_code)
        return 0 <= lasti < len(ops) * 2 and previous[lasti // 2] == "SEND"

    def yielded(self, frame):
        """Whether the frame's last instruction was a YIELD_VALUE (3.11's profile hook tells no more)."""
        return self.op(frame) == "YIELD_VALUE"

    def returned(self, frame):
        return self.op(frame) in ("RETURN_VALUE", "RETURN_CONST")

    # ---- sites ----

    def suspend_site(self, frame, info, lasti=None):
        """The await/yield/for-await site the frame stands at (at `lasti`, by default its f_lasti)."""
        code = frame.f_code
        ops, previous, starts, _ = self._table(code)
        if lasti is None:
            lasti = frame.f_lasti
        unit = lasti // 2 if 0 <= lasti < len(ops) * 2 else 0
        key = (code, starts[unit])
        site = self._sites.get(key)
        if site is None:
            awaited_by = self._awaitable_before(code, starts[unit]) if ops[unit] == "SEND" or previous[unit] == "SEND" else None
            if awaited_by is None:
                kind = "yield"
            else:
                kind = "for-await" if awaited_by == "GET_ANEXT" else ("await" if info.awaits else "yield")
            line, column, text = self._position(code, starts[unit])
            if awaited_by in ("async with", "async with (exit)"):
                if text.startswith("async with"):
                    # 3.11 and 3.12 place these implicit awaits on the whole statement (to the
                    # end of its line, comment included): named by its context expression, as
                    # 3.13 names them.
                    expression = _with_items(self._source(code.co_filename)[line - 1][column - 1 :])
                    text = text if expression is None else f"async with {expression}"
                else:
                    # 3.13 places them on the context expression alone.
                    text = f"async with {text}"
                if awaited_by == "async with (exit)":
                    text += " (exit)"
                if len(text) > _NAME_MAX:
                    text = text[: _NAME_MAX - 1] + "…"
            site = self._recorder.add_site(kind, text or kind, os.path.abspath(code.co_filename), line, column, info.site)
            self._sites[key] = site
        return site

    def _awaitable_before(self, code, offset):
        """What the SEND at (or before) `offset` awaits: "GET_ANEXT" (async for), "async with",
        "async with (exit)", "await" (GET_AWAITABLE of an await), "yield from", or None."""
        ops, _, starts, args = self._table(code)
        unit = offset // 2
        for _ in range(4):
            if unit <= 0:
                return None
            unit = starts[unit - 1] // 2
            op = ops[unit]
            if op in ("SEND", "LOAD_CONST", "YIELD_VALUE"):
                continue
            if op == "GET_AWAITABLE":
                return {1: "async with", 2: "async with (exit)"}.get(args[unit], "await")
            if op == "GET_ANEXT":
                return op
            return "yield from"
        return None

    def call_site(self, frame):
        """Site of the first frame of the user's from `frame` up (where a task was created), or -1."""
        for _ in range(32):
            if frame is None:
                return -1
            code = frame.f_code
            if self.is_user_file(code.co_filename):
                break
            frame = frame.f_back
        else:
            return -1
        key = (code, frame.f_lasti)
        site = self._call_sites.get(key)
        if site is None:
            site = self._call_sites[key] = self._call_site(code, frame.f_lasti)
        return site

    def _call_site(self, code, lasti):
        ops, _, starts, _ = self._table(code)
        offset = starts[lasti // 2] if 0 <= lasti < len(ops) * 2 else 0
        line, column, _ = self._position(code, offset)
        caller = "<module>" if code.co_name == "<module>" else _readable_name(code)
        return self._recorder.add_site("call", f"call in {caller}", os.path.abspath(code.co_filename), line, column)

    def _position(self, code, offset):
        """(line, 1-based column, source text shortened) of the instruction at `offset`."""
        positions = list(code.co_positions())
        unit = offset // 2
        line, end_line, col, end_col = positions[unit] if unit < len(positions) else (None, None, None, None)
        if line is None:
            return code.co_firstlineno, 1, ""
        lines = self._source(code.co_filename)
        if not 0 < line <= len(lines) or col is None:
            return line, 1, ""
        raw = lines[line - 1].encode("utf-8")
        column = len(raw[:col].decode("utf-8", "replace")) + 1
        stop = end_col if end_line == line and end_col is not None else len(raw)
        text = " ".join(raw[col:stop].decode("utf-8", "replace").split())
        if end_line != line:
            text += " …"
        return line, column, text if len(text) <= _NAME_MAX else text[: _NAME_MAX - 1] + "…"

    def _source(self, filename):
        lines = self._lines.get(filename)
        if lines is None:
            try:
                with tokenize.open(filename) as f:
                    lines = f.read().splitlines()
            except (OSError, SyntaxError, UnicodeDecodeError):
                lines = []
            self._lines[filename] = lines
        return lines


def _with_items(statement):
    """`async with EXPR as NAME:  # …` -> EXPR; several items -> all of them up to the colon;
    None when the first line does not tell (the items go on over the next lines)."""
    depth = 0
    start = end = cut = None
    items = 1
    try:
        for token in tokenize.generate_tokens(io.StringIO(statement).readline):
            if token.type == tokenize.NAME and token.string in ("async", "with") and start is None:
                continue
            if start is None:
                start = token.start[1]
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
            elif token.type == tokenize.OP and token.string in ")]}":
                depth -= 1
            elif depth == 0 and token.type == tokenize.OP and token.string == ":":
                end = token.start[1]
                break
            elif depth == 0 and token.type == tokenize.OP and token.string == ",":
                items += 1
            elif depth == 0 and token.type == tokenize.NAME and token.string == "as" and cut is None:
                cut = token.start[1]
            elif token.type in (tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER):
                break
    except (tokenize.TokenError, SyntaxError):
        return None
    if start is None or end is None:
        return None
    text = " ".join(statement[start : cut if items == 1 and cut is not None else end].split())
    return text or None


def _readable_name(code):
    return code.co_qualname.replace(".<locals>", "") if hasattr(code, "co_qualname") else code.co_name


def _glob(pattern):
    return pattern.replace("\\", "/")


def _library_dirs(own_dir):
    """Folders whose code is never the user's: the standard library and this recorder."""
    dirs = {os.path.dirname(os.__file__), own_dir}
    return tuple(os.path.join(os.path.abspath(d), "") for d in dirs if d)
