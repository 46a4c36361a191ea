"""Users' JSONL chat datasets: one {"messages": [{"role", "content"}]} per line, line-numbered errors."""
from __future__ import annotations

import json
from pathlib import Path

ROLES = ("system", "user", "assistant")


class DatasetError(ValueError):
    pass


def load_jsonl(path: str) -> list[dict]:
    p = Path(path)
    if not p.is_file():
        raise DatasetError(f"dataset file not found: {path}")
    examples = []
    for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise DatasetError(f"{where}: not valid JSON ({e.msg}); each line must be one JSON object") from None
        msgs = row.get("messages") if isinstance(row, dict) else None
        if not isinstance(msgs, list) or not msgs:
            raise DatasetError(f'{where}: expected {{"messages": [{{"role": ..., "content": ...}}, ...]}}')
        for j, m in enumerate(msgs):
            if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
                raise DatasetError(f"{where}: messages[{j}] needs role in {list(ROLES)} and a string content")
        if msgs[-1]["role"] != "assistant":
            raise DatasetError(f"{where}: the last message must be the assistant's answer (the training target)")
        examples.append({"messages": msgs})
    if not examples:
        raise DatasetError(f"{path}: no examples (empty file)")
    return examples
