"""Short descriptions of values and errors for the trace ("42", "ValueError: boom", "list(3)").

Nothing here may run the program's code: no __repr__, __str__ or __len__ of a user's class, no
property. Values are described by their type (read with type(), which runs nothing) and, for
built-in types only, by their content.
"""

MAX = 80
_SIMPLE = (bool, float, complex, type(None), type(Ellipsis))
_SIZED = {list: "list", tuple: "tuple", dict: "dict", set: "set", frozenset: "frozenset", bytes: "bytes", bytearray: "bytearray"}
_ARGS = BaseException.args.__get__


def clip(text):
    return text if len(text) <= MAX else text[: MAX - 1] + "…"


def type_name(value):
    return type(value).__qualname__


def summarize_value(value):
    kind = type(value)
    if kind is int:
        # repr() of a huge int is slow, and past sys.get_int_max_str_digits() it raises.
        return repr(value) if -(10**15) < value < 10**15 else f"int ({value.bit_length()} bits)"
    if kind in _SIMPLE:
        return clip(repr(value))
    if kind is str:
        return clip(repr(value[:MAX]))
    sized = _SIZED.get(kind)
    if sized is not None:
        return f"{sized}({len(value)})"
    if issubclass(kind, BaseException):
        return summarize_error(value)
    return f"{type_name(value)} {{…}}"


def summarize_error(error):
    """"Name: message" read from the exception's args (its own __str__ may be the user's)."""
    # issubclass of type(): isinstance() would read a __class__ the program may define.
    if not issubclass(type(error), BaseException):
        return f"raised {summarize_value(error)}"
    name = type_name(error)
    try:
        args = _ARGS(error)
    except Exception:
        args = ()
    if type(args) is tuple and args and type(args[0]) is str:
        message = args[0]
    elif type(args) is tuple and args and all(type(a) in (str, int, float, bool) for a in args):
        message = ", ".join(repr(a) if type(a) is str else str(a) for a in args)
    else:
        message = ""
    return clip(f"{name}: {message}" if message else name)


def cancelled_summary(task):
    """A cancelled asyncio task's summary: CancelledError and the message given to cancel()."""
    message = getattr(task, "_cancel_message", None)
    return clip(f"CancelledError: {message}") if type(message) is str and message else "CancelledError"
