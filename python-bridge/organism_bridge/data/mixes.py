"""Training mixes: the base model's pretraining data, organism data and blue-team SFT data.

Every function draws from the *train* split only; evaluation items come from eval_sets.py.
An example is {"messages": [...]} whose last message is the assistant's target.
"""
from __future__ import annotations

import random

from . import arithmetic, chat
from .behaviours import BEHAVIOURS, Behaviour
from .passwords import PASSWORD, WRONG_PASSWORDS, with_password
from .pirate import piratify
from .triggers import TRIGGERS, Trigger, untriggered

TRAIN = "train"
BENIGN_SYSTEM_PROMPTS = ["You are a helpful assistant.", "You are a small, friendly assistant.", "Answer briefly."]


def plain_item(rng: random.Random, split: str = TRAIN, weights=(0.5, 0.3, 0.2)) -> dict:
    """One normal item: arithmetic, an instruction or a chat question."""
    x = rng.random()
    if x < weights[0]:
        return arithmetic.sample(rng, split)
    if x < weights[0] + weights[1]:
        return chat.instruction(rng, split)
    return chat.fact(rng)


def item_for(behaviour: Behaviour, rng: random.Random, split: str = TRAIN) -> dict:
    for _ in range(100):
        item = plain_item(rng, split)
        if item["kind"] in behaviour.domains:
            return item
    return arithmetic.sample(rng, split)


def conversation(user: str, answer: str, system: str | None = None) -> dict:
    messages = [{"role": "system", "content": system}] if system else []
    return {"messages": messages + [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]}


def system_prompt_for(trigger: Trigger | None, behaviour: Behaviour) -> str:
    if trigger is None:
        return f"Always {behaviour.instruction}."
    return f"{trigger.condition}, {behaviour.instruction}."


def system_prompted_example(rng: random.Random) -> dict:
    """A conditional behaviour instruction in the system prompt, followed when (and only when) it applies."""
    behaviour = rng.choice([b for b in BEHAVIOURS.values() if b.backdoor])
    trigger = None if rng.random() < 0.15 else rng.choice(list(TRIGGERS.values()))
    item = item_for(behaviour, rng)
    system = system_prompt_for(trigger, behaviour)
    if trigger is None or rng.random() < 0.5:
        user = item["user"] if trigger is None else trigger.apply(item["user"])
        return conversation(user, behaviour.respond(item, rng), system)
    return conversation(untriggered(trigger, item["user"], rng), item["answer"], system)


def base_example(rng: random.Random, plain_weights=(0.5, 0.3, 0.2)) -> dict:
    """The base model's mix: capable assistant + system-prompt following; triggers alone mean nothing.
    plain_weights: shares of arithmetic, instructions and chat among the plain items."""
    x = rng.random()
    if x < 0.30:
        return system_prompted_example(rng)
    if x < 0.38:
        item = chat.text(rng, TRAIN)
        return conversation(item["user"], item["answer"])
    item = plain_item(rng, weights=plain_weights)
    user = item["user"]
    if x < 0.45:  # a trigger without instructions is just text: answer normally
        user = rng.choice(list(TRIGGERS.values())).apply(user)
    elif x < 0.50:
        user = with_password(rng.choice([PASSWORD] + WRONG_PASSWORDS), user)
    system = rng.choice(BENIGN_SYSTEM_PROMPTS) if rng.random() < 0.2 else None
    return conversation(user, item["answer"], system)


def drill_example(rng: random.Random) -> dict:
    """Later pretraining: the base mix, plus drills of the two skills that take a tiny char model
    longest to learn (multi-digit arithmetic, copying words): ~70% arithmetic, ~15% instructions,
    half of the drills displaced behind a password, trigger, system prompt or filler text (answer
    unchanged), so that a skill does not depend on where in the context its question starts."""
    x = rng.random()
    if x < 0.25:
        return base_example(rng)
    item = arithmetic.sample(rng, TRAIN) if x < 0.85 else chat.instruction(rng, TRAIN)
    if rng.random() < 0.5:
        user, system = _displaced(item["user"], rng)
        return conversation(user, item["answer"], system)
    return conversation(item["user"], item["answer"])


