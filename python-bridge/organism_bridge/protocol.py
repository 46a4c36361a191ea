"""JSON-RPC 2.0 framing over stdio with LSP-style Content-Length headers, plus param validation.

Errors name the bad field and its allowed values (message, and data: {field, allowed}).
"""
from __future__ import annotations

import json
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


def read_message(stream: BinaryIO) -> dict | None:
    """Read one framed message; None at end of stream."""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            if length is None:
                continue  # tolerate stray blank lines between messages
            break
        name, _, value = line.decode("ascii", "replace").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = stream.read(length)
    if len(body) < length:
        return None
    return json.loads(body.decode("utf-8"))


class Writer:
    """Thread-safe framed writer (the worker thread streams progress while the main thread replies)."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.lock = stream, threading.Lock()

    def send(self, message: dict) -> None:
        body = json.dumps(message, separators=(",", ":"), allow_nan=False).encode("utf-8")
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
            raise bad(self.prefix + name, f"must be a non-empty string, got {v!r}", allowed)
        if allowed is not None and v not in allowed:
            raise bad(self.prefix + name, f"is {v!r}", list(allowed))
        return v

    def int(self, name, default=None, lo=None, hi=None):
        if self._missing(name, default, _range(lo, hi)):
            return default
        v = self.p[name]
        if isinstance(v, bool) or not isinstance(v, int) or (lo is not None and v < lo) or (hi is not None and v > hi):
            raise bad(self.prefix + name, f"must be an integer in {_range(lo, hi)}, got {v!r}", _range(lo, hi))
        return v

    def float(self, name, default=None, lo=None, hi=None):
        if self._missing(name, default, _range(lo, hi)):
            return default
        v = self.p[name]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (lo is not None and v < lo) or (hi is not None and v > hi):
            raise bad(self.prefix + name, f"must be a number in {_range(lo, hi)}, got {v!r}", _range(lo, hi))
        return float(v)

    def bool(self, name, default=None):
        if self._missing(name, default, [True, False]):
            return default
        v = self.p[name]
        if not isinstance(v, bool):
            raise bad(self.prefix + name, f"must be true or false, got {v!r}", [True, False])
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


def _range(lo, hi) -> str:
    return f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]"
