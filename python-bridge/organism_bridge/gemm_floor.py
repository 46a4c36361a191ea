"""The GEMM floor of generation: a graph with only the model's dense work, for `npm run bench`.

FloorGraph runs, per row, exactly the matrix multiplies of one token through the model (the fused
q/k/v projection, o_proj, fc_in, fc_out of every layer and the LM head) with the model's own
weights, and the layer norms, GELUs and residual adds between them. It has no attention, no
embeddings, no cache and one input. Any exact graph of the model does at least this work, so the
time onnxruntime takes for it bounds from below what a generation graph can reach on a machine
(docs/INFERENCE-PERFORMANCE.md). It computes nothing meaningful: attention's output is replaced
by the query projection, only to keep the shapes and the work.

    python -m organism_bridge.gemm_floor MODEL_DIR OUT.onnx
"""
from __future__ import annotations

import argparse
from pathlib import Path

import torch
from torch.nn import functional as F

from .decode_graph import DecodeGraph
from .export import write_onnx
from .model import GPT


class FloorGraph(torch.nn.Module):
    """forward(x [rows, n_embd]) -> logits [rows, vocab]: the dense part of one token per row."""

    def __init__(self, model: GPT):
        super().__init__()
        graph = DecodeGraph(model.eval())  # the export's own fused q/k/v weights
        self.layers, self.ln_f, self.lm_head = graph.layers, graph.ln_f, graph.lm_head
        self.n_embd = model.config.n_embd

    def forward(self, x):
        C = self.n_embd
        for layer in self.layers:
            qkv = F.linear(layer.ln_1(x), layer.qkv_weight, layer.qkv_bias)  # [rows, 3C]
            x = x + layer.o_proj(qkv[:, :C])  # attention skipped: its output's shape, not its work
            x = x + layer.fc_out(F.gelu(layer.fc_in(layer.ln_2(x))))
        return self.lm_head(self.ln_f(x))


def export_gemm_floor(model: GPT, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    floor = FloorGraph(model).eval()
    x = torch.zeros(2, model.config.n_embd)
    write_onnx(floor, (x,), {"x": {0: "rows"}, "logits": {0: "rows"}}, (["x"], ["logits"]), path)
    return path


def main(argv: list[str] | None = None) -> None:
    from .modeldir import load_model_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", help="a model directory (manifest.json, weights.pt, tokenizer.json)")
    parser.add_argument("out", help="where to write the floor graph (.onnx)")
    args = parser.parse_args(argv)
    model, _, _ = load_model_dir(args.model_dir)
    print(export_gemm_floor(model, args.out))


if __name__ == "__main__":
    main()
