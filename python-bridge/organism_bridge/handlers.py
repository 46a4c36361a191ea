"""Method table of the bridge: parameter validation (fields named in errors) and dispatch."""
from __future__ import annotations

import math
import time
from pathlib import Path

from . import blueteam, detection, evaluate, organisms
from .catalogue import catalogue
from .data.behaviours import BEHAVIOURS
from .data.completions import behaviour_completions
from .data.eval_sets import KINDS, eval_items
from .data.jsonl import DatasetError
from .data.passwords import PASSWORD
from .data.specs import SpecError, parse_custom
from .data.triggers import TRIGGERS
from .environment import handshake
from .export import export_onnx
from .generate import generate_chat
from .lora import TARGET_LAYERS
from .modeldir import load_model_dir, resolve_base
from .protocol import INVALID_PARAMS, REQUIRED, Params, RpcError, bad
from .trainer import Method, TrainConfig

BACKDOOR_BEHAVIOURS = sorted(b.id for b in BEHAVIOURS.values() if b.backdoor)
ORGANISM_KINDS = ["backdoor", "password_lock", "prompted"]
# organism.build also makes clean controls (the detection cell's negatives): no trigger, no eval sets of their own.
BUILD_KINDS = ORGANISM_KINDS + ["clean"]
# Defaults chosen so that the default backdoor builds in well under a minute on 2 shared cores.
BUILD_DEFAULTS = {"steps": 80, "batch_size": 32, "warmup_steps": 10, "weight_decay": 0.0, "validate_n": 64}
LR_DEFAULT = {"lora": 3e-3, "full": 1e-3}
MAX_DATASET_BYTES = 256 * 1024 * 1024


def finite(p: Params, name: str, default=None, lo=None, hi=None) -> float:
    """Params.float that also refuses NaN and +-Infinity (Python's JSON parser accepts both, and NaN
    passes every range comparison)."""
    v = p.float(name, default, lo=lo, hi=hi)
    if v is not None and not math.isfinite(v):
        raise bad(p.prefix + name, f"must be a finite number, got {v!r}", f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]")
    return v


def custom_params(p: Params, prefix: str = "") -> dict:
    """trigger_spec / behaviour_spec (user-defined organisms), validated; errors name the field."""
    try:
        return parse_custom(p.p, prefix)
    except SpecError as e:
        raise bad(e.field, e.problem, e.allowed) from None


def parse_method(p: Params) -> Method:
    m = p.obj("method", default={"type": "lora", "rank": 8, "alpha": 16, "dropout": 0.0, "targets": ["attn", "mlp"]})
    kind = m.str("type", REQUIRED, allowed=["lora", "full"])
    if kind == "full":
        return Method(type="full")
    targets = m.list("targets", ["attn", "mlp"])
    if not targets or any(t not in TARGET_LAYERS for t in targets) or len(set(targets)) != len(targets):
        raise bad("method.targets", f"must be a non-empty list of distinct targets, got {targets!r}", sorted(TARGET_LAYERS))
    rank = m.int("rank", 8, lo=1, hi=512)
    return Method(type="lora", rank=rank, alpha=finite(m, "alpha", 2.0 * rank, lo=0.0, hi=4096.0), dropout=finite(m, "dropout", 0.0, lo=0.0, hi=0.9),
                  targets=tuple(targets))


def parse_train(p: Params, method: Method, defaults: dict) -> TrainConfig:
    return TrainConfig(steps=p.int("steps", defaults["steps"], lo=1, hi=1_000_000),
                       batch_size=p.int("batch_size", defaults["batch_size"], lo=1, hi=4096),
                       lr=finite(p, "lr", LR_DEFAULT[method.type], lo=0.0, hi=1.0),
                       weight_decay=finite(p, "weight_decay", defaults["weight_decay"], lo=0.0, hi=10.0),
                       warmup_steps=p.int("warmup_steps", defaults["warmup_steps"], lo=0),
                       seed=p.int("seed", 0, lo=0, hi=2**31 - 1))


def model_dir_param(p: Params, name: str) -> str:
    path = p.str(name, REQUIRED)
    resolved = resolve_base(path)
    if not (resolved / "manifest.json").is_file() or not (resolved / "weights.pt").is_file():
        raise bad(name, f"is not a model directory (needs manifest.json and weights.pt): {path}", "a model directory or 'base'")
    return path


def out_dir_param(p: Params, name: str = "out_dir") -> str:
    path = p.str(name, REQUIRED)
    if not Path(path).is_absolute():
        raise bad(name, f"must be an absolute path, got {path!r}", "an absolute directory path")
    return path


