"""Pretrain the embedded base model in one reproducible command and write it to assets/models/base/.

    cd python-bridge && /usr/bin/python3 scripts/pretrain_base.py
    /usr/bin/python3 scripts/model_card.py --n 300 --seed 0      # then measure it (MODEL_CARD.md)

The recipe (RECIPE below) is the only source of the shipped weights: one AdamW run with one warmup +
cosine schedule over a curriculum of the embedded world's data (data/mixes.py: `base`, then `drill`).
Same seed and recipe -> the same loss trace on the same machine. About 35 minutes on 2 CPU cores.
Progress checkpoints go to --checkpoint_dir (not to the assets), so an interrupted run never leaves a
half-trained model where the app looks for its base.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from organism_bridge.data.mixes import curriculum  # noqa: E402
from organism_bridge.environment import blas_backend  # noqa: E402
from organism_bridge.model import GPT, GPTConfig  # noqa: E402
from organism_bridge.modeldir import BASE_MODEL_DIR, save_model_dir  # noqa: E402
from organism_bridge.tokenizer import CharTokenizer  # noqa: E402
from organism_bridge.trainer import Method, TrainConfig, prepare, train  # noqa: E402

RECIPE = dict(n_layer=4, n_head=4, n_embd=128, block_size=192, steps=10_000, batch_size=32, lr=3e-3,
              min_lr_ratio=0.03, weight_decay=0.1, warmup_steps=200, seed=1234, prompt_weight=0.2,
              base_share=0.15, checkpoint_every=1000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for k, v in RECIPE.items():
        ap.add_argument(f"--{k}", type=type(v), default=v, help=f"default {v}")
    ap.add_argument("--out", default=str(BASE_MODEL_DIR), help="where the finished model is written")
    ap.add_argument("--checkpoint_dir", default=None, help="intermediate models (default: a temp dir)")
    a = ap.parse_args()
    checkpoints = Path(a.checkpoint_dir or tempfile.mkdtemp(prefix="pretrain-"))
    tok = CharTokenizer()
    model = GPT(GPTConfig(vocab_size=tok.vocab_size, block_size=a.block_size, n_layer=a.n_layer,
                          n_head=a.n_head, n_embd=a.n_embd))
    cfg = TrainConfig(steps=a.steps, batch_size=a.batch_size, lr=a.lr, weight_decay=a.weight_decay,
                      warmup_steps=a.warmup_steps, seed=a.seed, prompt_weight=a.prompt_weight,
                      min_lr_ratio=a.min_lr_ratio)
    recipe = {k: getattr(a, k) for k in RECIPE}
    changed = {k: v for k, v in recipe.items() if v != RECIPE[k]}
    t0 = time.time()
    last_loss = [float("nan")]

    def on_step(step, loss, lr, tps, eta):
        last_loss[0] = loss
        if step % 100 == 0 or step == cfg.steps:
            print(f"step {step}/{cfg.steps} loss {loss:.4f} lr {lr:.2e} tok/s {tps:.0f} "
                  f"elapsed {time.time() - t0:.0f}s eta {eta:.0f}s", flush=True)

    def save(out: Path, step: int) -> None:
        save_model_dir(out, model, tok, kind="base", ground_truth={}, parent=None, seed=a.seed, extra={"training": {
            "script": "python-bridge/scripts/pretrain_base.py", "recipe": recipe, "changed_from_default": changed,
            "steps_done": step, "final_loss": last_loss[0], "wall_s": round(time.time() - t0, 1),
            "machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(), "blas": blas_backend(), "torch": torch.__version__,
                        "python": platform.python_version()},
            "data": "data/mixes.py: curriculum(base for base_share of examples, then drill)"}})

    def on_eval(step):  # intermediate models: a stopped run still leaves something to inspect
        if step and step < cfg.steps and step % a.checkpoint_every == 0:
            save(checkpoints / f"step{step}", step)

    print(f"params {model.num_params()}  recipe {recipe}  checkpoints -> {checkpoints}", flush=True)
    example_fn = curriculum(a.steps * a.batch_size, a.base_share)
    train(model, tok, example_fn, cfg, prepare(model, Method(), a.seed), on_step=on_step, on_eval=on_eval,
          eval_every=a.checkpoint_every)
    save(Path(a.out), cfg.steps)
    print(f"done in {time.time() - t0:.0f}s -> {a.out}", flush=True)


if __name__ == "__main__":
    main()
