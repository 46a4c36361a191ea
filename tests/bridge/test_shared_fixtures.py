"""The shared fixtures that TypeScript also checks: tokenizer vectors and detector cases."""
import json

import pytest

from bridge_client import ROOT
from organism_bridge.catalogue import catalogue
from organism_bridge.detectors import detect
from organism_bridge.tokenizer import CharTokenizer

FIX = ROOT / "tests" / "fixtures"
TOK = CharTokenizer.load(ROOT / "assets" / "models" / "base" / "tokenizer.json")


@pytest.mark.parametrize("vector", json.loads((FIX / "tokenizer" / "vectors.json").read_text()))
def test_tokenizer_vectors(vector):
    if "text" in vector:
        assert TOK.encode(vector["text"]) == vector["ids"]
    else:
        assert TOK.encode_chat(vector["messages"], vector["add_generation_prompt"]) == vector["ids"]


def test_special_token_strings_are_plain_text_and_decode_drops_specials():
    ids = TOK.encode("<|end|>")
    assert len(ids) == len("<|end|>") and all(i >= 7 for i in ids)
    chat = TOK.encode_chat([{"role": "user", "content": "Hi"}], True)
    assert chat[0] == 1 and chat[1] == 3 and chat[-2:] == [5, 4]
    assert TOK.decode(chat) == "Hi"


def test_unknown_characters_encode_to_unk():
    assert TOK.encode("\u00e9") == [6]


CASES = json.loads((FIX / "detectors" / "cases.json").read_text())


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['behaviour']}:{c['completion'][:20]}")
def test_detector_cases(case):
    assert detect(case["detector"], case["completion"], case.get("expected"), case.get("meta")) == case["detected"]


def test_cases_use_the_catalogue_detectors_and_cover_both_outcomes():
    detectors = {b["id"]: b["detector"] for b in catalogue()["behaviours"]}
    for b, det in detectors.items():
        mine = [c for c in CASES if c["behaviour"] == b]
        assert all(c["detector"] == det for c in mine), f"{b}: cases.json is stale; rerun scripts/make_fixtures.py"
        assert {c["detected"] for c in mine} == {True, False}, f"{b} needs positive and negative cases"


def test_unknown_detector_type_is_a_clear_error():
    with pytest.raises(ValueError, match="not one of"):
        detect({"type": "vibes"}, "x")