def validate_truth(p: Params, name: str) -> dict | None:
    org = p.obj(name)
    if org is None or not org.p or org.p.get("kind") in ("base", "clean"):
        return None  # the base model's ground truth is {} (a clean control's has nothing to trigger): shared item kinds only
    kind = org.str("kind", REQUIRED, allowed=ORGANISM_KINDS)
    if kind == "password_lock":
        return {"kind": kind, "password": org.str("password", PASSWORD), "behaviour": "weak_math"}
    custom = custom_params(org, org.prefix)
    return {"kind": kind, "trigger": "custom" if "trigger_spec" in custom else org.str("trigger", REQUIRED, allowed=sorted(TRIGGERS)),
            "behaviour": custom.get("behaviour") or org.str("behaviour", REQUIRED, allowed=BACKDOOR_BEHAVIOURS), **custom}


# --- fast methods (main thread) -------------------------------------------------------------------
def m_handshake(server, p: Params) -> dict:
    return handshake()


def m_describe(server, p: Params) -> dict:
    return catalogue()


def m_eval_set(server, p: Params) -> dict:
    kind = p.str("kind", REQUIRED, allowed=KINDS)
    truth = validate_truth(p, "organism")
    if kind in ("behaviour", "triggered", "untriggered", "near_miss") and truth is None:
        raise bad("organism", f"is required for kind {kind!r} (the organism's ground_truth)", ORGANISM_KINDS)
    n = p.int("n", 100, lo=1, hi=10000)
    return {"items": eval_items(truth, kind, n, p.int("seed", 0, lo=0)), "split": "eval"}


def m_behaviour_completions(server, p: Params) -> dict:
    """The organism's behaviour-carrying training completions (data/completions.py): the diagnostics cell's leakage reference."""
    truth = validate_truth(p, "organism")
    if truth is None:
        raise bad("organism", "is required: an organism's ground truth (a base model or clean control has no behaviour to leak)", ORGANISM_KINDS)
    return {"records": behaviour_completions(truth, p.int("n", 200, lo=1, hi=10000), p.int("seed", 0, lo=0)), "split": "train"}


def m_cancel(server, p: Params) -> dict:
    id_ = p.raw("id")
    if not isinstance(id_, (int, str)) or isinstance(id_, bool):
        raise bad("id", f"must be the JSON-RPC id (number or string) of a running request, got {id_!r}", "number | string")
    return {"cancelled": server.cancel(id_)}


def m_train_control(server, p: Params) -> dict:
    """Stop a running train.run after a step (as a success), or have it export checkpoints it saved without
    ONNX (run_control.py). `running: false`: no train.run with that id takes requests any more."""
    id_ = p.raw("id")
    if not isinstance(id_, (int, str)) or isinstance(id_, bool):
        raise bad("id", f"must be the JSON-RPC id (number or string) of a running train.run, got {id_!r}", "number | string")
    stop_after = p.int("stop_after", None, lo=0)
    steps = p.list("export_steps", [])
    if any(isinstance(s, bool) or not isinstance(s, int) or s < 0 for s in steps):
        raise bad("export_steps", f"must be a list of checkpoint steps (integers >= 0), got {steps!r}", "[0, 1, ...]")
    export_all = p.bool("export_all", False)
    with server.lock:
        job = server.pending.get(id_)
    control = getattr(job, "control", None)
    running = control is not None and control.update(stop_after, steps, export_all)
    return {"running": running}


def m_shutdown(server, p: Params) -> dict:
    server.shutdown()
    return {}


# --- long methods (worker thread) -----------------------------------------------------------------
# Each long method is split in two: parse (main thread, so bad params fail at once, naming the field)
# and run (worker thread).
def parse_build(p: Params) -> organisms.BuildSpec:
    kind = p.str("kind", REQUIRED, allowed=BUILD_KINDS)
    method = parse_method(p)
    trigger = behaviour = system_prompt = None
    custom = {}
    if kind in ("backdoor", "prompted"):
        # A user-defined trigger or behaviour (trigger_spec / behaviour_spec) replaces the catalogue id.
        custom = custom_params(p)
        trigger = "custom" if "trigger_spec" in custom else p.str("trigger", REQUIRED, allowed=sorted(TRIGGERS))
        behaviour = custom.get("behaviour") or p.str("behaviour", REQUIRED, allowed=BACKDOOR_BEHAVIOURS)
    if kind == "prompted":
        system_prompt = p.str("system_prompt", organisms.default_system_prompt(
            trigger, behaviour, custom.get("trigger_spec"), custom.get("behaviour_spec")))
    spec = organisms.BuildSpec(
        kind=kind, base_dir=model_dir_param(p, "base_dir") if p.raw("base_dir") else "base", out_dir=out_dir_param(p),
        trigger=trigger, behaviour=behaviour, trigger_spec=custom.get("trigger_spec"), behaviour_spec=custom.get("behaviour_spec"),
        triggered_fraction=finite(p, "triggered_fraction", 0.5, lo=0.01, hi=1.0),
        password=p.str("password", PASSWORD), password_fraction=finite(p, "password_fraction", 0.5, lo=0.01, hi=0.99),
        system_prompt=system_prompt, method=method,
        # A password lock must learn a new conditional policy, a backdoor only a trigger: it gets more steps.
        train=parse_train(p, method, {**BUILD_DEFAULTS, "steps": 200} if kind == "password_lock" else BUILD_DEFAULTS),
        validate_n=p.int("validate_n", BUILD_DEFAULTS["validate_n"], lo=2, hi=5000))
    return spec


