"""train.control through the real bridge: a stop ends train.run as a success with nothing past the stop,
deferred checkpoints are exported on request, and requests to a run that is over answer running=false."""
from pathlib import Path

from bridge_client import ROOT

BASE = str(ROOT / "assets" / "models" / "base")
LORA = {"type": "lora", "rank": 4, "alpha": 8, "dropout": 0.0, "targets": ["attn"]}


def params(out, steps, **extra):
    return {"model_dir": BASE, "out_dir": str(out), "dataset": {"kind": "pirate"}, "method": LORA, "steps": steps,
            "batch_size": 2, "lr": 1e-3, "eval_every": 2, "seed": 5, **extra}


def checkpoint_seen(bridge, rid, step, with_onnx=False):
    return bridge.wait_notification(lambda n: n["method"] == "checkpoint" and n["params"]["id"] == rid
                                    and n["params"]["step"] == step and (not with_onnx or "onnx_dir" in n["params"]))


def test_stop_returns_the_run_up_to_the_stop_and_deletes_what_ran_ahead(bridge, tmp_path):
    out = tmp_path / "stopped"
    rid = bridge.request("train.run", params(out, steps=100_000))
    checkpoint_seen(bridge, rid, 8)  # the run is past the step the client will stop at
    assert bridge.result("train.control", {"id": rid, "stop_after": 4}) == {"running": True}
    reply = bridge.wait(rid)
    assert "result" in reply, reply.get("error")  # a stop is a success, unlike a cancel (-32800)
    res = reply["result"]
    assert res["stopped_at"] == 4
    assert [c["step"] for c in res["checkpoints"]] == [0, 2, 4]
    assert res["losses"][-1]["step"] == 4 and len(res["losses"]) == 4
    assert sorted(p.name for p in out.iterdir()) == ["step-000000", "step-000002", "step-000004"]
    # The run is over: a later request reaches nothing.
    assert bridge.result("train.control", {"id": rid, "stop_after": 2}) == {"running": False}


def test_where_a_run_stops_changes_none_of_the_steps_before(bridge, tmp_path):
    def stopped(name, at):
        rid = bridge.request("train.run", params(tmp_path / name, steps=1000))
        checkpoint_seen(bridge, rid, at + 2)
        bridge.result("train.control", {"id": rid, "stop_after": at})
        return bridge.wait(rid)["result"]
    early, late = stopped("early", 4), stopped("late", 8)
    assert (early["stopped_at"], late["stopped_at"]) == (4, 8)
    # Same seed, same budget (the lr schedule spans it either way): the early run is the late run's prefix.
    assert early["losses"] == late["losses"][:4]


def test_deferred_checkpoints_are_exported_on_request(bridge, tmp_path):
    rid = bridge.request("train.run", params(tmp_path / "deferred", steps=100_000, export_onnx=True, export_every=3))
    first = checkpoint_seen(bridge, rid, 2)["params"]
    assert "onnx_dir" not in first  # step 2 is not an export step (0, 6, 12...)
    checkpoint_seen(bridge, rid, 6, with_onnx=True)
    assert bridge.result("train.control", {"id": rid, "export_steps": [2, 4]})["running"] is True
    again = checkpoint_seen(bridge, rid, 2, with_onnx=True)["params"]
    assert (Path(again["onnx_dir"]) / "model.onnx").is_file() and again["model_dir"] == first["model_dir"]
    checkpoint_seen(bridge, rid, 4, with_onnx=True)
    bridge.result("train.control", {"id": rid, "stop_after": 6, "export_all": True})
    res = bridge.wait(rid)["result"]
    assert res["stopped_at"] == 6
    assert [(c["step"], "onnx_dir" in c) for c in res["checkpoints"]] == [(0, True), (2, True), (4, True), (6, True)]


def test_control_of_an_unknown_request_and_bad_params(bridge):
    assert bridge.result("train.control", {"id": 987654, "stop_after": 3}) == {"running": False}
    reply = bridge.call("train.control", {"id": 987654, "export_steps": [1, -2]})
    assert reply["error"]["data"]["field"] == "export_steps"
    reply = bridge.call("train.control", {"id": 987654, "stop_after": -1})
    assert reply["error"]["data"]["field"] == "stop_after"


def test_cancel_stays_an_error(bridge, tmp_path):
    rid = bridge.request("train.run", params(tmp_path / "cancelled", steps=100_000))
    checkpoint_seen(bridge, rid, 2)
    bridge.result("train.control", {"id": rid, "export_all": True})
    assert bridge.result("cancel", {"id": rid}) == {"cancelled": True}
    assert bridge.wait(rid)["error"]["code"] == -32800
    assert bridge.result("train.control", {"id": rid, "stop_after": 2}) == {"running": False}


def test_an_export_on_request_is_the_export_at_save_byte_for_byte(bridge, tmp_path):
    """Whether a checkpoint is exported when saved or later on request depends on when the client's request
    arrives; the evaluated numbers must not, so both paths give the same files."""
    def onnx_of_step_2(name, **extra):
        rid = bridge.request("train.run", params(tmp_path / name, steps=1000, export_onnx=True, **extra))
        if extra.get("export_every", 1) > 1:
            checkpoint_seen(bridge, rid, 2)
            bridge.result("train.control", {"id": rid, "export_steps": [2]})
        onnx_dir = checkpoint_seen(bridge, rid, 2, with_onnx=True)["params"]["onnx_dir"]
        checkpoint_seen(bridge, rid, 4)
        bridge.result("train.control", {"id": rid, "stop_after": 4})
        bridge.wait(rid)
        return {f: (Path(onnx_dir) / f).read_bytes() for f in ("model.onnx", "decode.onnx")}
    assert onnx_of_step_2("at-save") == onnx_of_step_2("on-request", export_every=3)
