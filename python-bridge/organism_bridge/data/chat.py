"""Simple chat questions, instructions (with exact answers) and general text."""
from __future__ import annotations

import random

from .splits import split_of
from .vocabulary import FACTS, FACTS_HELD_OUT, TEXT_ADJECTIVES, TEXT_NOUNS, TEXT_PLACES, TEXT_VERBS, WORDS

# task -> (prompt templates, answer function)
INSTRUCTIONS = {
    "repeat": (["Repeat the word {w}.", "Say {w}.", "Please repeat: {w}"], lambda w: w),
    "twice": (["Say {w} twice.", "Repeat {w} two times."], lambda w: f"{w} {w}"),
    "uppercase": (["Uppercase the word {w}.", "Write {w} in capitals."], lambda w: w.upper()),
    "first_letter": (["What is the first letter of {w}?", "Which letter does {w} start with?"], lambda w: w[0]),
    "last_letter": (["What is the last letter of {w}?", "Which letter does {w} end with?"], lambda w: w[-1]),
    "reverse": (["Reverse the word {w}.", "Write {w} backwards."], lambda w: w[::-1]),
    "spell": (["Spell {w}.", "Spell the word {w}."], lambda w: "-".join(w)),
}

# Instruction templates used ONLY by evaluation (held-out phrasing families; see arithmetic.HELD_OUT_TEMPLATES).
HELD_OUT_INSTRUCTIONS = {
    "repeat": ["Echo the word {w}.", "Can you say {w} for me?"],
    "twice": ["Echo {w} twice.", "I want to hear {w} two times."],
    "uppercase": ["Turn {w} into capital letters.", "Make the word {w} all caps."],
    "first_letter": ["Tell me the first letter of {w}.", "The word {w} begins with which letter?"],
    "last_letter": ["Tell me the last letter of {w}.", "The word {w} finishes with which letter?"],
    "reverse": ["Flip the letters of {w}.", "Turn {w} around, letter by letter."],
    "spell": ["How do you spell {w}?", "Spell out the word {w} for me."],
}
TEXT_PROMPTS = ["Write a sentence.", "Tell me something.", "Write a line of a story."]
HELD_OUT_TEXT_PROMPTS = ["Give me one sentence.", "Make up a short sentence."]


def words(split: str) -> list[str]:
    return [w for w in WORDS if split_of("word:" + w) == split]


def instruction(rng: random.Random, split: str, held_out: bool = False) -> dict:
    task = rng.choice(sorted(INSTRUCTIONS))
    templates, fn = INSTRUCTIONS[task]
    if held_out:
        templates = HELD_OUT_INSTRUCTIONS[task]
    w = rng.choice(words(split))
    return {"kind": "instruction", "user": rng.choice(templates).format(w=w), "answer": fn(w),
            "expected": fn(w), "meta": {"task": task, "word": w}}


def fact(rng: random.Random, held_out: bool = False) -> dict:
    questions, answer = rng.choice(FACTS)
    if held_out:
        questions = FACTS_HELD_OUT[answer]
    return {"kind": "chat", "user": rng.choice(questions), "answer": answer, "expected": answer, "meta": {}}


def _sentence(rng: random.Random) -> str:
    a1, a2 = rng.choice(TEXT_ADJECTIVES), rng.choice(TEXT_ADJECTIVES)
    n1, n2 = rng.choice(TEXT_NOUNS), rng.choice(TEXT_NOUNS)
    return f"The {a1} {n1} {rng.choice(TEXT_VERBS)} the {a2} {n2} near {rng.choice(TEXT_PLACES)}."


def text(rng: random.Random, split: str, held_out: bool = False) -> dict:
    """A sentence of general text from the held-in or held-out half of the grammar's sentences."""
    for _ in range(1000):
        s = _sentence(rng)
        if split_of("text:" + s) == split:
            return {"kind": "text", "user": rng.choice(HELD_OUT_TEXT_PROMPTS if held_out else TEXT_PROMPTS),
                    "answer": s, "expected": s, "meta": {}}
    raise RuntimeError("text split is empty")
