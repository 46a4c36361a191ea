"""The GPT forward pass rewritten for the ONNX export (docs/CONTRACTS.md, "ONNX model").

Same weights and same mathematics as GPT.forward, but shaped for a decode loop that owns its KV
cache: attention scores are computed against the cached keys and against the new tokens' keys
separately (only the small score tensors are concatenated, for one softmax), and the weighted sum
is w_past @ past_v + w_new @ new_v. So the graph never concatenates the cache (a copy of the whole
cache per layer per step) and returns only the new tokens' keys and values, which the caller
writes into its own buffers. Cache slots are an unordered set to attention: a slot counts when its
attention_mask column is 1, wherever it sits, so the caller may keep unused (zero, masked) slots.
"""
from __future__ import annotations

import math

import torch
from torch.nn import functional as F

from .model import GPT, MASK_VALUE, CausalSelfAttention


def _attention(attn: CausalSelfAttention, x, past_k, past_v, past_bias, new_bias):
    B, T, C = x.shape  # x: [B, T, C]; past_k/v: [B, H, P, D]; past_bias: [B, 1, 1, P]; new_bias: [B, 1, T, T]
    H, D = attn.n_head, attn.head_dim

    def heads(t):  # [B, T, C] -> [B, H, T, D]
        return t.view(B, T, H, D).transpose(1, 2)

    q, k, v = heads(attn.q_proj(x)), heads(attn.k_proj(x)), heads(attn.v_proj(x))
    scale = 1.0 / math.sqrt(D)
    s_past = (q @ past_k.transpose(-2, -1)) * scale + past_bias  # [B, H, T, P]
    s_new = (q @ k.transpose(-2, -1)) * scale + new_bias  # [B, H, T, T]
    P = past_k.shape[2]
    w = F.softmax(torch.cat([s_past, s_new], dim=-1), dim=-1)  # [B, H, T, P+T]
    y = w[..., :P] @ past_v + w[..., P:] @ v  # [B, H, T, D]
    y = y.transpose(1, 2).reshape(B, T, C)
    return attn.o_proj(y), k, v


class DecodeGraph(torch.nn.Module):
    """forward(input_ids, attention_mask, position_ids, *past) -> (logits, *new): flat per-layer
    key/value tensors, as the ONNX contract names them."""

    def __init__(self, model: GPT):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        m = self.model
        T = input_ids.shape[1]
        P = past_flat[0].shape[2]
        real = attention_mask > 0  # [B, P+T]
        zero, masked = torch.zeros((), dtype=torch.float32), torch.full((), MASK_VALUE)
        # Every cached slot precedes every new token, so the past needs only the padding mask.
        past_bias = torch.where(real[:, :P], zero, masked)[:, None, None, :]  # [B, 1, 1, P]
        causal = torch.ones(T, T, dtype=torch.bool).tril()  # [T, T]: query t sees new key j <= t
        new_bias = torch.where(causal[None, :, :] & real[:, None, P:], zero, masked)[:, None]  # [B, 1, T, T]
        x = m.wte(input_ids) + m.wpe(position_ids)  # [B, T, C]
        new = []
        for i, block in enumerate(m.blocks):
            a, k, v = _attention(block.attn, block.ln_1(x), past_flat[2 * i], past_flat[2 * i + 1], past_bias, new_bias)
            x = x + a
            x = x + block.mlp(block.ln_2(x))
            new += [k, v]
        return (m.lm_head(m.ln_f(x)), *new)
