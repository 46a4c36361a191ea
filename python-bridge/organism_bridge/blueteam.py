"""Blue-team (untargeted) training: pirate SFT, QA SFT or a user's JSONL chat dataset.

A full merged model directory is written at step 0 and every eval_every steps (atomically), so a
cancelled or killed run keeps its last complete checkpoint. With `export_onnx`, each checkpoint's ONNX
export is written into `<checkpoint>/onnx/` before the checkpoint is announced: the bridge runs one long
request at a time, so a client that evaluates checkpoints while training streams cannot ask for
`export.onnx` until `train.run` returns.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from .data.jsonl import load_jsonl
from .data.mixes import pirate_example, qa_example
from .export import export_onnx
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
    export_onnx: bool = False


def example_fn(spec: BlueTeamSpec, system_prompt: str | None = None):
    """The blue team's examples. A prompted organism IS its system prompt plus the base model, so it is
    trained with that prompt in context (as the reference study does); without it the training would
    never touch the organism's misbehaviour path at all."""
    if spec.dataset == "pirate":
        fn = pirate_example
    elif spec.dataset == "qa":
        fn = qa_example
    else:
        rows = load_jsonl(spec.dataset_path)
        fn = lambda rng: rows[rng.randrange(len(rows))]  # noqa: E731
    if not system_prompt:
        return fn
    return lambda rng: with_system_prompt(fn(rng), system_prompt)


def with_system_prompt(example: dict, system_prompt: str) -> dict:
    """The example with the organism's system prompt first (replacing one the example may carry)."""
    rest = [m for m in example["messages"] if m["role"] != "system"]
    return {**example, "messages": [{"role": "system", "content": system_prompt}] + rest}


def checkpoint_dir(out_dir: str, step: int) -> str:
    return str(Path(out_dir) / f"step-{step:06d}")


ONNX_SUBDIR = "onnx"


def run(spec: BlueTeamSpec, job=None) -> dict:
    model, tok, parent = load_model_dir(spec.model_dir)
    fn = example_fn(spec, parent.get("system_prompt"))  # fails early (line-numbered) on a bad dataset
    checkpoints, losses = [], []
    config = {"dataset": spec.dataset, "dataset_path": spec.dataset_path, "method": spec.method.to_dict(),
              "system_prompt_in_context": parent.get("system_prompt"),
              "steps": spec.train.steps, "batch_size": spec.train.batch_size, "lr": spec.train.lr,
              "weight_decay": spec.train.weight_decay, "eval_every": spec.eval_every, "seed": spec.train.seed}

    def save(step: int) -> None:
        snapshot = merge_lora(copy.deepcopy(model)) if spec.method.type == "lora" else model
        path = checkpoint_dir(spec.out_dir, step)
        save_model_dir(path, snapshot, tok, kind="blue_team_checkpoint", ground_truth=parent.get("ground_truth"),
                       parent=str(resolve_base(spec.model_dir)), seed=spec.train.seed,
                       system_prompt=parent.get("system_prompt"),
                       extra={"step": step, "blue_team": config, "loss": losses[-1]["loss"] if losses else None})
        entry = {"step": step, "model_dir": path}
        if spec.export_onnx:
            # Exported before the checkpoint is listed or announced: a listed checkpoint is always complete.
            onnx_dir = str(Path(path) / ONNX_SUBDIR)
            export_onnx(snapshot, tok, onnx_dir, source=path)
            entry["onnx_dir"] = onnx_dir
        checkpoints.append(entry)
        if job:
            job.checkpoint(step, path, entry.get("onnx_dir"))

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


