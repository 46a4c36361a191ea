"""What the handshake reports about this process: versions, device, threads and the BLAS in use."""
from __future__ import annotations

import os
import platform

import onnx
import torch

from . import BRIDGE_VERSION, PROTOCOL_VERSION
from . import device as training_device


def blas_backend() -> str:
    """Which BLAS library is mapped into this process (OpenBLAS is ~8x faster than the reference BLAS)."""
    try:
        maps = open("/proc/self/maps").read()
    except OSError:
        maps = ""
    if "libopenblas" in maps:
        return "openblas"
    if "libmkl" in maps:
        return "mkl"
    if "libblis" in maps:
        return "blis"
    if "libblas.so" in maps:
        return "reference"
    try:  # not Linux, or linked statically: ask torch
        cfg = torch.__config__.show().lower()
        for name in ("openblas", "mkl", "accelerate"):
            if name in cfg:
                return name
    except Exception:
        pass
    return "unknown"


def handshake() -> dict:
    return {"protocol_version": PROTOCOL_VERSION, "bridge_version": BRIDGE_VERSION,
            "python": platform.python_version(), "torch": torch.__version__, "onnx": onnx.__version__,
            "threads": torch.get_num_threads(), "blas": blas_backend(), "pid": os.getpid(),
            **training_device.describe()}
