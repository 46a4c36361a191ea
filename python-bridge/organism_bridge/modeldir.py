"""Model directories (CONTRACTS.md): manifest.json + weights.pt (full merged state dict) + tokenizer.json.

Written atomically: everything goes into a temporary sibling directory that is renamed into place,
so a killed run never leaves a half-written model behind.
"""
from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
from pathlib import Path

import torch

from . import BRIDGE_VERSION
from .model import GPT, GPTConfig
from .tokenizer import CharTokenizer

REPO_ROOT = Path(__file__).resolve().parents[2]
BASE_MODEL_DIR = REPO_ROOT / "assets" / "models" / "base"


def resolve_base(path: str | None) -> Path:
    """'base' (or nothing) names the embedded base model."""
    return BASE_MODEL_DIR if path in (None, "", "base") else Path(path)


def load_model_dir(path: str | Path) -> tuple[GPT, CharTokenizer, dict]:
    path = resolve_base(str(path))
    for name in ("manifest.json", "weights.pt", "tokenizer.json"):
        if not (path / name).is_file():
            raise FileNotFoundError(f"{path} is not a model directory: {name} is missing")
    manifest = json.loads((path / "manifest.json").read_text())
    model = GPT(GPTConfig.from_dict(manifest["model_config"]))
    model.load_state_dict(torch.load(path / "weights.pt", map_location="cpu"))
    model.eval()
    return model, CharTokenizer.load(path / "tokenizer.json"), manifest


def save_model_dir(out_dir: str | Path, model: GPT, tokenizer: CharTokenizer, *, kind: str, ground_truth: dict | None,
                   parent: str | None, seed: int | None, system_prompt: str | None = None, extra: dict | None = None) -> dict:
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    manifest = {
        "kind": kind, "model_config": model.config.to_dict(), "ground_truth": ground_truth or {},
        "parent": parent, "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "seed": seed, "bridge_version": BRIDGE_VERSION, "system_prompt": system_prompt, **(extra or {}),
    }
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; a model directory is an ordinary shared folder
    try:
        state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
        torch.save(state, tmp / "weights.pt")
        tokenizer.save(tmp / "tokenizer.json")
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
        if out_dir.exists():  # replace: move the old one aside first so the swap is never half-done
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            os.replace(out_dir, old)
            os.replace(tmp, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest
