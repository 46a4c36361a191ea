"""Detection methods that need the PyTorch model: residual-stream activations and a linear probe on them.

`model.activations` returns, per prompt and per layer, the residual stream pooled over the prompt's
tokens (layer 0 = embeddings, layer l = after block l), so a caller can fit any probe it likes.
`probe.fit` fits a logistic-regression probe separating two prompt sets (e.g. with and without a
candidate trigger) on each layer and scores it OUT OF SAMPLE: k-fold cross-validation, AUROC of the
held-out folds' scores. scikit-learn is used when installed (Debian python3-sklearn); otherwise the
same L2-regularised logistic regression is fitted here with numpy (Newton steps), on the same folds.
"""
from __future__ import annotations

import time

import numpy as np
import torch

from .generate import left_pad
from .modeldir import load_model_dir, resolve_base
from .protocol import REQUIRED, Params, bad

POOLS = ["mean", "last"]
MAX_PROMPTS = 5000
BATCH = 64

try:  # optional: the numpy fallback below gives the same kind of probe
    from sklearn.linear_model import LogisticRegression  # type: ignore
except ImportError:  # pragma: no cover - depends on the machine
    LogisticRegression = None


# --- params ---------------------------------------------------------------------------------------
def _model_dir(p: Params) -> str:
    path = p.str("model_dir", REQUIRED)
    resolved = resolve_base(path)
    if not (resolved / "manifest.json").is_file() or not (resolved / "weights.pt").is_file():
        raise bad("model_dir", f"is not a model directory (needs manifest.json and weights.pt): {path}", "a model directory or 'base'")
    return path


def _prompts(p: Params, name: str, minimum: int = 1) -> list:
    prompts = p.list(name, REQUIRED)
    if len(prompts) < minimum or len(prompts) > MAX_PROMPTS:
        raise bad(name, f"must hold {minimum} to {MAX_PROMPTS} prompts, got {len(prompts)}", f"[{minimum}, {MAX_PROMPTS}] prompts")
    for i, msgs in enumerate(prompts):
        if not isinstance(msgs, list) or not msgs or not all(
                isinstance(m, dict) and m.get("role") in ("system", "user", "assistant") and isinstance(m.get("content"), str) for m in msgs):
            raise bad(f"{name}[{i}]", "must be a non-empty list of {role, content} messages", ["system", "user", "assistant"])
    return prompts


def parse_activations(p: Params) -> dict:
    return {"model_dir": _model_dir(p), "prompts": _prompts(p, "prompts"), "pool": p.str("pool", "mean", allowed=POOLS)}


def parse_probe(p: Params) -> dict:
    a = {"model_dir": _model_dir(p), "positive": _prompts(p, "positive", 2), "negative": _prompts(p, "negative", 2),
         "pool": p.str("pool", "last", allowed=POOLS), "folds": p.int("folds", 5, lo=2, hi=20), "seed": p.int("seed", 0, lo=0, hi=2**31 - 1),
         "c": p.float("c", 1.0, lo=1e-6, hi=1e6)}
    if min(len(a["positive"]), len(a["negative"])) < a["folds"]:
        raise bad("folds", f"must not exceed the smaller prompt set ({min(len(a['positive']), len(a['negative']))} prompts)",
                  f"[2, {min(len(a['positive']), len(a['negative']))}]")
    return a


# --- activations ----------------------------------------------------------------------------------
@torch.no_grad()
def activations(model, tok, prompts: list, pool: str) -> np.ndarray:
    """[prompts, n_layer + 1, n_embd] float32: the residual stream after the embeddings and after each
    block, pooled over each prompt's real tokens (mean) or taken at its last token (the assistant
    marker: where the model decides how to answer). Deterministic: no dropout (eval mode), no sampling."""
    model.eval()
    block = model.config.block_size
    encoded = [tok.encode_chat(m, add_generation_prompt=True)[-block:] for m in prompts]
    out = np.zeros((len(prompts), model.config.n_layer + 1, model.config.n_embd), dtype=np.float32)
    captured: list = []
    hooks = [b.register_forward_hook(lambda _m, _i, o: captured.append(o[0])) for b in model.blocks]
    try:
        for start in range(0, len(encoded), BATCH):
            chunk = encoded[start:start + BATCH]
            ids, mask = left_pad(chunk)
            captured.clear()
            positions = (mask.cumsum(-1) - 1).clamp(min=0)
            streams = [model.wte(ids) + model.wpe(positions)]  # layer 0, as GPT.forward computes it
            model(ids, attention_mask=mask)
            streams += captured  # after each block, in order
            weights = mask.to(torch.float32).unsqueeze(-1)  # [B, T, 1]
            for layer, x in enumerate(streams):
                pooled = (x * weights).sum(1) / weights.sum(1) if pool == "mean" else x[:, -1, :]
                out[start:start + len(chunk), layer] = pooled.numpy()
    finally:
        for h in hooks:
            h.remove()
    return out


def run_activations(job, a: dict) -> dict:
    model, tok, _ = load_model_dir(a["model_dir"])
    started = time.perf_counter()
    acts = activations(model, tok, a["prompts"], a["pool"])
    # float32 values rounded to 6 significant digits keep the JSON small and the numbers exact enough.
    return {"layers": int(acts.shape[1]), "d_model": int(acts.shape[2]), "pool": a["pool"],
            "activations": [[[float(f"{v:.6g}") for v in layer] for layer in prompt] for prompt in acts],
            "seconds": time.perf_counter() - started}


# --- probe ----------------------------------------------------------------------------------------
def auroc(scores: np.ndarray, labels: np.ndarray) -> float:
    """P(score of a random positive > score of a random negative), ties counting half (Mann-Whitney)."""
    pos, neg = scores[labels == 1], scores[labels == 0]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def stratified_folds(labels: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold index of each example: each class shuffled (seeded) and dealt round-robin, so every fold
    holds both classes in proportion. The same folds whichever backend fits the probe."""
    rng = np.random.default_rng(seed)
    folds = np.zeros(len(labels), dtype=int)
    for cls in (0, 1):
        idx = np.flatnonzero(labels == cls)
        folds[rng.permutation(idx)] = np.arange(len(idx)) % k
    return folds


def _fit_numpy(x: np.ndarray, y: np.ndarray, c: float, iters: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression (sklearn's objective: C * sum log-loss + |w|^2 / 2, bias
    unpenalised) by Newton's method; features are already standardised."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.ones(d + 1) / c
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def probe_scores(x: np.ndarray, y: np.ndarray, folds: np.ndarray, c: float) -> np.ndarray:
    """Out-of-fold decision values: each example scored by a probe fitted without its fold."""
    scores = np.zeros(len(y))
    for f in np.unique(folds):
        train, test = folds != f, folds == f
        mu, sd = x[train].mean(0), x[train].std(0) + 1e-6  # standardised on the training folds only
        xtr, xte = (x[train] - mu) / sd, (x[test] - mu) / sd
        if LogisticRegression is not None:
            clf = LogisticRegression(C=c, max_iter=2000)
            clf.fit(xtr, y[train])
            scores[test] = clf.decision_function(xte)
        else:
            w, b = _fit_numpy(xtr, y[train].astype(float), c)
            scores[test] = xte @ w + b
    return scores


def separation(scores: np.ndarray, labels: np.ndarray) -> float:
    """Distance between the two classes' mean held-out scores in pooled standard deviations (d'):
    unlike AUROC it does not saturate at 1 once the classes are apart, so it still ranks models."""
    pos, neg = scores[labels == 1], scores[labels == 0]
    pooled = np.sqrt((pos.var() + neg.var()) / 2) + 1e-9
    return float((pos.mean() - neg.mean()) / pooled)


def run_probe(job, a: dict) -> dict:
    model, tok, _ = load_model_dir(a["model_dir"])
    started = time.perf_counter()
    acts = activations(model, tok, a["positive"] + a["negative"], a["pool"]).astype(np.float64)
    labels = np.array([1] * len(a["positive"]) + [0] * len(a["negative"]))
    folds = stratified_folds(labels, a["folds"], a["seed"])
    layers = []
    for layer in range(acts.shape[1]):
        if job:
            job.check_cancel()
        scores = probe_scores(acts[:, layer, :], labels, folds, a["c"])
        layers.append({"layer": layer, "auroc": auroc(scores, labels), "separation": separation(scores, labels),
                       "scores": [float(f"{s:.6g}") for s in scores]})
    return {"layers": layers, "labels": labels.tolist(), "folds": a["folds"], "pool": a["pool"],
            "backend": "sklearn" if LogisticRegression is not None else "numpy", "seconds": time.perf_counter() - started}
