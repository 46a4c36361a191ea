"""LoRA adapters for the tiny GPT: W x + (alpha / rank) * B A x on chosen Linear layers.

targets: "attn" = q/k/v/o projections, "mlp" = fc_in/fc_out. B starts at zero, so a fresh adapter
leaves the model unchanged; merge() folds the adapters into plain Linear weights for saving/export.
"""
from __future__ import annotations

import math

import torch
import torch.nn as nn

TARGET_LAYERS = {"attn": ("q_proj", "k_proj", "v_proj", "o_proj"), "mlp": ("fc_in", "fc_out")}


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float):
        super().__init__()
        self.base = base
        self.rank, self.scale = rank, alpha / rank
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))  # A: [r, in]
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))  # B: [out, r]
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.base(x) + (self.dropout(x) @ self.lora_a.t() @ self.lora_b.t()) * self.scale

    def merged(self) -> nn.Linear:
        with torch.no_grad():
            self.base.weight += (self.lora_b @ self.lora_a) * self.scale
        return self.base


def apply_lora(model: nn.Module, rank: int, alpha: float, dropout: float, targets: list[str]) -> list[nn.Parameter]:
    """Freeze the model, wrap the target layers, and return the trainable adapter parameters."""
    for p in model.parameters():
        p.requires_grad_(False)
    names = {n for t in targets for n in TARGET_LAYERS[t]}
    trainable = []
    for module in list(model.modules()):
        for child_name, child in list(module.named_children()):
            if child_name in names and isinstance(child, nn.Linear):
                wrapped = LoRALinear(child, rank, alpha, dropout)
                setattr(module, child_name, wrapped)
                trainable += [wrapped.lora_a, wrapped.lora_b]
    return trainable


def merge_lora(model: nn.Module) -> nn.Module:
    """Replace every LoRALinear by its merged Linear (in place); the state dict is then the plain model's."""
    for module in list(model.modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, LoRALinear):
                setattr(module, child_name, child.merged())
    for p in model.parameters():
        p.requires_grad_(True)
    return model


def lora_param_count(n_embd: int, n_layer: int, rank: int, targets: list[str]) -> int:
    """Closed form of the adapter size, for reports and tests: r * (in + out) per wrapped layer."""
    per_layer = 0
    if "attn" in targets:
        per_layer += 4 * rank * (n_embd + n_embd)
    if "mlp" in targets:
        per_layer += 2 * rank * (n_embd + 4 * n_embd)
    return n_layer * per_layer
