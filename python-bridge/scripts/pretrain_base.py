"""Pretrain the embedded base model reproducibly and write it to assets/models/base/.

    cd python-bridge && /usr/bin/python3 scripts/pretrain_base.py [--steps N] [--out DIR]

Then `scripts/model_card.py` measures it and writes MODEL_CARD.md.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from organism_bridge.data.mixes import PRETRAIN_MIXES  # noqa: E402
from organism_bridge.model import GPT, GPTConfig  # noqa: E402
from organism_bridge.modeldir import load_model_dir  # noqa: E402
from organism_bridge.modeldir import BASE_MODEL_DIR, save_model_dir  # noqa: E402
from organism_bridge.tokenizer import CharTokenizer  # noqa: E402
from organism_bridge.trainer import Method, TrainConfig, prepare, train  # noqa: E402

DEFAULTS = dict(n_layer=4, n_head=4, n_embd=128, block_size=192, steps=3000, batch_size=48, lr=2e-3,
                weight_decay=0.1, warmup_steps=100, seed=1234, prompt_weight=0.2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    for k, v in DEFAULTS.items():
        ap.add_argument(f"--{k}", type=type(v), default=v)
    ap.add_argument("--out", default=str(BASE_MODEL_DIR))
    ap.add_argument("--mix", default="base", choices=sorted(PRETRAIN_MIXES))
    ap.add_argument("--init", default=None, help="continue from this model directory (a later phase)")
    a = ap.parse_args()
    tok = CharTokenizer()
    history = []
    if a.init:
        model, _, init_manifest = load_model_dir(a.init)
        history = init_manifest.get("training_phases", []) + [init_manifest.get("training")]
    else:
        model = GPT(GPTConfig(vocab_size=tok.vocab_size, block_size=a.block_size, n_layer=a.n_layer,
                              n_head=a.n_head, n_embd=a.n_embd))
    cfg = TrainConfig(steps=a.steps, batch_size=a.batch_size, lr=a.lr, weight_decay=a.weight_decay,
                      warmup_steps=a.warmup_steps, seed=a.seed, prompt_weight=a.prompt_weight)
    t0 = time.time()

    def on_step(step, loss, lr, tps, eta):
        if step % 50 == 0 or step == cfg.steps:
            print(f"step {step}/{cfg.steps} loss {loss:.4f} lr {lr:.2e} tok/s {tps:.0f} eta {eta:.0f}s", flush=True)

    def on_eval(step):  # intermediate saves: a long run that is stopped still leaves a usable model
        if step and step % 500 == 0:
            save(step)

    def save(step):
        save_model_dir(a.out, model, tok, kind="base", ground_truth={}, parent=None, seed=a.seed,
                       extra={"training": {**vars(a), "out": None, "steps_done": step,
                                           "wall_s": round(time.time() - t0, 1),
                                           "data_mix": f"data/mixes.py:PRETRAIN_MIXES[{a.mix!r}]"},
                              "training_phases": history})

    print(f"params {model.num_params()}", flush=True)
    train(model, tok, PRETRAIN_MIXES[a.mix], cfg, prepare(model, Method()), on_step=on_step, on_eval=on_eval, eval_every=500)
    save(cfg.steps)
    print(f"done in {time.time() - t0:.0f}s -> {a.out}", flush=True)


if __name__ == "__main__":
    main()
