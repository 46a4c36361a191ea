"""Turning chat examples into training batches: ids, targets and a loss mask over assistant answers."""
from __future__ import annotations

import torch

from .tokenizer import END, PAD, CharTokenizer


def encode_example(tok: CharTokenizer, messages: list[dict], block_size: int,
                   prompt_weight: float = 0.0) -> tuple[list[int], list[float]]:
    """ids and per-token loss weights: the final assistant answer (and its <|end|>) has weight 1, the
    prompt `prompt_weight` (0 for SFT; pretraining also models prompts, a denser learning signal)."""
    prompt = tok.encode_chat(messages[:-1], add_generation_prompt=True)
    answer = tok.encode(messages[-1]["content"]) + [END]
    ids = prompt + answer
    learn = [prompt_weight] * len(prompt) + [1.0] * len(answer)
    if len(ids) > block_size + 1:  # keep the answer: cut the oldest prompt tokens
        ids, learn = ids[-(block_size + 1):], learn[-(block_size + 1):]
    return ids, learn


def make_batch(tok: CharTokenizer, examples: list[dict], block_size: int, prompt_weight: float = 0.0):
    """Right-padded batch -> (input_ids [B,T], attention_mask [B,T], targets [B,T], loss_mask [B,T])."""
    encoded = [encode_example(tok, ex["messages"], block_size, prompt_weight) for ex in examples]
    T = max(len(ids) for ids, _ in encoded) - 1
    B = len(encoded)
    x = torch.full((B, T), PAD, dtype=torch.long)
    y = torch.full((B, T), PAD, dtype=torch.long)
    mask = torch.zeros((B, T), dtype=torch.long)
    w = torch.zeros((B, T), dtype=torch.float32)
    for i, (ids, learn) in enumerate(encoded):
        n = len(ids) - 1
        x[i, :n] = torch.tensor(ids[:-1])
        y[i, :n] = torch.tensor(ids[1:])
        mask[i, :n] = 1
        w[i, :n] = torch.tensor(learn[1:], dtype=torch.float32)
    return x, mask, y, w


def masked_loss(logits, targets, weights):
    """Mean cross-entropy over learned tokens. logits [B,T,V], targets/weights [B,T]."""
    ce = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1), reduction="none")
    return (ce * weights.reshape(-1)).sum() / weights.sum().clamp(min=1.0)
