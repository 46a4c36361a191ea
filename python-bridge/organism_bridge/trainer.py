"""The training loop shared by pretraining, organism builds and blue-team runs.

AdamW (weight decay on matrices only), linear warmup then cosine decay (to 10% unless told), gradient clipping
at 1.0, and seeds for both data order and torch, so the same seed gives the same loss trace.
"""
from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from typing import Callable

import torch

from .batching import make_batch, masked_loss
from .device import autocast, training_device
from .lora import apply_lora, merge_lora


@dataclass
class Method:
    type: str = "full"  # "full" | "lora"
    rank: int = 8
    alpha: float = 16.0
    dropout: float = 0.0
    targets: tuple = ("attn", "mlp")

    def to_dict(self) -> dict:
        if self.type == "full":
            return {"type": "full"}
        return {"type": "lora", "rank": self.rank, "alpha": self.alpha, "dropout": self.dropout, "targets": list(self.targets)}


@dataclass
class TrainConfig:
    steps: int
    batch_size: int
    lr: float
    weight_decay: float = 0.0
    warmup_steps: int = 0
    seed: int = 0
    grad_clip: float = 1.0
    prompt_weight: float = 0.0  # loss weight of prompt tokens (answers weigh 1)
    min_lr_ratio: float = 0.1  # the cosine decays to this share of lr


def lr_at(step: int, cfg: TrainConfig) -> float:
    if cfg.warmup_steps and step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    progress = (step - cfg.warmup_steps) / max(1, cfg.steps - cfg.warmup_steps)
    floor = cfg.min_lr_ratio
    return cfg.lr * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def prepare(model, method: Method, seed: int = 0) -> list:
    """Make the model trainable by the method; returns the trainable parameters.
    Seeded, because LoRA's A matrices are drawn at random: same seed, same adapter, same loss trace."""
    torch.manual_seed(seed)
    if method.type == "lora":
        return apply_lora(model, method.rank, method.alpha, method.dropout, list(method.targets))
    for p in model.parameters():
        p.requires_grad_(True)
    return list(model.parameters())


def finish(model, method: Method):
    """Back to a plain model (LoRA merged) in eval mode."""
    if method.type == "lora":
        merge_lora(model)
    return model.eval()


class LengthBuckets:
    """Draws a pool of examples, sorts it by length and cuts it into batches (in shuffled order):
    similar lengths share a batch, so little compute is spent on padding. Deterministic given rng."""

    POOL_BATCHES = 8

    def __init__(self, tok, example_fn, rng: random.Random, batch_size: int, block_size: int, prompt_weight: float = 0.0):
        self.tok, self.example_fn, self.rng = tok, example_fn, rng
        self.batch_size, self.block_size, self.ready = batch_size, block_size, []
        self.prompt_weight = prompt_weight

    def next(self):
        if not self.ready:
            pool = [self.example_fn(self.rng) for _ in range(self.batch_size * self.POOL_BATCHES)]
            pool.sort(key=lambda ex: sum(len(m["content"]) + 2 for m in ex["messages"]))
            groups = [pool[i:i + self.batch_size] for i in range(0, len(pool), self.batch_size)]
            self.rng.shuffle(groups)
            self.ready = groups
        return make_batch(self.tok, self.ready.pop(), self.block_size, self.prompt_weight)


def train(model, tok, example_fn: Callable[[random.Random], dict], cfg: TrainConfig, params: list, *,
          on_step: Callable | None = None, on_eval: Callable | None = None, eval_every: int = 0,
          stop_after: Callable[[], int | None] | None = None) -> list[dict]:
    """Train `params` of `model`. on_step(step, loss, lr, tokens_per_s, eta_s) after each step (may raise
    to cancel); on_eval(step) at step 0 and every eval_every steps and at the end. Returns [{step, loss}].

    stop_after() (polled around every step) ends the run early: once that many steps are trained (on_eval runs
    there too, so the last step has its checkpoint), or before the next step when the run is already past it
    (the caller drops what lies beyond). cfg.steps stays the budget the learning-rate schedule spans, so the
    steps of a stopped run are exactly the first steps of the full run: where it stops changes nothing before."""
    rng = random.Random(f"data:{cfg.seed}")
    torch.manual_seed(cfg.seed)
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr, betas=(0.9, 0.95))
    batches = LengthBuckets(tok, example_fn, rng, cfg.batch_size, model.config.block_size, cfg.prompt_weight)
    losses, tokens = [], 0
    # On a GPU the model trains there and comes back to the CPU for every checkpoint (on_eval saves and
    # exports from CPU tensors) and at the end; on the CPU nothing moves and nothing changes.
    device = training_device()
    if on_eval and eval_every:
        on_eval(0)
    model.to(device)
    t0 = time.perf_counter()  # after the step-0 checkpoint: tokens/s and ETA measure training only
    model.train()
    for step in range(cfg.steps):
        limit = stop_after() if stop_after else None
        if limit is not None and step >= limit:
            break
        lr = lr_at(step, cfg)
        for g in opt.param_groups:
            g["lr"] = lr
        x, mask, y, w = (t.to(device) for t in batches.next())
        with autocast(device):
            logits, _ = model(x, attention_mask=mask)
        loss = masked_loss(logits.float(), y, w)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.grad_clip:
            torch.nn.utils.clip_grad_norm_(params, cfg.grad_clip)
        opt.step()
        tokens += int(mask.sum())
        losses.append({"step": step + 1, "loss": float(loss)})
        if on_step:
            elapsed = time.perf_counter() - t0
            on_step(step + 1, float(loss), lr, tokens / elapsed, elapsed / (step + 1) * (cfg.steps - step - 1))
        limit = stop_after() if stop_after else None
        if on_eval and eval_every and ((step + 1) % eval_every == 0 or step + 1 == cfg.steps or step + 1 == limit):
            model.eval()
            model.to("cpu")
            on_eval(step + 1)
            model.to(device)
            model.train()
    model.eval()
    model.to("cpu")
    return losses
