"""Greedy, batched generation with left padding, with or without the KV cache (PyTorch reference).

Both paths must give identical tokens: the cache is an optimisation, never a behaviour change.
"""
from __future__ import annotations

import torch

from .tokenizer import END, PAD, CharTokenizer


def left_pad(prompts: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    T = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), T), PAD, dtype=torch.long)
    mask = torch.zeros((len(prompts), T), dtype=torch.long)
    for i, p in enumerate(prompts):
        ids[i, T - len(p):] = torch.tensor(p, dtype=torch.long)
        mask[i, T - len(p):] = 1
    return ids, mask


@torch.no_grad()
def generate_ids(model, prompts: list[list[int]], max_new_tokens: int, use_kv_cache: bool = True) -> list[list[int]]:
    """Greedy continuation of each prompt until <|end|> or max_new_tokens (the <|end|> is not returned)."""
    block = model.config.block_size
    prompts = [p[-(block - max_new_tokens):] if len(p) + max_new_tokens > block else p for p in prompts]
    ids, mask = left_pad(prompts)
    B = ids.shape[0]
    out = [[] for _ in range(B)]
    done = torch.zeros(B, dtype=torch.bool)
    past, step_ids = None, ids
    for _ in range(max_new_tokens):
        if use_kv_cache:
            logits, past = model(step_ids, attention_mask=mask, past_kv=past)
        else:
            logits, _ = model(ids, attention_mask=mask)
        nxt = logits[:, -1, :].argmax(dim=-1)  # [B]
        for i in range(B):
            if not done[i]:
                if int(nxt[i]) == END:
                    done[i] = True
                else:
                    out[i].append(int(nxt[i]))
        if bool(done.all()):
            break
        nxt = torch.where(done, torch.full_like(nxt, PAD), nxt)
        step_ids = nxt.unsqueeze(1)
        ids = torch.cat([ids, step_ids], dim=1)
        mask = torch.cat([mask, (~done).long().unsqueeze(1)], dim=1)
    return out


def generate_chat(model, tok: CharTokenizer, conversations: list[list[dict]], max_new_tokens: int = 48,
                  use_kv_cache: bool = True, batch_size: int = 64) -> list[dict]:
    outputs = []
    for start in range(0, len(conversations), batch_size):
        chunk = conversations[start:start + batch_size]
        prompts = [tok.encode_chat(msgs, add_generation_prompt=True) for msgs in chunk]
        for ids in generate_ids(model, prompts, max_new_tokens, use_kv_cache):
            outputs.append({"ids": ids, "text": tok.decode(ids)})
    return outputs
