"""Client control of a running `train.run` (the `train.control` request), read by the training loop.

The client evaluates checkpoints while the bridge trains, so only the client knows when capability has
fallen far enough to stop, and which skipped checkpoints it needs in ONNX after all. Both arrive on the main
thread (a fast request) while the worker trains; this object is the hand-over, guarded by a lock:

- stop_after: end the run as a SUCCESS after that step (a cancel is an error; a stop returns the result, with
  the checkpoints and losses up to that step only, so the result does not depend on how far the training had
  run ahead of the client's evaluation when the request arrived);
- export_steps / export_all: write the ONNX export of checkpoints saved without one (train.run's
  `export_every`), or of every checkpoint from now on.

Once the run has served its last requests it is closed: later requests answer `running: false`, and the client
exports with a plain `export.onnx` instead. A request answered `running: true` is always served before
train.run returns.
"""
from __future__ import annotations

import threading


class RunControl:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stop_after: int | None = None
        self._requested: set[int] = set()
        self._export_all = False
        self._closed = False

    def update(self, stop_after: int | None = None, export_steps=(), export_all: bool = False) -> bool:
        """Apply a client's request; False when the run no longer takes requests."""
        with self._lock:
            if self._closed:
                return False
            if stop_after is not None:
                # Only ever lowered: two stops (e.g. a retry) keep the earlier one.
                self._stop_after = stop_after if self._stop_after is None else min(self._stop_after, stop_after)
            self._requested.update(export_steps)
            self._export_all = self._export_all or export_all
            return True

    @property
    def stop_after(self) -> int | None:
        with self._lock:
            return self._stop_after

    def wants_export(self, step: int) -> bool:
        """At save time: did the client ask for this checkpoint's export (by step, or all from now on)?"""
        with self._lock:
            return self._export_all or step in self._requested

    def close(self) -> None:
        """The run is over (failed or cancelled too): later requests answer running=false."""
        with self._lock:
            self._closed = True

    def take_exports(self, saved_without_onnx: set[int], close_if_none: bool = False) -> list[int]:
        """The requested steps among those saved without an export (ascending), no longer requested once taken.
        Steps past a stop are dropped, not exported. With close_if_none, an empty answer also closes the run to
        requests, atomically, so no request can slip in between the last check and the close."""
        with self._lock:
            limit = self._stop_after
            ready = sorted(s for s in self._requested & saved_without_onnx if limit is None or s <= limit)
            self._requested.difference_update(ready)
            if not ready and close_if_none:
                self._closed = True
            return ready
