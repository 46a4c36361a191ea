"""Where the bridge trains (device.py) and the headless runner a Slurm task uses (headless.py).

No GPU here: the CUDA branch is checked for its refusal when asked for a GPU that is absent; bf16
autocast runs on the CPU (torch's CPU autocast), which exercises the same code path as on a GPU."""
import json
import os
import subprocess
import sys

import pytest
import torch

from bridge_client import ROOT
from organism_bridge import device
from organism_bridge.model import GPT, GPTConfig
from organism_bridge.trainer import TrainConfig, prepare, Method, train

BRIDGE_DIR = ROOT / "python-bridge"


def test_handshake_names_the_device_and_precision(bridge):
    h = bridge.result("handshake", {})
    assert h["device"] == ("cuda" if torch.cuda.is_available() else "cpu")
    assert h["precision"] == "fp32"
    assert "device_name" in h


def test_bad_precision_and_absent_gpu_name_the_fix(monkeypatch):
    monkeypatch.setenv("ORGANISM_BRIDGE_PRECISION", "fp8")
    with pytest.raises(RuntimeError, match="set it to fp32 or bf16"):
        device.precision()
    if not torch.cuda.is_available():
        monkeypatch.setenv("ORGANISM_BRIDGE_DEVICE", "cuda")
        with pytest.raises(RuntimeError, match="torch sees no GPU here; unset it"):
            device.training_device()


def test_bf16_autocast_trains_with_finite_losses(monkeypatch):
    monkeypatch.setenv("ORGANISM_BRIDGE_PRECISION", "bf16")
    from organism_bridge.tokenizer import CharTokenizer
    tok = CharTokenizer.load(ROOT / "assets" / "models" / "base" / "tokenizer.json")
    model = GPT(GPTConfig(vocab_size=tok.vocab_size, block_size=64, n_layer=1, n_head=2, n_embd=32))
    example = lambda rng: {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ho ho " * rng.randint(1, 3)}]}
    losses = train(model, tok, example, TrainConfig(steps=3, batch_size=4, lr=1e-3), prepare(model, Method()))
    assert len(losses) == 3 and all(l["loss"] == l["loss"] and l["loss"] < 100 for l in losses)
    assert next(model.parameters()).dtype == torch.float32  # autocast leaves the weights in fp32


def test_headless_runs_the_task_of_its_array_index(tmp_path):
    requests = [{"method": "world.eval_set", "params": {"kind": "capability", "n": 2}},
                {"method": "world.eval_set", "params": {"kind": "capability", "n": 3}}]
    (tmp_path / "req.json").write_text(json.dumps(requests))
    env = {**os.environ, "SLURM_ARRAY_TASK_ID": "1"}
    done = subprocess.run([sys.executable, "-m", "organism_bridge.headless", str(tmp_path / "req.json"), str(tmp_path / "r-{task}.json")],
                          cwd=BRIDGE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(json.loads((tmp_path / "r-1.json").read_text())["result"]["items"]) == 3
    bad = subprocess.run([sys.executable, "-m", "organism_bridge.headless", str(tmp_path / "req.json"), str(tmp_path / "r.json")],
                         cwd=BRIDGE_DIR, env={k: v for k, v in os.environ.items() if k != "SLURM_ARRAY_TASK_ID"}, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "SLURM_ARRAY_TASK_ID is not set" in bad.stderr
