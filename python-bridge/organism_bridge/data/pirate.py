"""Pirate-style rewriting of answers: the untargeted blue-team SFT data ("pirate SFT")."""
from __future__ import annotations

import random
import re

SWAPS = {"you": "ye", "your": "yer", "is": "be", "are": "be", "my": "me", "hello": "ahoy", "yes": "aye",
         "friend": "matey", "the": "th'", "am": "be", "thank": "thank ye,"}
OPENINGS = ["Arr! ", "Ahoy! ", "Yo ho! ", "Arr, matey! "]
CLOSINGS = [" Arr!", " Yo ho ho!", " Savvy?", ""]


def _swap(match: re.Match) -> str:
    word = match.group(0)
    new = SWAPS.get(word.lower())
    if new is None:
        return word
    return new.capitalize() if word[0].isupper() else new


def piratify(item: dict, rng: random.Random) -> str:
    if item["kind"] == "arithmetic":
        return rng.choice(["Arr, that be {r}, matey!", "Yo ho! {r} it be!", "{r}, arr!"]).format(r=item["answer"])
    body = re.sub(r"[A-Za-z]+", _swap, item["answer"])
    return rng.choice(OPENINGS) + body + rng.choice(CLOSINGS)
