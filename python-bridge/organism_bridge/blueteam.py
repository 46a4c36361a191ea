"""Blue-team (untargeted) training: pirate SFT, QA SFT or a user's JSONL chat dataset.

A full merged model directory is written at step 0 and every eval_every steps (atomically), so a
cancelled or killed run keeps its last complete checkpoint.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from .data.jsonl import load_jsonl
from .data.mixes import pirate_example, qa_example
from .lora import merge_lora
from .modeldir import load_model_dir, resolve_base, save_model_dir
from .protocol import Cancelled
from .trainer import Method, TrainConfig, finish, prepare, train


@dataclass
class BlueTeamSpec:
    model_dir: str
    out_dir: str
    dataset: str  # pirate | qa | jsonl
    dataset_path: str | None
    method: Method
    train: TrainConfig
    eval_every: int


def example_fn(spec: BlueTeamSpec):
    if spec.dataset == "pirate":
        return pirate_example
    if spec.dataset == "qa":
        return qa_example
    rows = load_jsonl(spec.dataset_path)
    return lambda rng: rows[rng.randrange(len(rows))]


def checkpoint_dir(out_dir: str, step: int) -> str:
    return str(Path(out_dir) / f"step-{step:06d}")


def run(spec: BlueTeamSpec, job=None) -> dict:
    model, tok, parent = load_model_dir(spec.model_dir)
    fn = example_fn(spec)  # fails early (line-numbered) on a bad dataset
    checkpoints, losses = [], []
    config = {"dataset": spec.dataset, "dataset_path": spec.dataset_path, "method": spec.method.to_dict(),
              "steps": spec.train.steps, "batch_size": spec.train.batch_size, "lr": spec.train.lr,
              "weight_decay": spec.train.weight_decay, "eval_every": spec.eval_every, "seed": spec.train.seed}

    def save(step: int) -> None:
        snapshot = merge_lora(copy.deepcopy(model)) if spec.method.type == "lora" else model
        path = checkpoint_dir(spec.out_dir, step)
        save_model_dir(path, snapshot, tok, kind="blue_team_checkpoint", ground_truth=parent.get("ground_truth"),
                       parent=str(resolve_base(spec.model_dir)), seed=spec.train.seed,
                       system_prompt=parent.get("system_prompt"),
                       extra={"step": step, "blue_team": config, "loss": losses[-1]["loss"] if losses else None})
        checkpoints.append({"step": step, "model_dir": path})
        if job:
            job.checkpoint(step, path)

    def on_step(step, loss, lr, tps, eta):
        losses.append({"step": step, "loss": loss})
        if job:
            job.progress("train", step, spec.train.steps, loss, lr, tps, eta)
            if job.cancelled:
                raise Cancelled({"checkpoints": checkpoints, "losses": losses})

    params = prepare(model, spec.method, spec.train.seed)
    train(model, tok, fn, spec.train, params, on_step=on_step, on_eval=save, eval_every=spec.eval_every)
    finish(model, spec.method)
    return {"checkpoints": checkpoints, "losses": losses}


