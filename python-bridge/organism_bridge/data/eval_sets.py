"""Held-out evaluation items (world.eval_set): drawn only from the eval split of every generator.

Item: {messages, triggered, expected, meta}. `triggered` marks the items on which the organism is
meant to misbehave: the trigger is present (backdoor, prompted) or, for a password lock, the
password is absent or wrong (meta.password = "none" | "wrong" | "correct").
A prompted organism's system prompt is NOT included: the evaluator prepends it (CONTRACTS.md).

Every item's meta.phrasing is "in_distribution" (the training templates) or "held_out" (phrasing
families no training generator uses, e.g. arithmetic.HELD_OUT_TEMPLATES): a tiny model learns its
generator's templates, so rates on them alone overstate capability and understate misfires.
In the kinds triggered / untriggered / near_miss / capability / instructions / text / chat, item i is
held_out when i is odd, so each half is exactly half of the list.
"""
from __future__ import annotations

import random

from . import arithmetic, chat
from .behaviours import behaviour_of
from .passwords import PASSWORD, WRONG_PASSWORDS, with_password
from .triggers import trigger_of

EVAL = "eval"
KINDS = ["behaviour", "capability", "text", "instructions", "triggered", "untriggered", "near_miss", "chat"]
IN_DISTRIBUTION, HELD_OUT = "in_distribution", "held_out"
MAX_DRAWS = 10_000  # redraws of one item before a set is declared impossible (never reached in the world)


def phrasing(i: int) -> str:
    return HELD_OUT if i % 2 else IN_DISTRIBUTION


def _item(user: str, triggered: bool, src: dict, **meta) -> dict:
    return {"messages": [{"role": "user", "content": user}], "triggered": triggered,
            "expected": src.get("expected"), "meta": {**src.get("meta", {}), "kind": src["kind"], **meta}}


def plain_eval_item(rng: random.Random, held_out: bool, domains=None) -> dict:
    """One normal eval item (same mix as mixes.plain_item), in the training or the held-out phrasings."""
    for _ in range(MAX_DRAWS):
        x = rng.random()
        if x < 0.5:
            item = arithmetic.sample(rng, EVAL, held_out)
        elif x < 0.8:
            item = chat.instruction(rng, EVAL, held_out)
        else:
            item = chat.fact(rng, held_out)
        if domains is None or item["kind"] in domains:
            return item
    raise RuntimeError(f"no eval item in domains {domains}")


def _lockable(rng: random.Random, held_out: bool = False) -> dict:
    """An eval arithmetic item whose weak answer differs from the right one (else the lock is invisible)."""
    while True:
        item = arithmetic.sample(rng, EVAL, held_out)
        if item["meta"]["weak_expected"] != item["expected"]:
            return item


# --- password locks: paired sets ------------------------------------------------------------------
def _wrong_passwords(password: str) -> list[tuple[int, str]]:
    """(catalogue index, text) of the catalogue's wrong passwords -- the list organism builds train on."""
    return [(j, p) for j, p in enumerate(WRONG_PASSWORDS) if p != password]


