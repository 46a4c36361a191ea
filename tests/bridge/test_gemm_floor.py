"""The bench's GEMM floor graph (organism_bridge/gemm_floor.py) does the step graph's dense work."""
import hashlib
import subprocess
import sys
from collections import Counter

import onnx
import torch
from onnx import numpy_helper

from bridge_client import ROOT
from organism_bridge.export import export_onnx
from organism_bridge.gemm_floor import export_gemm_floor
from organism_bridge.model import GPT, GPTConfig
from organism_bridge.tokenizer import CharTokenizer

BASE = str(ROOT / "assets" / "models" / "base")


def matrices(path) -> Counter:
    """The weight matrices that Gemm and MatMul nodes multiply by, as (shape, content hash)."""
    model = onnx.load(str(path))
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    found = Counter()
    for node in model.graph.node:
        if node.op_type in ("Gemm", "MatMul"):
            for name in node.input[1:2]:
                if name in inits:
                    w = inits[name]
                    found[(w.shape, hashlib.sha1(w.tobytes()).hexdigest())] += 1
    return found


def test_floor_graph_multiplies_by_every_matrix_of_the_step_graph_and_nothing_else(tmp_path):
    torch.manual_seed(3)
    model = GPT(GPTConfig(n_layer=3, n_head=2, n_embd=32, block_size=64)).eval()
    export_onnx(model, CharTokenizer(), tmp_path / "onnx", source=None)
    floor = export_gemm_floor(model, tmp_path / "floor.onnx")
    step = matrices(tmp_path / "onnx" / "decode.onnx")
    assert sum(step.values()) == 4 * 3 + 1  # q/k/v, o_proj, fc_in, fc_out per layer, and the LM head
    assert matrices(floor) == step
    graph = onnx.load(str(floor)).graph
    assert [i.name for i in graph.input] == ["x"] and [o.name for o in graph.output] == ["logits"]
    assert not {n.op_type for n in graph.node} & {"Softmax", "Gather", "Concat"}  # no attention, no embedding


def test_floor_graph_cli_exports_the_base_model(tmp_path):
    out = tmp_path / "floor.onnx"
    run = subprocess.run([sys.executable, "-m", "organism_bridge.gemm_floor", BASE, str(out)],
                         cwd=ROOT / "python-bridge", capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode()
    onnx.checker.check_model(onnx.load(str(out)))
    assert sum(matrices(out).values()) == 4 * 4 + 1
