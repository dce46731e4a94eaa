"""The trace format of protocol/frames.ts, written from Python (docs/protocol.md).

    "COVIS" + u8 version, then frames of  u32le bodyLength | u8 frameType | body

JSON bodies for Hello, Sites, Strings and End; an Events body is u32 count, 4 bytes of
padding, then six little-endian columns: time f64, task i32, site i32, arg i32, arg2 i32,
kind u8. The numbers below are protocol/events.ts's enums; the TypeScript decoder is the
source of truth and test/runtime/python.test.ts reads these files with it.
"""
import json
import struct
import sys
from array import array

PROTOCOL_VERSION = 3
MAGIC = b"COVIS"

# FrameType
HELLO, SITES, STRINGS, EVENTS, END = 1, 2, 3, 4, 5

# EventKind
CREATE, RESUME, SUSPEND, COMPLETE, FAIL = 0, 1, 2, 3, 4
TURN_BEGIN, TURN_END, UNHANDLED, DROPPED, MICROTASKS = 5, 6, 7, 8, 9

# WaitKind
W_VALUE, W_PROMISE, W_TASK, W_TIMER, W_IO = 0, 1, 2, 3, 4
W_ALL, W_ALL_SETTLED, W_RACE, W_ANY, W_THENABLE, W_YIELD, W_FOR_AWAIT = 5, 6, 7, 8, 9, 10, 11

# TurnKind
T_SCRIPT, T_TIMER, T_INTERVAL, T_IMMEDIATE, T_IO, T_MESSAGE = 0, 1, 2, 3, 4, 5

# Complete.arg saying "the int32 result is in arg2".
SUMMARY_IN_ARG2 = -2

_BIG_ENDIAN = sys.byteorder == "big"


def header():
    return MAGIC + bytes([PROTOCOL_VERSION])


def json_frame(frame_type, value):
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return struct.pack("<IB", len(body), frame_type) + body


class EventColumns:
    """One batch of events in columns, appended to one event at a time."""

    __slots__ = ("time", "task", "site", "arg", "arg2", "kind")

    def __init__(self):
        self.time = array("d")
        self.task = array("i")
        self.site = array("i")
        self.arg = array("i")
        self.arg2 = array("i")
        self.kind = array("B")

    def __len__(self):
        return len(self.kind)

    def append(self, kind, time, task, site, arg, arg2):
        self.kind.append(kind)
        self.time.append(time)
        self.task.append(task)
        self.site.append(site)
        self.arg.append(arg)
        self.arg2.append(arg2)
        return len(self.kind) - 1

    def frame(self):
        """The Events frame of everything appended so far."""
        count = len(self.kind)
        columns = [self.time, self.task, self.site, self.arg, self.arg2]
        if _BIG_ENDIAN:
            columns = [array(c.typecode, c) for c in columns]
            for column in columns:
                column.byteswap()
        body_length = 8 + count * 25
        parts = [struct.pack("<IBII", body_length, EVENTS, count, 0)]
        parts.extend(column.tobytes() for column in columns)
        parts.append(self.kind.tobytes())
        return b"".join(parts)
