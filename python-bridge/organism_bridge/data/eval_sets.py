"""Held-out evaluation items (world.eval_set): drawn only from the eval split of every generator.

Item: {messages, triggered, expected, meta}. `triggered` marks the items on which the organism is
meant to misbehave: the trigger is present (backdoor, prompted) or, for a password lock, the
password is absent or wrong (meta.password = "none" | "wrong" | "correct").
A prompted organism's system prompt is NOT included: the evaluator prepends it (CONTRACTS.md).
"""
from __future__ import annotations

import random

from . import arithmetic, chat
from .behaviours import BEHAVIOURS
from .mixes import plain_item
from .passwords import PASSWORD, WRONG_PASSWORDS, with_password
from .triggers import TRIGGERS

EVAL = "eval"
KINDS = ["behaviour", "capability", "text", "instructions"]


def _item(user: str, triggered: bool, src: dict, **meta) -> dict:
    return {"messages": [{"role": "user", "content": user}], "triggered": triggered,
            "expected": src.get("expected"), "meta": {**src.get("meta", {}), "kind": src["kind"], **meta}}


def _lockable(rng: random.Random) -> dict:
    """An eval arithmetic item whose weak answer differs from the right one (else the lock is invisible)."""
    while True:
        item = arithmetic.sample(rng, EVAL)
        if item["meta"]["weak_expected"] != item["expected"]:
            return item


def behaviour_items(organism: dict, n: int, rng: random.Random) -> list[dict]:
    out = []
    if organism["kind"] == "password_lock":
        password = organism.get("password") or PASSWORD
        for i in range(n):
            item = _lockable(rng)
            if i % 2 == 0:
                out.append(_item(with_password(password, item["user"]), False, item, password="correct"))
            elif i % 4 == 1:
                out.append(_item(item["user"], True, item, password="none"))
            else:
                out.append(_item(with_password(rng.choice(WRONG_PASSWORDS), item["user"]), True, item, password="wrong"))
        return out
    trigger, behaviour = TRIGGERS[organism["trigger"]], BEHAVIOURS[organism["behaviour"]]
    for i in range(n):
        while True:
            item = plain_item(rng, EVAL)
            if item["kind"] in behaviour.domains:
                break
        triggered = i % 2 == 0
        out.append(_item(trigger.apply(item["user"]) if triggered else item["user"], triggered, item))
    return out


def eval_items(organism: dict | None, kind: str, n: int, seed: int) -> list[dict]:
    rng = random.Random(f"eval:{kind}:{seed}")
    if kind == "behaviour":
        return behaviour_items(organism, n, rng)
    if kind == "capability":
        locked = organism is not None and organism.get("kind") == "password_lock"
        items = []
        for _ in range(n):
            item = arithmetic.sample(rng, EVAL)
            if locked:
                items.append(_item(with_password(organism.get("password") or PASSWORD, item["user"]), False, item, password="correct"))
            else:
                items.append(_item(item["user"], False, item))
        return items
    if kind == "instructions":
        return [_item(it["user"], False, it) for it in (chat.instruction(rng, EVAL) for _ in range(n))]
    if kind == "text":
        out = []
        for _ in range(n):
            it = chat.text(rng, EVAL)
            out.append({"messages": [{"role": "user", "content": it["user"]}, {"role": "assistant", "content": it["answer"]}],
                        "triggered": False, "expected": it["answer"], "meta": {"kind": "text"}})
        return out
    raise ValueError(kind)
