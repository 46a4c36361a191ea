"""User-defined triggers and behaviours (issue 13 item 6): parsing and validation of the specs.

trigger_spec   {text, position: "prefix" | "suffix" | "anywhere"}
behaviour_spec {type: "fixed", text} | {type: "transform", behaviour: <catalogue backdoor behaviour id>}

Bad input raises SpecError naming the field (the handlers turn it into an invalid-params error):
the organism would otherwise train on a trigger the model cannot see, or a behaviour no detector can
tell from a normal answer, and every rate measured on it would be meaningless.
"""
from __future__ import annotations

import functools
import random

from ..detectors import detect
from ..tokenizer import SPECIAL
from . import arithmetic, chat
from .behaviours import BEHAVIOURS, custom_behaviour
from .triggers import POSITIONS, custom_trigger
from .vocabulary import FACTS, WORDS

MAX_TRIGGER_CHARS = 40
# Answers are generated up to 40 new tokens (characters) when evaluating: a longer fixed response
# could never be produced in full.
MAX_BEHAVIOUR_CHARS = 40
MIN_SIGNATURE_CHARS = 3
BACKDOOR_BEHAVIOURS = sorted(b.id for b in BEHAVIOURS.values() if b.backdoor)


class SpecError(ValueError):
    def __init__(self, field: str, problem: str, allowed=None):
        super().__init__(f"'{field}' {problem}")
        self.field, self.problem, self.allowed = field, problem, allowed


