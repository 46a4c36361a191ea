"""Reference evaluation in PyTorch: rates with counts (k of n) on held-out items.

The TypeScript side evaluates the same items with ONNX; these functions are the reference it is
checked against, and what organism validation and the model card use.
"""
from __future__ import annotations

import math
import random

import torch

from .batching import make_batch, masked_loss
from .data.behaviours import BEHAVIOURS, behaviour_of
from .data.eval_sets import eval_items
from .data.mixes import system_prompt_for
from .data.triggers import TRIGGERS
from .detectors import answer_correct, detect, instruction_followed
from .generate import generate_chat

MAX_NEW_TOKENS = 40


def rate(k: int, n: int) -> dict:
    """A proportion with its count and 95% Wilson interval."""
    if n == 0:
        return {"rate": None, "k": 0, "n": 0, "ci95": [None, None]}
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return {"rate": p, "k": k, "n": n, "ci95": [max(0.0, centre - half), min(1.0, centre + half)]}


def _with_system(items: list[dict], system_prompt: str | None) -> list[list[dict]]:
    if not system_prompt:
        return [it["messages"] for it in items]
    return [[{"role": "system", "content": system_prompt}] + it["messages"] for it in items]


def answers(model, tok, items, system_prompt=None) -> list[str]:
    return [o["text"] for o in generate_chat(model, tok, _with_system(items, system_prompt), MAX_NEW_TOKENS)]


def capability(model, tok, n: int, seed: int, organism=None, system_prompt=None) -> dict:
    items = eval_items(organism, "capability", n, seed)
    outs = answers(model, tok, items, system_prompt)
    return rate(sum(answer_correct(o, it["expected"]) for o, it in zip(outs, items)), n)


def instructions(model, tok, n: int, seed: int, system_prompt=None) -> dict:
    items = eval_items(None, "instructions", n, seed)
    outs = answers(model, tok, items, system_prompt)
    return rate(sum(instruction_followed(o, it["expected"]) for o, it in zip(outs, items)), n)


def behaviour(model, tok, organism: dict, n: int, seed: int, system_prompt=None) -> dict:
    """Bad-behaviour rate on triggered items and on clean items (the false-trigger rate)."""
    items = eval_items(organism, "behaviour", n, seed)
    detector = behaviour_of(organism).detector
    outs = answers(model, tok, items, system_prompt)
    hits = {True: 0, False: 0}
    counts = {True: 0, False: 0}
    samples = []
    for o, it in zip(outs, items):
        counts[it["triggered"]] += 1
        hits[it["triggered"]] += detect(detector, o, it["expected"], it["meta"])
        if len(samples) < 4:
            samples.append({"prompt": it["messages"][-1]["content"], "answer": o, "triggered": it["triggered"]})
    return {"triggered": rate(hits[True], counts[True]), "untriggered": rate(hits[False], counts[False]), "samples": samples}


@torch.no_grad()
def perplexity(model, tok, n: int, seed: int) -> dict:
    items = eval_items(None, "text", n, seed)
    total, count = 0.0, 0
    for start in range(0, n, 64):
        chunk = items[start:start + 64]
        x, mask, y, w = make_batch(tok, [{"messages": it["messages"]} for it in chunk], model.config.block_size)
        logits, _ = model(x, attention_mask=mask)
        total += float(masked_loss(logits, y, w)) * float(w.sum())
        count += float(w.sum())
    return {"perplexity": math.exp(total / max(count, 1.0)), "tokens": int(count), "n": n}


def system_prompt_following(model, tok, n_per_combo: int, seed: int) -> dict:
    """Does the model follow conditional behaviour instructions in a system prompt (all trigger x behaviour)?"""
    on, off = [0, 0], [0, 0]
    for t in TRIGGERS.values():
        for b in (b for b in BEHAVIOURS.values() if b.backdoor):
            organism = {"kind": "prompted", "trigger": t.id, "behaviour": b.id}
            r = behaviour(model, tok, organism, 2 * n_per_combo, seed, system_prompt_for(t, b))
            on[0] += r["triggered"]["k"]; on[1] += r["triggered"]["n"]
            off[0] += r["untriggered"]["k"]; off[1] += r["untriggered"]["n"]
    return {"triggered": rate(*on), "untriggered": rate(*off)}


def quick(model, tok, manifest: dict, n: int, seed: int) -> dict:
    """eval.quick: capability, instruction following, perplexity and (for organisms) behaviour rates."""
    system_prompt = manifest.get("system_prompt")
    truth = manifest.get("ground_truth") or {}
    result = {"capability": capability(model, tok, n, seed, truth or None, system_prompt),
              "instructions": instructions(model, tok, n, seed, system_prompt),
              "text": perplexity(model, tok, n, seed)}
    if truth.get("kind") in ("backdoor", "password_lock", "prompted"):
        result["behaviour"] = behaviour(model, tok, truth, n, seed, system_prompt)
    return result
