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

from .model import GPT, MASK_VALUE


class _Layer(torch.nn.Module):
    """One transformer block of GPT with its q, k and v projections fused into one matrix."""

    def __init__(self, block):
        super().__init__()
        attn = block.attn
        self.n_head, self.head_dim = attn.n_head, attn.head_dim
        self.ln_1, self.ln_2, self.o_proj = block.ln_1, block.ln_2, attn.o_proj
        self.fc_in, self.fc_out = block.mlp.fc_in, block.mlp.fc_out
        # 1/sqrt(head_dim) is folded into the query projection (one op less per layer).
        scale = 1.0 / math.sqrt(self.head_dim)
        qkv = [attn.q_proj, attn.k_proj, attn.v_proj]
        self.qkv_weight = torch.nn.Parameter(torch.cat([attn.q_proj.weight * scale] + [m.weight for m in qkv[1:]], 0).detach().clone())
        self.qkv_bias = torch.nn.Parameter(torch.cat([attn.q_proj.bias * scale] + [m.bias for m in qkv[1:]], 0).detach().clone())

    def forward(self, x, B, T, P, past_k, past_v, past_bias, new_bias):
        # x: [B*T, C] (2-D, so every projection is one Gemm); past_k/v: [B, H, P, D];
        # past_bias: [B, 1, 1, P]; new_bias: [B, 1, T, T]
        H, D = self.n_head, self.head_dim
        qkv = F.linear(self.ln_1(x), self.qkv_weight, self.qkv_bias)  # [B*T, 3C]
        q, k, v = qkv.view(B, T, 3 * H, D).transpose(1, 2).split(H, dim=1)  # 3 x [B, H, T, D], q scaled
        # Scores against the cache as (K q^T)^T, not q K^T: with one query row the cache is then
        # the unpacked left operand, and MLAS packs only q (it would pack all of K otherwise).
        s_past = (past_k @ q.transpose(-2, -1)).transpose(-2, -1) + past_bias  # [B, H, T, P]
        s_new = q @ k.transpose(-2, -1) + new_bias  # [B, H, T, T]
        w_past, w_new = F.softmax(torch.cat([s_past, s_new], dim=-1), dim=-1).split([P, T], dim=-1)
        y = (w_past @ past_v + w_new @ v).transpose(1, 2).reshape(-1, H * D)  # [B*T, C]
        x = x + self.o_proj(y)
        x = x + self.fc_out(F.gelu(self.fc_in(self.ln_2(x))))
        return x, k, v

    def step(self, x, P, past_k, past_v, bias):
        # One token per row: x: [B, C]; bias: [B, 1, 1, P+1] over (cache slots, the token itself).
        # With seq fixed at 1 the heads need no transposes and the token's score against its own
        # key is an elementwise product, not a batch of 1x1 matmuls.
        H, D = self.n_head, self.head_dim
        qkv = F.linear(self.ln_1(x), self.qkv_weight, self.qkv_bias)  # [B, 3C]
        q, k, v = qkv.view(-1, 3 * H, 1, D).split(H, dim=1)  # 3 x [B, H, 1, D] (k, v: the new.* outputs), q scaled
        s_past = (past_k @ q.view(-1, H, D, 1)).transpose(-2, -1)  # [B, H, 1, P]
        s_new = (q * k).sum(-1, keepdim=True)  # [B, H, 1, 1]
        w_past, w_new = F.softmax(torch.cat([s_past, s_new], dim=-1) + bias, dim=-1).split([P, 1], dim=-1)
        y = w_past @ past_v + w_new * v  # [B, H, 1, D]
        x = x + self.o_proj(y.view(-1, H * D))
        x = x + self.fc_out(F.gelu(self.fc_in(self.ln_2(x))))
        return x, k, v


class DecodeGraph(torch.nn.Module):
    """forward(input_ids, attention_mask, position_ids, *past) -> (logits, *new): flat per-layer
    key/value tensors, as the ONNX contract names them. Wraps (copies of) a GPT's weights."""

    def __init__(self, model: GPT):
        super().__init__()
        self.wte, self.wpe, self.ln_f, self.lm_head = model.wte, model.wpe, model.ln_f, model.lm_head
        self.layers = torch.nn.ModuleList([_Layer(b) for b in model.blocks])

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        B, T = input_ids.shape  # traced once: every reshape below reuses the same shape nodes
        P = past_flat[1].shape[2]  # past.0.value: [B, H, P, D]
        real = attention_mask > 0  # [B, P+T]
        zero, masked = torch.zeros((), dtype=torch.float32), torch.full((), MASK_VALUE)
        # Every cached slot precedes every new token, so the past needs only the padding mask.
        past_bias = torch.where(real[:, :P], zero, masked)[:, None, None, :]  # [B, 1, 1, P]
        causal = torch.ones(T, T, dtype=torch.bool).tril()  # [T, T]: query t sees new key j <= t
        new_bias = torch.where(causal[None, :, :] & real[:, None, P:], zero, masked)[:, None]  # [B, 1, T, T]
        x = (self.wte(input_ids) + self.wpe(position_ids)).reshape(-1, self.wte.embedding_dim)  # [B*T, C]
        new = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, B, T, P, past_flat[2 * i], past_flat[2 * i + 1], past_bias, new_bias)
            new += [k, v]
        logits = self.lm_head(self.ln_f(x)).view(B, T, -1)  # [B, T, vocab]
        return (logits, *new)


class DecodeStepGraph(torch.nn.Module):
    """The same function as DecodeGraph for seq = 1 only (decode.onnx): fewer, cheaper nodes for
    the one-token steps that are most of generation. Shares the DecodeGraph's weights.

    forward(...) -> (logits [B, 1, vocab], new [B, 2 * n_layer * n_head, 1, head_dim]): the new
    keys and values of every layer in ONE output, per row in the order layer 0 key heads, layer 0
    value heads, layer 1 key heads, ... In onnxruntime-node each output costs ~1.8 us per run
    (an OrtValue, a JS ArrayBuffer and a copy), so 2n_layer of them were ~15% of a batch-1 step;
    the concatenation they cost instead is a few KB."""

    def __init__(self, graph: DecodeGraph):
        super().__init__()
        self.graph = graph

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        g = self.graph
        P = past_flat[1].shape[2]
        bias = torch.where(attention_mask > 0, torch.zeros((), dtype=torch.float32), torch.full((), MASK_VALUE))[:, None, None, :]  # [B, 1, 1, P+1]
        x = (g.wte(input_ids) + g.wpe(position_ids)).reshape(-1, g.wte.embedding_dim)  # [B, C]
        new = []
        for i, layer in enumerate(g.layers):
            x, k, v = layer.step(x, P, past_flat[2 * i], past_flat[2 * i + 1], bias)
            new += [k, v]
        return g.lm_head(g.ln_f(x)).unsqueeze(1), torch.cat(new, dim=1)  # logits [B, 1, vocab]; new [B, 2LH, 1, D]
