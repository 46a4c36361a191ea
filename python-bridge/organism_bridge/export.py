"""ONNX export with a caller-owned KV cache (docs/CONTRACTS.md, "ONNX model"); opset 17.

Inputs input_ids, attention_mask, position_ids and past.{i}.key/value (the caller's cache slots,
[batch, n_head, past_seq, head_dim], unused slots masked out by attention_mask); outputs logits and
new.{i}.key/value, the keys and values of the fed tokens only ([batch, n_head, seq, head_dim]),
which the caller writes into its cache. The graph (decode_graph.py) never concatenates the cache
and never returns it: that copy per layer per step was most of a decode step. Batch, seq and
past_seq are dynamic. decode.onnx (named by model.json's "decode") is the same function for
seq = 1 only, with fewer and cheaper nodes, for the one-token decode steps; it returns the new keys
and values of all layers as one output, `new` [batch, 2 * n_layer * n_head, 1, head_dim]
(see DecodeStepGraph; a reader tells the layout by the output names).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import torch

from .decode_graph import DecodeGraph, DecodeStepGraph
from .model import GPT
from .tokenizer import CharTokenizer

OPSET = 17  # LayerNormalization is one op from opset 17 on


def io_names(n_layer: int) -> tuple[list[str], list[str]]:
    past = [f"past.{i}.{kv}" for i in range(n_layer) for kv in ("key", "value")]
    new = [f"new.{i}.{kv}" for i in range(n_layer) for kv in ("key", "value")]
    return ["input_ids", "attention_mask", "position_ids"] + past, ["logits"] + new


def step_io_names(n_layer: int) -> tuple[list[str], list[str]]:
    """decode.onnx: the same inputs; logits and the packed keys and values of all layers."""
    return io_names(n_layer)[0], ["logits", "new"]


def write_onnx(module: torch.nn.Module, args: tuple, dyn: dict, names: tuple[list[str], list[str]], path: Path) -> None:
    """Export to a temporary file next to `path`, then rename: a reader never sees half a file."""
    inputs, outputs = names
    fd, tmp = tempfile.mkstemp(suffix=".onnx", dir=path.parent)
    os.close(fd)
    with torch.no_grad():
        torch.onnx.export(module, args, tmp, input_names=inputs, output_names=outputs, dynamic_axes=dyn,
                          opset_version=OPSET, do_constant_folding=True)
    os.chmod(tmp, 0o644)  # mkstemp creates 0600; the export is an ordinary shareable file
    os.replace(tmp, path)


def export_onnx(model: GPT, tok: CharTokenizer, out_dir: str | Path, source: str | None) -> dict:
    cfg = model.config
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    graph = DecodeGraph(model).eval()
    B, T, P = 2, 3, 2  # trace shapes; every axis below is declared dynamic
    past = []
    for _ in range(cfg.n_layer):
        past += [torch.zeros(B, cfg.n_head, P, cfg.head_dim), torch.zeros(B, cfg.n_head, P, cfg.head_dim)]
    inputs, outputs = io_names(cfg.n_layer)
    cache_axes = {name: {0: "batch", 2: "past_seq"} for name in inputs[3:]}
    # decode.onnx first: model.onnx's identity is what tells a reader to reload the pair.
    step_dyn = {"input_ids": {0: "batch"}, "attention_mask": {0: "batch", 1: "total_seq"}, "position_ids": {0: "batch"},
                "logits": {0: "batch"}, **cache_axes, "new": {0: "batch"}}
    step_args = (torch.full((B, 1), 7, dtype=torch.long), torch.ones((B, P + 1), dtype=torch.long),
                 torch.full((B, 1), P, dtype=torch.long), *past)
    write_onnx(DecodeStepGraph(graph), step_args, step_dyn, step_io_names(cfg.n_layer), out_dir / "decode.onnx")
    dyn = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "total_seq"},
           "position_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}, **cache_axes,
           **{name: {0: "batch", 2: "seq"} for name in outputs[1:]}}
    args = (torch.full((B, T), 7, dtype=torch.long), torch.ones((B, P + T), dtype=torch.long),
            torch.arange(P, P + T).unsqueeze(0).repeat(B, 1), *past)
    onnx_path = out_dir / "model.onnx"
    write_onnx(graph, args, dyn, (inputs, outputs), onnx_path)
    tok.save(out_dir / "tokenizer.json")
    meta = {"n_layer": cfg.n_layer, "n_head": cfg.n_head, "head_dim": cfg.head_dim, "n_embd": cfg.n_embd,
            "vocab_size": cfg.vocab_size, "block_size": cfg.block_size, "tokenizer": "tokenizer.json",
            "decode": "decode.onnx", "source": source, "opset": OPSET}
    (out_dir / "model.json").write_text(json.dumps(meta, indent=1) + "\n")
    return {"onnx_path": str(onnx_path), "model_json": str(out_dir / "model.json"), "bytes": onnx_path.stat().st_size}