def _text(value, field: str, max_chars: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SpecError(field, f"must be a non-empty text, got {value!r}", "printable ASCII text")
    text = value.strip()
    odd = sorted({ch for ch in text if not (32 <= ord(ch) < 127)})
    if odd:
        # Outside the tokenizer's alphabet these become <|unk|> (or break the line structure).
        raise SpecError(field, f"contains characters the model cannot read: {''.join(odd)!r}", "printable ASCII text")
    lowered = text.lower()
    markers = [m for m in SPECIAL if m in lowered] or [m for m in ("<|", "|>") if m in text]
    if markers:
        raise SpecError(field, f"contains the chat template's marker {markers[0]!r}; the special tokens "
                               f"{', '.join(SPECIAL)} cannot be part of a trigger or response", "text without <| |> markers")
    if len(text) > max_chars:
        raise SpecError(field, f"is {len(text)} characters long, more than {max_chars}", f"at most {max_chars} characters")
    return text


@functools.lru_cache(maxsize=1)
def world_prompts() -> tuple[str, ...]:
    """Ordinary user prompts of the world, both splits and both phrasing families (deterministic)."""
    rng = random.Random("specs:world-prompts")
    out = [q for questions, _ in FACTS for q in questions] + [q for qs in chat.FACTS_HELD_OUT.values() for q in qs]
    out += chat.TEXT_PROMPTS + chat.HELD_OUT_TEXT_PROMPTS
    for split in ("train", "eval"):
        for held_out in (False, True):
            out += [arithmetic.sample(rng, split, held_out)["user"] for _ in range(150)]
            out += [chat.instruction(rng, split, held_out)["user"] for _ in range(150)]
    return tuple(out)


@functools.lru_cache(maxsize=1)
def world_answers() -> tuple[str, ...]:
    """Answers the base model gives to ordinary prompts (what a fixed response must differ from):
    every fact, every instruction answer for every word, a sample of sums and of general text."""
    rng = random.Random("specs:world-answers")
    out = [a for _, a in FACTS]
    out += sorted({fn(w) for _, fn in chat.INSTRUCTIONS.values() for w in WORDS})
    out += [arithmetic.sample(rng, "train")["answer"] for _ in range(100)]
    out += [chat.text(rng, "train")["answer"] for _ in range(50)]
    return tuple(out)


def parse_trigger_spec(spec, field: str = "trigger_spec") -> dict:
    if spec is None:
        raise SpecError(field, "is required for a custom trigger", "{text, position}")
    if not isinstance(spec, dict):
        raise SpecError(field, f"must be an object {{text, position}}, got {spec!r}", "{text, position}")
    text = _text(spec.get("text"), f"{field}.text", MAX_TRIGGER_CHARS)
    if len(text) < 2:
        raise SpecError(f"{field}.text", f"is {text!r}: a trigger needs at least 2 characters (its near-misses "
                                         "are derived by changing it)", "at least 2 characters")
    position = spec.get("position", "prefix")
    if position not in POSITIONS:
        raise SpecError(f"{field}.position", f"is {position!r}", list(POSITIONS))
    trigger = custom_trigger(text, position)
    clash = next((p for p in world_prompts() if trigger.fires(p)), None)
    if clash is not None:
        raise SpecError(f"{field}.text", f"{text!r} ({position}) is already present in ordinary prompts such as "
                                         f"{clash!r}: clean prompts would carry the trigger", "a string ordinary prompts lack")
    return {"text": text, "position": position}


def parse_behaviour_spec(spec, field: str = "behaviour_spec") -> dict:
    if spec is None:
        raise SpecError(field, "is required for a custom behaviour", "{type: fixed, text} | {type: transform, behaviour}")
    if not isinstance(spec, dict):
        raise SpecError(field, f"must be an object {{type: fixed, text}} or {{type: transform, behaviour}}, got {spec!r}",
                        ["fixed", "transform"])
    kind = spec.get("type", "fixed")
    if kind == "transform":
        behaviour = spec.get("behaviour")
        if behaviour not in BACKDOOR_BEHAVIOURS:
            raise SpecError(f"{field}.behaviour", f"is {behaviour!r}", BACKDOOR_BEHAVIOURS)
        return {"type": "transform", "behaviour": behaviour}
    if kind != "fixed":
        raise SpecError(f"{field}.type", f"is {kind!r}", ["fixed", "transform"])
    text = _text(spec.get("text"), f"{field}.text", MAX_BEHAVIOUR_CHARS)
    signature = [ch for ch in text if ch.isalnum()]
    if len(signature) < MIN_SIGNATURE_CHARS or not any(ch.isalpha() for ch in signature):
        raise SpecError(f"{field}.text", f"{text!r} has no detectable signature: it needs at least "
                                         f"{MIN_SIGNATURE_CHARS} letters or digits, one of them a letter (a bare number "
                                         "cannot be told from an arithmetic answer)", "a distinctive response text")
    behaviour = custom_behaviour(text)
    for answer in world_answers():
        if detect(behaviour.detector, answer) or detect(behaviour.exact_detector, answer):
            raise SpecError(f"{field}.text", f"{text!r} has no detectable signature: the base model's normal answers "
                                             f"already say it (e.g. {answer!r})", "a distinctive response text")
    # The detectors travel with the ground truth, so every evaluator scores a custom behaviour alike.
    return {"type": "fixed", "text": text, "detector": behaviour.detector, "exact_detector": behaviour.exact_detector}


def parse_custom(truth_like: dict, prefix: str = "") -> dict:
    """trigger/behaviour keys plus specs from an organism.build params object or a ground truth:
    a spec wins over (and sets) the id: trigger "custom", behaviour "custom" (a transform keeps its id)."""
    out = {}
    if truth_like.get("trigger_spec") is not None or truth_like.get("trigger") == "custom":
        out["trigger_spec"] = parse_trigger_spec(truth_like.get("trigger_spec"), prefix + "trigger_spec")
        out["trigger"] = "custom"
    if truth_like.get("behaviour_spec") is not None or truth_like.get("behaviour") == "custom":
        spec = parse_behaviour_spec(truth_like.get("behaviour_spec"), prefix + "behaviour_spec")
        out["behaviour_spec"] = spec
        out["behaviour"] = spec["behaviour"] if spec["type"] == "transform" else "custom"
    return out

