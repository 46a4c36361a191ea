"""Where training runs: CUDA when torch sees a GPU, else the CPU; and in what precision.

ORGANISM_BRIDGE_DEVICE (cpu | cuda) overrides the choice, ORGANISM_BRIDGE_PRECISION (fp32 | bf16) picks
bf16 autocast for the forward pass (fp32 is the default: the tiny model gains little from bf16, and fp32
keeps a seed's weights bit-identical from run to run on the same machine). The app sets both from the
notebook's compute setting when it starts a bridge on another machine.
"""
from __future__ import annotations

import contextlib
import os

import torch

PRECISIONS = ("fp32", "bf16")


def training_device() -> torch.device:
    wanted = os.environ.get("ORGANISM_BRIDGE_DEVICE", "").strip().lower()
    if wanted == "cpu":
        return torch.device("cpu")
    if wanted == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("ORGANISM_BRIDGE_DEVICE=cuda but torch sees no GPU here; unset it to train on the CPU")
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def precision() -> str:
    value = os.environ.get("ORGANISM_BRIDGE_PRECISION", "fp32").strip().lower() or "fp32"
    if value not in PRECISIONS:
        raise RuntimeError(f"ORGANISM_BRIDGE_PRECISION={value!r} is not one of {', '.join(PRECISIONS)}; set it to fp32 or bf16")
    return value


def autocast(device: torch.device):
    """bf16 autocast when asked for (CUDA, or a CPU with bf16 kernels); a no-op context for fp32."""
    if precision() != "bf16":
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16)


def describe() -> dict:
    """The handshake's device fields: `device` (cuda | cpu), the GPU's name and the training precision."""
    device = training_device()
    return {"device": device.type, "device_name": torch.cuda.get_device_name(0) if device.type == "cuda" else None,
            "precision": precision()}
