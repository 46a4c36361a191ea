"""One bridge method without a client: `python3 -m organism_bridge.headless REQUEST.json RESULT.json`.

A Slurm job runs this (one job per seed of a job array): REQUEST.json is {"method": ..., "params": ...}
or a list of them indexed by $SLURM_ARRAY_TASK_ID; the method runs exactly as it would over stdio, its
progress/checkpoint/log notifications are appended to RESULT.json + ".events.jsonl" (the app tails it to
show per-job progress) and the reply ({"result": ...} or {"error": {...}}) is written to RESULT.json
atomically, so a result file that exists is complete. Exit status 0 on a result, 1 on an error.
"""
from __future__ import annotations

import json
import os
import sys
import threading
import traceback
from pathlib import Path


class FileWriter:
    """The Writer interface of protocol.py, appending notifications to a JSON-lines file."""

    def __init__(self, path: Path):
        self.path, self.lock = path, threading.Lock()

    def notify(self, method: str, params: dict) -> None:
        line = json.dumps({"method": method, "params": params}, separators=(",", ":"))
        with self.lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def pick_request(raw, task: str | None) -> dict:
    if isinstance(raw, list):
        if task is None:
            raise SystemExit("REQUEST.json holds a list of requests but SLURM_ARRAY_TASK_ID is not set; run it as a job array")
        return raw[int(task)]
    return raw


def write_atomic(path: Path, value: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(value, allow_nan=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python3 -m organism_bridge.headless REQUEST.json RESULT.json "
              "(RESULT.json may contain {task}, replaced by SLURM_ARRAY_TASK_ID)", file=sys.stderr)
        return 2
    task = os.environ.get("SLURM_ARRAY_TASK_ID")
    request = pick_request(json.loads(Path(argv[0]).read_text(encoding="utf-8")), task)
    result_path = Path(argv[1].replace("{task}", task or "0"))
    result_path.parent.mkdir(parents=True, exist_ok=True)

    cpus = os.environ.get("SLURM_CPUS_PER_TASK")
    if cpus and cpus.isdigit():  # the job's share of the node, not every core of it (jobs share nodes)
        import torch
        torch.set_num_threads(int(cpus))
    from .handlers import FAST_METHODS, LONG_METHODS
    from .protocol import INTERNAL_ERROR, Params, RpcError
    from .server import Job

    method, params = request["method"], request.get("params") or {}
    events = FileWriter(result_path.with_name(result_path.name + ".events.jsonl"))
    job = Job(f"task-{task or 0}", events)
    try:
        if method in LONG_METHODS:
            parse, run = LONG_METHODS[method]
            result = run(job, parse(Params(params)))
        elif method in FAST_METHODS:
            result = FAST_METHODS[method](None, Params(params))
        else:
            raise RpcError(-32601, f"unknown method {method!r}")
        write_atomic(result_path, {"result": result})
        return 0
    except RpcError as e:
        write_atomic(result_path, {"error": e.to_json()})
    except Exception as e:  # the job's stderr keeps the traceback; the result file says what failed
        traceback.print_exc(file=sys.stderr)
        write_atomic(result_path, {"error": {"code": INTERNAL_ERROR, "message": f"{method} failed: {type(e).__name__}: {e}"}})
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
