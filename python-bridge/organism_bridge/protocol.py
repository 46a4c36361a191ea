"""JSON-RPC 2.0 framing over stdio with LSP-style Content-Length headers, plus param validation.

Errors name the bad field and its allowed values (message, and data: {field, allowed}).
"""
from __future__ import annotations

import json
import math
import re
import threading
from typing import Any, BinaryIO

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS, INTERNAL_ERROR = -32700, -32600, -32601, -32602, -32603
REQUEST_CANCELLED = -32800  # LSP's code, understood by vscode-jsonrpc
SERVER_BUSY = -32001


class RpcError(Exception):
    def __init__(self, code: int, message: str, data: Any = None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data

    def to_json(self) -> dict:
        err = {"code": self.code, "message": self.message}
        if self.data is not None:
            err["data"] = self.data
        return err


class Cancelled(Exception):
    """Raised inside a long request when its cancel flag is set."""


# --- framing ------------------------------------------------------------------------------------
# The stream is the bridge's only input, so nothing in it may kill the process or make it deaf:
# frames are bounded, every bad frame becomes an error reply, and after one whose length cannot be
# trusted the reader resynchronises at the next "Content-Length:" header instead of treating the
# rest of the stream as one body.
MAX_FRAME_BYTES = 64 * 1024 * 1024  # well above any request the app sends (prompts, params)
MAX_HEADER_BYTES = 8 * 1024
MAX_JSON_DEPTH = 64  # objects/arrays; deeper ones would overflow Python's recursion (RecursionError)
_CHUNK = 64 * 1024
_OVERLAP = 64  # bytes kept between scans so a header split across two reads is still found
_HEADER_START = re.compile(rb"Content-Length[ \t]{0,8}:", re.IGNORECASE)
# A header line inside what should be a body: raw CR/LF cannot occur in a JSON string and
# "Content-Length:" is not JSON outside one, so a valid body never matches. A match means the
# previous frame claimed more bytes than it had and the next frame starts here.
_HEADER_IN_BODY = re.compile(rb"Content-Length[ \t]{0,8}:[ \t]{0,8}\d{1,20}[ \t]{0,8}\r?\n", re.IGNORECASE)


class FrameError(Exception):
    """A frame that could not be read as a JSON-RPC message; the reader is ready for the next one.
    `id` is the request's id when the body was JSON enough to have one."""

    def __init__(self, code: int, message: str, id_=None):
        super().__init__(message)
        self.code, self.message, self.id = code, message, id_


class FrameReader:
    """Reads Content-Length framed JSON messages from a byte stream (LSP base protocol)."""

    def __init__(self, stream: BinaryIO, max_frame: int = MAX_FRAME_BYTES):
        self.stream, self.max_frame = stream, max_frame
        self.buf = bytearray()
        self.eof = False
        self.resyncing = False

    def read(self):
        """The next message (a JSON object), None at end of stream; FrameError for a bad frame."""
        length = self._headers()
        if length is None:
            return None
        return decode_body(self._body(length))

    def _fill(self) -> bool:
        if self.eof:
            return False
        read1 = getattr(self.stream, "read1", None)
        chunk = read1(_CHUNK) if read1 is not None else self.stream.read(1)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def _resync(self) -> bool:
        """Drop bytes up to the next header; False at end of stream."""
        while True:
            found = _HEADER_START.search(self.buf)
            if found:
                del self.buf[:found.start()]
                self.resyncing = False
                return True
            del self.buf[:max(0, len(self.buf) - _OVERLAP)]
            if not self._fill():
                return False

    def _headers(self) -> int | None:
        while True:
            if self.resyncing and not self._resync():
                return None
            start = 0
            while start < len(self.buf) and self.buf[start] in b"\r\n":
                start += 1  # stray blank lines between messages are tolerated
            del self.buf[:start]
            end, sep = self.buf.find(b"\r\n\r\n"), 4
            lf = self.buf.find(b"\n\n")
            if lf != -1 and (end == -1 or lf < end):
                end, sep = lf, 2
            if end == -1:
                if len(self.buf) > MAX_HEADER_BYTES:
                    self._drop_bad_header(len(self.buf))
                    raise FrameError(INVALID_REQUEST, f"frame header longer than {MAX_HEADER_BYTES} bytes without an end; "
                                                      "skipped to the next Content-Length header")
                if not self._fill():
                    return None  # end of stream (a partial header at the end is not a message)
                continue
            header = bytes(self.buf[:end])
            problem = _header_problem(header)
            if isinstance(problem, int):
                del self.buf[:end + sep]
                return problem
            self._drop_bad_header(end + sep)
            raise FrameError(INVALID_REQUEST, f"{problem}; skipped to the next Content-Length header")

    def _drop_bad_header(self, size: int) -> None:
        """After a header that cannot be used: resume at a header that starts inside it (garbage
        before a good frame), else drop it and skip its body up to the next header."""
        inner = _HEADER_START.search(self.buf, 1, size)
        if inner:
            del self.buf[:inner.start()]
            return
        del self.buf[:size]
        self.resyncing = True

    def _body(self, length: int) -> bytes:
        if length > self.max_frame:
            self._skip(length)
            raise FrameError(INVALID_REQUEST, f"frame of {length} bytes is over the bridge's limit of {self.max_frame} bytes; "
                                              "it was skipped")
        scanned = 0
        while True:
            # Only a header that starts inside the claimed body counts (see _HEADER_IN_BODY).
            early = _HEADER_IN_BODY.search(self.buf, max(0, scanned - _OVERLAP))
            if early and early.start() < length:
                del self.buf[:early.start()]
                raise FrameError(PARSE_ERROR, f"frame body ended after {early.start()} of its {length} bytes "
                                              "(the next frame's header came first); resynchronised there")
            if len(self.buf) >= length:
                body = bytes(self.buf[:length])
                del self.buf[:length]
                return body
            scanned = len(self.buf)
            if not self._fill():
                got = len(self.buf)
                self.buf.clear()
                raise FrameError(PARSE_ERROR, f"the stream ended inside a frame ({got} of {length} bytes)")

    def _skip(self, count: int) -> None:
        """Drop `count` body bytes as they arrive, without keeping them; stop early at a header."""
        while count > 0:
            if not self.buf and not self._fill():
                return
            early = _HEADER_IN_BODY.search(self.buf)
            if early and early.start() < count:
                del self.buf[:early.start()]
                return
            take = min(count, len(self.buf))
            drop = take if take == count else max(0, take - _OVERLAP)
            if drop == 0:
                if not self._fill():
                    return
                continue
            del self.buf[:drop]
            count -= drop


def _header_problem(header: bytes):
    """The Content-Length of a header block, or what is wrong with it (a str)."""
    length = None
    for line in header.split(b"\n"):
        name, colon, value = line.strip().partition(b":")
        if not colon:
            return "malformed frame header (expected 'Content-Length: <bytes>')"
        if name.strip().lower() == b"content-length":
            value = value.strip()
            if not re.fullmatch(rb"\d{1,20}", value):
                return f"Content-Length {value[:20].decode('ascii', 'replace')!r} is not a byte count"
            length = int(value)
    return "frame without a Content-Length header" if length is None else length


def decode_body(body: bytes):
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise FrameError(PARSE_ERROR, f"parse error: the body is not UTF-8 ({e.reason} at byte {e.start})")
    try:
        message = json.loads(text)
    except RecursionError:
        raise FrameError(PARSE_ERROR, f"parse error: the body is nested too deeply (more than {MAX_JSON_DEPTH} levels)")
    except ValueError as e:
        raise FrameError(PARSE_ERROR, f"parse error: {e}; send JSON bodies framed with Content-Length")
    if not isinstance(message, dict):
        # Not an object (null, a number, a batch array: batches are not supported): answered here,
        # so that None can only ever mean the end of the stream.
        raise FrameError(INVALID_REQUEST, "invalid request: expected a JSON object {jsonrpc: '2.0', id, method, params}")
    where = too_deep(message)
    if where is not None:
        id_ = message.get("id")
        raise FrameError(INVALID_REQUEST, f"invalid request: nested too deeply at {where}: more than {MAX_JSON_DEPTH} "
                                          "levels of objects and arrays", valid_id(id_))
    return message


def too_deep(value, limit: int = MAX_JSON_DEPTH) -> str | None:
    """Path of the first object/array deeper than `limit` levels, else None (iterative: no recursion)."""
    stack = [(value, "", 1)]
    while stack:
        current, path, depth = stack.pop()
        if isinstance(current, dict):
            items = current.items()
        elif isinstance(current, list):
            items = enumerate(current)
        else:
            continue
        if depth > limit:
            return path or "(the message)"
        for key, member in items:
            # Keys are shortened: the path goes into an error message, the key may be megabytes.
            step = f"[{key}]" if isinstance(key, int) else (f".{key[:20]}" if path else key[:20])
            stack.append((member, path + step, depth + 1))
    return None


def valid_id(id_):
    """The id to answer with: JSON-RPC ids are strings or integers; anything else is answered as null."""
    if isinstance(id_, str) or (isinstance(id_, int) and not isinstance(id_, bool)):
        return id_
    return None


def read_message(stream: BinaryIO):
    """One framed message from a stream read only for it (tests); see FrameReader for a server."""
    return FrameReader(stream).read()


class Writer:
    """Thread-safe framed writer (the worker thread streams progress while the main thread replies)."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.lock = stream, threading.Lock()

    def send(self, message: dict) -> None:
        try:
            body = json.dumps(message, separators=(",", ":"), allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as e:
            # A reply that is not JSON (NaN, a stray object) is a bug; answer it as one, never crash.
            fallback = {"jsonrpc": "2.0", "id": valid_id(message.get("id")),
                        "error": {"code": INTERNAL_ERROR, "message": f"the bridge produced a reply that is not JSON: {e}"}}
            if "id" not in message:
                fallback = {"jsonrpc": "2.0", "method": "log", "params": {"level": "error", "message": fallback["error"]["message"]}}
            body = json.dumps(fallback, separators=(",", ":")).encode("utf-8")
        with self.lock:
            self.stream.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
            self.stream.flush()

    def result(self, id_, result) -> None:
        self.send({"jsonrpc": "2.0", "id": id_, "result": result})

    def error(self, id_, err: RpcError) -> None:
        self.send({"jsonrpc": "2.0", "id": id_, "error": err.to_json()})

    def notify(self, method: str, params: dict) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})


# --- parameter validation ------------------------------------------------------------------------
def bad(field: str, problem: str, allowed: Any = None) -> RpcError:
    msg = f"invalid params: '{field}' {problem}"
    if allowed is not None:
        msg += f"; allowed: {allowed}"
    return RpcError(INVALID_PARAMS, msg, {"field": field, "allowed": allowed})


class Params:
    """Hand-written validator over one params object; each getter names the field on failure."""

    def __init__(self, params: Any, prefix: str = ""):
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise bad(prefix.rstrip(".") or "params", "must be an object", "{...}")
        self.p, self.prefix = params, prefix

    def _missing(self, name, default, allowed):
        if name not in self.p or self.p[name] is None:
            if default is REQUIRED:
                raise bad(self.prefix + name, "is required", allowed)
            return True
        return False

    def str(self, name, default=None, allowed=None):
        if self._missing(name, default, allowed):
            return default
        v = self.p[name]
        if not isinstance(v, str) or not v:
            raise bad(self.prefix + name, f"must be a non-empty string, got {_show(v)}", allowed)
        if allowed is not None and v not in allowed:
            raise bad(self.prefix + name, f"is {_show(v)}", list(allowed))
        return v

    # Every numeric param passes number(): finite (JSON's 1e400 and Python's NaN/Infinity literals
    # arrive as float inf/nan, and NaN slips through any < or > comparison) and within its range.
    # A param without a bound still gets JSON's exact-integer range (+-2**53), so no value
    # overflows the code it reaches (a seed in numpy, a step count in a schedule).
    def int(self, name, default=None, lo=None, hi=None):
        if self._missing(name, default, _range(lo, hi)):
            return default
        return number(self.prefix + name, self.p[name], lo, hi, integer=True)

    def float(self, name, default=None, lo=None, hi=None):
        if self._missing(name, default, _range(lo, hi)):
            return default
        return float(number(self.prefix + name, self.p[name], lo, hi, integer=False))

    def bool(self, name, default=None):
        if self._missing(name, default, [True, False]):
            return default
        v = self.p[name]
        if not isinstance(v, bool):
            raise bad(self.prefix + name, f"must be true or false, got {_show(v)}", [True, False])
        return v

    def obj(self, name, default=None) -> "Params | None":
        if self._missing(name, default, "{...}"):
            return None if default is None else Params(default, self.prefix + name + ".")
        return Params(self.p[name], self.prefix + name + ".")

    def list(self, name, default=None):
        if self._missing(name, default, "[...]"):
            return default
        v = self.p[name]
        if not isinstance(v, list):
            raise bad(self.prefix + name, f"must be a list, got {type(v).__name__}", "[...]")
        return v

    def raw(self, name, default=None):
        return self.p.get(name, default)


class _Required:
    def __repr__(self):
        return "REQUIRED"


REQUIRED = _Required()


JSON_SAFE_INT = 2**53


def number(field: str, v, lo=None, hi=None, integer: bool = False):
    """The one finite-and-in-range check of a numeric param; the error names the field."""
    kind = "an integer" if integer else "a number"
    if integer:
        lo = -JSON_SAFE_INT if lo is None else lo
        hi = JSON_SAFE_INT if hi is None else hi
    allowed = _range(lo, hi)
    if isinstance(v, bool) or not isinstance(v, int if integer else (int, float)):
        raise bad(field, f"must be {kind} in {allowed}, got {_show(v)}", allowed)
    if not math.isfinite(v):
        raise bad(field, f"must be a finite number in {allowed}, got {_show(v)}", allowed)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise bad(field, f"must be {kind} in {allowed}, got {_show(v)}", allowed)
    return v


def _show(v) -> str:
    """A value for an error message, cut short: a param may be megabytes of text."""
    text = repr(v)
    return text if len(text) <= 80 else f"{text[:77]}..."


def _range(lo, hi) -> str:
    return f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]"