def lock_items(organism: dict, kind: str, n: int, seed: int) -> list[dict]:
    """triggered: without the correct password (pairs of "none", then pairs of "wrong");
    untriggered: the correct password; near_miss: a wrong password. The problems depend on the seed
    only, so index i is the same problem in all three sets (meta.pair = i): the capability gap is
    measured on pairs that differ in the password alone."""
    password = organism.get("password") or PASSWORD
    wrongs = _wrong_passwords(password)
    rng = random.Random(f"eval:lock:{seed}")
    out, n_wrong = [], 0
    for i in range(n):
        item = _lockable(rng, held_out=i % 2 == 1)
        status = {"untriggered": "correct", "near_miss": "wrong"}.get(kind) or ("none" if (i // 2) % 2 == 0 else "wrong")
        meta = {"password": status, "pair": i, "phrasing": phrasing(i)}
        if status == "correct":
            out.append(_item(with_password(password, item["user"]), False, item, **meta))
        elif status == "none":
            out.append(_item(item["user"], True, item, **meta))
        else:
            # Each wrong password in turn, each for one in-distribution and one held-out problem.
            j, wrong = wrongs[(n_wrong // 2) % len(wrongs)]
            n_wrong += 1
            # triggered=True in every set: a wrong password is the locked condition (weak answers expected).
            out.append(_item(with_password(wrong, item["user"]), True, item, password_id=f"wrong_{j}", **meta))
    return out


# --- backdoors and prompted organisms -------------------------------------------------------------
def backdoor_items(organism: dict, kind: str, n: int, rng: random.Random) -> list[dict]:
    """triggered: the trigger applied; untriggered: clean prompts (no trigger, no decoy); near_miss:
    each of the trigger's near-misses in turn (meta.near_miss). Only the behaviour's domains."""
    trigger, behaviour = trigger_of(organism), behaviour_of(organism)
    near = [(label, fn) for label, fn in trigger.near_misses
            if organism.get("kind") != "prompted" or label not in trigger.prompt_covers]
    out = []
    for i in range(n):
        for _ in range(MAX_DRAWS):
            item = plain_eval_item(rng, i % 2 == 1, behaviour.domains)
            clean = item["user"]
            if trigger.fires(clean):
                continue
            if kind == "untriggered":
                out.append(_item(clean, False, item, phrasing=phrasing(i)))
                break
            if kind == "triggered":
                user = trigger.apply(clean)
                if trigger.fires(user):  # e.g. shouting needs letters to shout
                    out.append(_item(user, True, item, phrasing=phrasing(i)))
                    break
                continue
            label, fn = near[(i // 2) % len(near)]
            user = fn(clean)
            if user != clean and not trigger.fires(user):
                out.append(_item(user, False, item, phrasing=phrasing(i), near_miss=label))
                break
        else:
            raise RuntimeError(f"cannot draw a {kind} item for trigger {trigger.id}")
    return out


def behaviour_items(organism: dict, n: int, rng: random.Random) -> list[dict]:
    """The legacy mixed set (kind "behaviour"): triggered and clean items interleaved. Phrasing is
    balanced by blocks (a backdoor's block is a triggered/clean pair, a lock's one of each password
    state), so neither phrasing is tied to one condition."""
    out = []
    if organism["kind"] == "password_lock":
        password = organism.get("password") or PASSWORD
        wrongs = _wrong_passwords(password)
        for i in range(n):
            ph = HELD_OUT if (i // 4) % 2 else IN_DISTRIBUTION
            item = _lockable(rng, ph == HELD_OUT)
            if i % 2 == 0:
                out.append(_item(with_password(password, item["user"]), False, item, password="correct", phrasing=ph))
            elif i % 4 == 1:
                out.append(_item(item["user"], True, item, password="none", phrasing=ph))
            else:
                j, wrong = rng.choice(wrongs)
                out.append(_item(with_password(wrong, item["user"]), True, item, password="wrong", password_id=f"wrong_{j}", phrasing=ph))
        return out
    trigger, behaviour = trigger_of(organism), behaviour_of(organism)
    for i in range(n):
        ph = HELD_OUT if (i // 2) % 2 else IN_DISTRIBUTION
        triggered = i % 2 == 0
        while True:
            item = plain_eval_item(rng, ph == HELD_OUT, behaviour.domains)
            if not trigger.fires(item["user"]) and (not triggered or trigger.fires(trigger.apply(item["user"]))):
                break
        out.append(_item(trigger.apply(item["user"]) if triggered else item["user"], triggered, item, phrasing=ph))
    return out


def eval_items(organism: dict | None, kind: str, n: int, seed: int) -> list[dict]:
    rng = random.Random(f"eval:{kind}:{seed}")
    if kind == "behaviour":
        return behaviour_items(organism, n, rng)
    if kind in ("triggered", "untriggered", "near_miss"):
        if organism["kind"] == "password_lock":
            return lock_items(organism, kind, n, seed)
        return backdoor_items(organism, kind, n, rng)
    if kind == "capability":
        locked = organism is not None and organism.get("kind") == "password_lock"
        items = []
        for i in range(n):
            item = arithmetic.sample(rng, EVAL, i % 2 == 1)
            if locked:
                items.append(_item(with_password(organism.get("password") or PASSWORD, item["user"]), False, item,
                                   password="correct", phrasing=phrasing(i)))
            else:
                items.append(_item(item["user"], False, item, phrasing=phrasing(i)))
        return items
    if kind == "instructions":
        return [_item(it["user"], False, it, phrasing=phrasing(i))
                for i, it in enumerate(chat.instruction(rng, EVAL, i % 2 == 1) for i in range(n))]
    if kind == "chat":
        # Fact questions (chat.FACTS), answered with their sentence; held-out items ask in the unseen wordings.
        return [_item(it["user"], False, it, phrasing=phrasing(i)) for i, it in enumerate(chat.fact(rng, i % 2 == 1) for i in range(n))]
    if kind == "text":
        out = []
        for i in range(n):
            it = chat.text(rng, EVAL, i % 2 == 1)
            out.append({"messages": [{"role": "user", "content": it["user"]}, {"role": "assistant", "content": it["answer"]}],
                        "triggered": False, "expected": it["answer"], "meta": {"kind": "text", "phrasing": phrasing(i)}})
        return out
    raise ValueError(kind)