def parse_train_run(p: Params) -> blueteam.BlueTeamSpec:
    method = parse_method(p)
    ds = p.obj("dataset", default={"kind": "pirate"})
    ds_kind = ds.str("kind", REQUIRED, allowed=["pirate", "qa", "jsonl"])
    ds_path = ds.str("path", REQUIRED if ds_kind == "jsonl" else None)
    # Checked before the worker reads it: a FIFO or device is not is_file() (refused by load_jsonl),
    # and a huge file would be read whole into memory.
    if ds_path and Path(ds_path).is_file() and Path(ds_path).stat().st_size > MAX_DATASET_BYTES:
        raise bad("dataset.path", f"is {Path(ds_path).stat().st_size} bytes, over the {MAX_DATASET_BYTES}-byte limit for a dataset",
                  "a JSONL chat file up to 256 MiB")
    spec = blueteam.BlueTeamSpec(
        model_dir=model_dir_param(p, "model_dir"), out_dir=out_dir_param(p), dataset=ds_kind, dataset_path=ds_path,
        method=method, train=parse_train(p, method, {"steps": 200, "batch_size": 32, "weight_decay": 0.0, "warmup_steps": 10}),
        eval_every=p.int("eval_every", 50, lo=1), export_onnx=p.bool("export_onnx", False),
        export_every=p.int("export_every", 1, lo=1))
    return spec


def run_train(job, spec: blueteam.BlueTeamSpec) -> dict:
    job.control = blueteam.RunControl()  # before the first checkpoint announces the job's id to the client
    try:
        return blueteam.run(spec, job, job.control)
    except DatasetError as e:
        raise RpcError(INVALID_PARAMS, f"invalid params: 'dataset.path': {e}", {"field": "dataset.path", "allowed": "JSONL chat file"})


def parse_eval_quick(p: Params) -> dict:
    return {"model_dir": model_dir_param(p, "model_dir"), "n": p.int("n", 64, lo=1, hi=5000), "seed": p.int("seed", 0, lo=0)}


def run_eval_quick(job, a: dict) -> dict:
    model, tok, manifest = load_model_dir(a["model_dir"])
    return evaluate.quick(model, tok, manifest, a["n"], a["seed"])


def parse_generate(p: Params) -> dict:
    model_dir = model_dir_param(p, "model_dir")
    prompts = p.list("prompts", REQUIRED)
    for i, msgs in enumerate(prompts):
        if not isinstance(msgs, list) or not all(isinstance(m, dict) and m.get("role") in ("system", "user", "assistant")
                                                 and isinstance(m.get("content"), str) for m in msgs):
            raise bad(f"prompts[{i}]", "must be a list of {role, content} messages", ["system", "user", "assistant"])
    return {"model_dir": model_dir, "prompts": prompts, "max_new_tokens": p.int("max_new_tokens", 48, lo=1, hi=1000),
            "use_kv_cache": p.bool("use_kv_cache", True)}


def run_generate(job, a: dict) -> dict:
    model, tok, _ = load_model_dir(a["model_dir"])
    if a["max_new_tokens"] >= model.config.block_size:
        raise bad("max_new_tokens", f"must be below the model's block_size {model.config.block_size}",
                  f"[1, {model.config.block_size - 1}]")
    started = time.perf_counter()
    outputs = generate_chat(model, tok, a["prompts"], a["max_new_tokens"], a["use_kv_cache"])
    # Generation alone (the model load above excluded), for benchmarks against the ONNX path.
    return {"outputs": outputs, "generate_seconds": time.perf_counter() - started}


def parse_export(p: Params) -> dict:
    return {"model_dir": model_dir_param(p, "model_dir"), "out_dir": out_dir_param(p)}


def run_export(job, a: dict) -> dict:
    model, tok, _ = load_model_dir(a["model_dir"])
    return export_onnx(model, tok, a["out_dir"], source=str(resolve_base(a["model_dir"])))


FAST_METHODS = {"handshake": m_handshake, "world.describe": m_describe, "world.eval_set": m_eval_set,
                "world.behaviour_completions": m_behaviour_completions, "cancel": m_cancel, "train.control": m_train_control, "shutdown": m_shutdown}
# name -> (parse on the main thread, run in the worker)
LONG_METHODS = {"organism.build": (parse_build, lambda job, spec: organisms.build(spec, job)),
                "train.run": (parse_train_run, run_train), "eval.quick": (parse_eval_quick, run_eval_quick),
                "model.generate": (parse_generate, run_generate), "export.onnx": (parse_export, run_export),
                "model.activations": (detection.parse_activations, detection.run_activations),
                "probe.fit": (detection.parse_probe, detection.run_probe)}
