"""Blue-team (untargeted) training: pirate SFT, QA SFT or a user's JSONL chat dataset.

A full merged model directory is written at step 0 and every eval_every steps (atomically), so a
cancelled or killed run keeps its last complete checkpoint. With `export_onnx`, each checkpoint's ONNX
export is written into `<checkpoint>/onnx/` before the checkpoint is announced: the bridge runs one long
request at a time, so a client that evaluates checkpoints while training streams cannot ask for
`export.onnx` until `train.run` returns.

An export costs about as much as three training steps of the embedded model, while saving the weights is
cheap. With `export_every` k > 1 only every k-th checkpoint (and the last) is exported when saved; the client,
which evaluates coarsely until capability nears its anchor, asks for the others it needs through
`train.control` (run_control.py), and the run exports them between steps and announces them again, now with
`onnx_dir`. `train.control` can also stop the run early, as a success (see RunControl).
"""
from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass
from pathlib import Path

from .data.jsonl import load_jsonl
from .data.mixes import pirate_example, qa_example
from .export import export_onnx
from .lora import merge_lora
from .modeldir import load_model_dir, resolve_base, save_model_dir
from .protocol import Cancelled
from .run_control import RunControl
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
    export_every: int = 1  # with export_onnx: export every k-th checkpoint when saved (others on request)


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


def run(spec: BlueTeamSpec, job=None, control: RunControl | None = None) -> dict:
    control = control or RunControl()
    model, tok, parent = load_model_dir(spec.model_dir)
    fn = example_fn(spec, parent.get("system_prompt"))  # fails early (line-numbered) on a bad dataset
    checkpoints, losses = [], []
    config = {"dataset": spec.dataset, "dataset_path": spec.dataset_path, "method": spec.method.to_dict(),
              "system_prompt_in_context": parent.get("system_prompt"),
              "steps": spec.train.steps, "batch_size": spec.train.batch_size, "lr": spec.train.lr,
              "weight_decay": spec.train.weight_decay, "eval_every": spec.eval_every, "seed": spec.train.seed}
    by_step: dict[int, dict] = {}
    unexported: set[int] = set()  # saved without an ONNX export (export_every > 1)

    def announce(entry: dict) -> None:
        if job:
            job.checkpoint(entry["step"], entry["model_dir"], entry.get("onnx_dir"))

    def export(entry: dict, snapshot) -> None:
        onnx_dir = str(Path(entry["model_dir"]) / ONNX_SUBDIR)
        export_onnx(snapshot, tok, onnx_dir, source=entry["model_dir"])
        entry["onnx_dir"] = onnx_dir
        unexported.discard(entry["step"])

    def save(step: int) -> None:
        snapshot = merge_lora(copy.deepcopy(model)) if spec.method.type == "lora" else model
        path = checkpoint_dir(spec.out_dir, step)
        save_model_dir(path, snapshot, tok, kind="blue_team_checkpoint", ground_truth=parent.get("ground_truth"),
                       parent=str(resolve_base(spec.model_dir)), seed=spec.train.seed,
                       system_prompt=parent.get("system_prompt"),
                       extra={"step": step, "blue_team": config, "loss": losses[-1]["loss"] if losses else None})
        entry = {"step": step, "model_dir": path}
        if spec.export_onnx:
            last = step == spec.train.steps or step == control.stop_after
            if last or (step // spec.eval_every) % spec.export_every == 0 or control.wants_export(step):
                # Exported before the checkpoint is listed or announced: a listed checkpoint is always complete.
                export(entry, snapshot)
            else:
                unexported.add(step)
        checkpoints.append(entry)
        by_step[step] = entry
        announce(entry)

    def serve_exports(close_if_none: bool = False) -> bool:
        """Exports the client asked for since the last step; False when there were none."""
        steps = control.take_exports(unexported, close_if_none)  # without export_onnx nothing is unexported
        for step in steps:
            entry = by_step[step]
            snapshot, _, _ = load_model_dir(entry["model_dir"])  # the saved weights are the checkpoint exactly
            export(entry, snapshot)
            announce(entry)
        return bool(steps)

    def on_step(step, loss, lr, tps, eta):
        losses.append({"step": step, "loss": loss})
        if job:
            job.progress("train", step, spec.train.steps, loss, lr, tps, eta)
            if job.cancelled:
                raise Cancelled({"checkpoints": checkpoints, "losses": losses})
        serve_exports()

    params = prepare(model, spec.method, spec.train.seed)
    try:
        train(model, tok, fn, spec.train, params, on_step=on_step, on_eval=save, eval_every=spec.eval_every,
              stop_after=lambda: control.stop_after)
        finish(model, spec.method)
        while serve_exports(close_if_none=True):
            pass  # requests that arrived meanwhile; the last empty round closes the run to requests
    finally:
        control.close()  # also when cancelled or failed: nothing will serve a request any more
    stop = control.stop_after
    if stop is not None and stop < spec.train.steps:
        # Training may have run ahead of the client's evaluation: what lies past the stop is not part of the run.
        for entry in [c for c in checkpoints if c["step"] > stop]:
            shutil.rmtree(entry["model_dir"], ignore_errors=True)
        checkpoints = [c for c in checkpoints if c["step"] <= stop]
        losses = [x for x in losses if x["step"] <= stop]
    return {"checkpoints": checkpoints, "losses": losses,
            "stopped_at": stop if stop is not None and stop < spec.train.steps else None}
