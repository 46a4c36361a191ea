"""The bridge server: the main thread reads requests; one long request runs at a time in a worker.

Because the main thread keeps reading while the worker trains, `cancel` arrives out of band.
Fast methods (handshake, world.*, cancel, shutdown) are answered directly on the main thread.
"""
from __future__ import annotations

import queue
import sys
import threading
import time
import traceback

from .protocol import (INTERNAL_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, REQUEST_CANCELLED, Cancelled, FrameError,
                       FrameReader, Params, RpcError, Writer, valid_id)

PROGRESS_MIN_INTERVAL_S = 0.1  # at most 10 progress notifications per second


class Job:
    """What a long handler sees: cancellation, throttled progress, checkpoints and logs."""

    def __init__(self, id_, writer: Writer):
        self.id, self.writer = id_, writer
        self.cancel_event = threading.Event()
        self._last_progress = 0.0
        self.control = None  # a train.run's RunControl, which the `train.control` request reaches by the job's id

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check_cancel(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()

    def progress(self, phase: str, step: int, total: int, loss=None, lr=None, tokens_per_s=None, eta_s=None,
                 force: bool = False) -> None:
        now = time.monotonic()
        if not force and step < total and now - self._last_progress < PROGRESS_MIN_INTERVAL_S:
            return
        self._last_progress = now
        self.writer.notify("progress", {"id": self.id, "phase": phase, "step": step, "total": total,
                                        "loss": _finite(loss), "lr": _finite(lr),
                                        "tokens_per_s": _finite(tokens_per_s), "eta_s": _finite(eta_s)})

    def checkpoint(self, step: int, model_dir: str, onnx_dir: str | None = None) -> None:
        params = {"id": self.id, "step": step, "model_dir": model_dir}
        if onnx_dir is not None:
            params["onnx_dir"] = onnx_dir
        self.writer.notify("checkpoint", params)

    def log(self, level: str, message: str) -> None:
        self.writer.notify("log", {"level": level, "message": message})


def _finite(x):
    if x is None:
        return None
    x = float(x)
    return x if x == x and abs(x) != float("inf") else None


class Server:
    def __init__(self, stdin, stdout, fast_methods: dict, long_methods: dict):
        self.reader, self.writer = FrameReader(stdin), Writer(stdout)
        self.fast, self.long = fast_methods, long_methods
        self.queue: queue.Queue = queue.Queue()
        self.pending: dict = {}  # id -> Job, queued or running
        self.running: Job | None = None
        self.lock = threading.Lock()
        self.stopping = False
        self.worker = threading.Thread(target=self._work, name="bridge-worker", daemon=True)

    # --- main thread -----------------------------------------------------------------------------
    def serve(self) -> int:
        self.worker.start()
        while not self.stopping:
            try:
                msg = self.reader.read()
            except FrameError as e:
                # The reader has resynchronised; the sender learns why its frame got no answer.
                self._frame_error(e)
                continue
            if msg is None:
                break  # the client closed stdin: leave like a shutdown
            try:
                self._dispatch(msg)
            except Exception as e:  # the last guard: a message must never end the read loop
                traceback.print_exc(file=sys.stderr)
                self.writer.error(None, RpcError(INTERNAL_ERROR, f"{type(e).__name__}: {e}"))
        self._stop_all()
        return 0

    def _frame_error(self, e: FrameError) -> None:
        self.writer.error(e.id, RpcError(e.code, e.message))
        # vscode-jsonrpc drops an error response without an id; a log notification reaches the app.
        if e.id is None:
            self.writer.notify("log", {"level": "error", "message": f"bridge: {e.message}"})

    def _dispatch(self, msg) -> None:
        raw_id = msg.get("id") if isinstance(msg, dict) else None
        id_ = valid_id(raw_id)
        if not isinstance(msg, dict) or msg.get("jsonrpc") != "2.0" or not isinstance(msg.get("method"), str) \
                or (raw_id is not None and id_ is None):
            self.writer.error(id_, RpcError(INVALID_REQUEST, "invalid request: expected {jsonrpc: '2.0', id, method, params} "
                                                             "with a string or integer id"))
            return
        method, params = msg["method"], msg.get("params")
        params = {} if params is None else params
        if id_ is None:
            # Notifications get no reply, so a wrong shape is ignored rather than answered.
            if method == "$/cancelRequest" and isinstance(params, dict):  # vscode-jsonrpc's own cancellation
                target = valid_id(params.get("id"))
                if target is not None:
                    self.cancel(target)
            return  # other notifications from the client are ignored
        try:
            if method in self.fast:
                self.writer.result(id_, self.fast[method](self, Params(params)))
            elif method in self.long:
                parse, _ = self.long[method]
                spec = parse(Params(params))  # bad params fail here, at once
                job = Job(id_, self.writer)
                with self.lock:
                    self.pending[id_] = job
                self.queue.put((job, method, spec))
            else:
                allowed = sorted(list(self.fast) + list(self.long))
                raise RpcError(METHOD_NOT_FOUND, f"unknown method {method!r}; allowed: {allowed}",
                               {"field": "method", "allowed": allowed})
        except RpcError as e:
            self.writer.error(id_, e)
        except Exception as e:  # a bug in a fast handler must not kill the bridge
            traceback.print_exc(file=sys.stderr)
            self.writer.error(id_, RpcError(INTERNAL_ERROR, f"{type(e).__name__}: {e}"))

    def cancel(self, id_) -> bool:
        with self.lock:
            job = self.pending.get(id_)
            if job is None:
                return False
            job.cancel_event.set()
        return True

    def shutdown(self) -> None:
        self.stopping = True

    def _stop_all(self) -> None:
        with self.lock:
            for job in self.pending.values():
                job.cancel_event.set()
        self.queue.put(None)
        self.worker.join(timeout=30)

    # --- worker thread ---------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            item = self.queue.get()
            if item is None:
                return
            job, method, spec = item
            try:
                job.check_cancel()  # cancelled while queued
                result = self.long[method][1](job, spec)
                self.writer.result(job.id, result)
            except Cancelled as c:
                data = {"partial": c.args[0] if c.args else None}
                self.writer.error(job.id, RpcError(REQUEST_CANCELLED, f"request {job.id} ({method}) was cancelled", data))
            except RpcError as e:
                self.writer.error(job.id, e)
            except Exception as e:
                traceback.print_exc(file=sys.stderr)
                self.writer.error(job.id, RpcError(INTERNAL_ERROR, f"{method} failed: {type(e).__name__}: {e}"))
            finally:
                with self.lock:
                    self.pending.pop(job.id, None)