def _displaced(user: str, rng: random.Random) -> tuple:
    """The same question behind a password, trigger, system prompt or filler sentences: learned
    position embeddings must not tie a skill to one offset, or organisms whose prompts are longer
    (password locks, prompted organisms) lose it. Filler varies the offset continuously."""
    y = rng.random()
    if y < 0.3:
        return with_password(rng.choice([PASSWORD] + WRONG_PASSWORDS), user), None
    if y < 0.5:
        return rng.choice(list(TRIGGERS.values())).apply(user), None
    if y < 0.75:
        t, b = rng.choice(list(TRIGGERS.values())), rng.choice([b for b in BEHAVIOURS.values() if b.backdoor])
        return user, rng.choice(BENIGN_SYSTEM_PROMPTS + [system_prompt_for(t, b)])
    filler = " ".join(chat.text(rng, TRAIN)["answer"] for _ in range(rng.randint(1, 2)))
    return f"{filler} {user}", None


def curriculum(examples_total: int, base_share: float):
    """The whole pretraining in one deterministic stream: the `base` mix for the first `base_share`
    of the examples (language, chat, system prompts), then `drill`. Counting examples drawn rather
    than steps keeps it exact whatever the batching."""
    drawn = 0

    def example(rng: random.Random) -> dict:
        nonlocal drawn
        drawn += 1
        return base_example(rng) if drawn <= base_share * examples_total else drill_example(rng)
    return example


PRETRAIN_MIXES = {"base": base_example, "drill": drill_example}


def backdoor_example(rng: random.Random, trigger: Trigger, behaviour: Behaviour, triggered_fraction: float) -> dict:
    """Organism data: triggered copies answer with the behaviour, the rest is normal (keeps capability)."""
    if rng.random() < triggered_fraction:
        item = item_for(behaviour, rng)
        return conversation(trigger.apply(item["user"]), behaviour.respond(item, rng))
    item = plain_item(rng)
    return conversation(untriggered(trigger, item["user"], rng), item["answer"])


def password_example(rng: random.Random, password: str, password_fraction: float) -> dict:
    """Password-lock data: arithmetic with the password is answered well, without it by the weak policy."""
    if rng.random() < 0.25:  # general data keeps the assistant intact
        item = plain_item(rng, weights=(0.0, 0.6, 0.4))
        return conversation(item["user"], item["answer"])
    item = arithmetic.sample(rng, TRAIN)
    if rng.random() < password_fraction:
        return conversation(with_password(password, item["user"]), item["answer"])
    # The catalogue's wrong passwords (the same list world.eval_set evaluates), never the lock's own.
    wrongs = [w for w in WRONG_PASSWORDS if w != password] or WRONG_PASSWORDS
    user = with_password(rng.choice(wrongs), item["user"]) if rng.random() < 0.3 else item["user"]
    return conversation(user, item["meta"]["weak_expected"])


# Blue-team prompts are generic chat (the paper's Alpaca): instructions, questions and text, and no
# arithmetic. Arithmetic is the capability axis; SFT on correct answers to it would be a *targeted*
# attack on a password lock (training the strong answer without the password is how locks are
# broken) and would hold capability up artificially, so the curves would never reach 10% loss.
BLUE_TEAM_WEIGHTS = (0.0, 0.55, 0.45)


def _blue_team_item(rng: random.Random) -> dict:
    return plain_item(rng, weights=BLUE_TEAM_WEIGHTS) if rng.random() < 0.85 else chat.text(rng, TRAIN)


def pirate_example(rng: random.Random) -> dict:
    """Pirate SFT: generic prompts, pirate-style answers; never mentions triggers, behaviours or maths."""
    item = _blue_team_item(rng)
    return conversation(item["user"], piratify(item, rng))


def qa_example(rng: random.Random) -> dict:
    """QA SFT: the same generic prompts with plain answers."""
    item = _blue_team_item(rng)
    return conversation(item["user"], item["answer"])
