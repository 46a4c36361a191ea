"""The tiny GPT of the embedded world (nanoGPT-style, one file).

forward(input_ids, attention_mask=None, position_ids=None, past_kv=None) -> (logits, present)
has exactly the semantics of the ONNX export (docs/CONTRACTS.md): prompts are left-padded,
attention_mask covers past + current tokens, position_ids = cumsum(mask) - 1 clamped at 0, and
past_kv / present are per-layer (key, value) pairs of shape [batch, n_head, seq, head_dim].
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import torch
import torch.nn as nn
from torch.nn import functional as F

# Large negative instead of -inf: a fully masked row (a left-pad query) stays finite in both
# PyTorch and onnxruntime, so the two agree bit-for-bit on shapes and almost on values.
MASK_VALUE = -1e9


@dataclass
class GPTConfig:
    vocab_size: int = 103
    block_size: int = 192  # longest sequence (past + current) the position table covers
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0

    @property
    def head_dim(self) -> int:
        return self.n_embd // self.n_head

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "GPTConfig":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        assert cfg.n_embd % cfg.n_head == 0
        self.n_head, self.head_dim = cfg.n_head, cfg.head_dim
        self.q_proj = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.k_proj = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.v_proj = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.o_proj = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x, bias, past=None):
        B, T, C = x.shape  # x: [B, T, C]; bias: [B, 1, T, P+T] additive mask
        def heads(t):  # [B, T, C] -> [B, H, T, D]
            return t.view(B, T, self.n_head, self.head_dim).transpose(1, 2)
        q, k, v = heads(self.q_proj(x)), heads(self.k_proj(x)), heads(self.v_proj(x))
        if past is not None:
            k = torch.cat([past[0], k], dim=2)  # [B, H, P+T, D]
            v = torch.cat([past[1], v], dim=2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(self.head_dim)) + bias  # [B, H, T, P+T]
        att = self.dropout(F.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).reshape(B, T, C)  # [B, T, C]
        return self.o_proj(y), (k, v)


class MLP(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.fc_in = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)
        self.fc_out = nn.Linear(4 * cfg.n_embd, cfg.n_embd)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x):
        return self.dropout(self.fc_out(F.gelu(self.fc_in(x))))


class Block(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd)
        self.attn = CausalSelfAttention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd)
        self.mlp = MLP(cfg)

    def forward(self, x, bias, past=None):
        a, present = self.attn(self.ln_1(x), bias, past)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, present


class GPT(nn.Module):
    def __init__(self, cfg: GPTConfig):
        super().__init__()
        self.config = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = nn.LayerNorm(cfg.n_embd)
        self.lm_head = nn.Linear(cfg.n_embd, cfg.vocab_size, bias=False)
        self.apply(self._init_weights)
        for name, p in self.named_parameters():  # GPT-2 scaled init of residual projections
            if name.endswith("o_proj.weight") or name.endswith("fc_out.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init_weights(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)

    def forward(self, input_ids, attention_mask=None, position_ids=None, past_kv=None):
        B, T = input_ids.shape  # input_ids: [B, T]
        P = past_kv[0][0].shape[2] if past_kv is not None else 0
        if attention_mask is None:
            attention_mask = torch.ones(B, P + T, dtype=torch.long, device=input_ids.device)
        if position_ids is None:
            position_ids = (attention_mask.long().cumsum(-1) - 1).clamp(min=0)[:, P:]  # [B, T]
        # Query t (absolute index P+t) may see key j when j <= P+t and key j is not padding.
        q_idx = torch.arange(T, device=input_ids.device).unsqueeze(1) + P  # [T, 1]
        k_idx = torch.arange(P + T, device=input_ids.device).unsqueeze(0)  # [1, P+T]
        allowed = (k_idx <= q_idx).unsqueeze(0) & (attention_mask > 0).unsqueeze(1)  # [B, T, P+T]
        bias = torch.where(allowed, torch.zeros((), dtype=torch.float32), torch.full((), MASK_VALUE)).unsqueeze(1)
        x = self.wte(input_ids) + self.wpe(position_ids)  # [B, T, C]
        present = []
        for i, block in enumerate(self.blocks):
            x, kv = block(x, bias, past_kv[i] if past_kv is not None else None)
            present.append(kv)
        logits = self.lm_head(self.ln_f(x))  # [B, T, vocab]
        return logits, present

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())
