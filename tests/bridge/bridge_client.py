"""A minimal client of the real bridge subprocess for the pytest suite (Content-Length framed JSON-RPC)."""
from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BRIDGE_DIR = ROOT / "python-bridge"
PYTHON = "/usr/bin/python3"


def _read(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            if length is not None:
                break
            continue
        k, _, v = line.decode().partition(":")
        if k.lower() == "content-length":
            length = int(v)
    return json.loads(stream.read(length))


class Bridge:
    def __init__(self):
        self.proc = subprocess.Popen([PYTHON, "-m", "organism_bridge"], cwd=BRIDGE_DIR, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.replies: dict = {}
        self.notifications: list = []
        self.cond = threading.Condition()
        self.next_id = 1000
        self.reader = threading.Thread(target=self._pump, daemon=True)
        self.reader.start()

    def _pump(self):
        while True:
            msg = _read(self.proc.stdout)
            if msg is None:
                break
            with self.cond:
                if "id" in msg and ("result" in msg or "error" in msg):
                    self.replies[msg["id"]] = msg
                else:
                    self.notifications.append(msg)
                self.cond.notify_all()

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: dict | None = None) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params or {}})
        return self.next_id

    def wait(self, id_, timeout: float = 300.0) -> dict:
        with self.cond:
            if not self.cond.wait_for(lambda: id_ in self.replies or self.proc.poll() is not None, timeout):
                raise TimeoutError(f"no reply to request {id_} within {timeout}s")
            if id_ not in self.replies:
                raise RuntimeError(f"bridge exited ({self.proc.returncode}): {self.proc.stderr.read().decode()[-2000:]}")
            return self.replies.pop(id_)

    def call(self, method: str, params: dict | None = None, timeout: float = 300.0) -> dict:
        return self.wait(self.request(method, params), timeout)

    def result(self, method: str, params: dict | None = None, timeout: float = 300.0):
        reply = self.call(method, params, timeout)
        assert "result" in reply, f"{method} failed: {reply.get('error')}"
        return reply["result"]

    def wait_notification(self, predicate, timeout: float = 120.0) -> dict:
        def first():
            return next((n for n in self.notifications if predicate(n)), None)
        with self.cond:
            if not self.cond.wait_for(lambda: first() is not None or self.proc.poll() is not None, timeout):
                raise TimeoutError("expected notification not seen")
            found = first()
            if found is None:
                raise RuntimeError(f"bridge exited ({self.proc.returncode})")
            return found

    def close(self) -> int:
        if self.proc.poll() is None:
            try:
                self.call("shutdown", {}, timeout=30)
            except Exception:
                pass
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()
