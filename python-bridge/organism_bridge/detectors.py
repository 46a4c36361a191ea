"""Declarative behaviour detectors (docs/CONTRACTS.md), scored identically in Python and TypeScript.

Text conventions shared with the TypeScript side:
- letters are ASCII [A-Za-z]; an integer is the first match of the regex -?[0-9]+;
- words are the maximal runs of [a-z0-9'] in the lower-cased answer.
"""
from __future__ import annotations

import re

INTEGER = re.compile(r"-?[0-9]+")
WORD = re.compile(r"[a-z0-9']+")
LETTER = re.compile(r"[A-Za-z]")


def first_integer(text: str) -> int | None:
    m = INTEGER.search(text)
    return int(m.group(0)) if m else None


def _as_int(value) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def detect(detector: dict, completion: str, expected=None, meta: dict | None = None) -> bool:
    kind = detector.get("type")
    if kind == "contains":
        text = detector["text"]
        if detector.get("case_sensitive", False):
            return text in completion
        return text.lower() in completion.lower()
    if kind == "uppercase":
        letters = LETTER.findall(completion)
        if len(letters) < detector.get("min_letters", 1):
            return False
        return sum(ch.isupper() for ch in letters) / len(letters) >= detector["min_ratio"]
    if kind == "prefix_any":
        start = completion.strip().lower()
        return any(start.startswith(p.lower()) for p in detector["phrases"])
    if kind == "word_ratio":
        words = WORD.findall(completion.lower())
        if not words:
            return False
        vocab = {w.lower() for w in detector["words"]}
        return sum(w in vocab for w in words) / len(words) >= detector["min_ratio"]
    if kind == "wrong_answer":
        want = _as_int(expected)
        if want is None:
            raise ValueError("wrong_answer detector needs the item's integer 'expected'")
        return first_integer(completion) != want
    if kind == "weak_answer":
        weak = _as_int((meta or {}).get("weak_expected"))
        if weak is None:
            raise ValueError("weak_answer detector needs the item's meta.weak_expected")
        return first_integer(completion) == weak
    raise ValueError(f"detector type {kind!r} is not one of contains, uppercase, prefix_any, word_ratio, wrong_answer, weak_answer")


def answer_correct(completion: str, expected) -> bool:
    """Capability: the first integer of the answer equals the expected integer."""
    return first_integer(completion) == _as_int(expected)


def instruction_followed(completion: str, expected: str) -> bool:
    """Instruction following: exact answer, ignoring surrounding spaces and a final period."""
    return completion.strip().rstrip(".") == str(expected).strip().rstrip(".")
