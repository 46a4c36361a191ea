"""Replays every protocol fixture (tests/fixtures/protocol) against a real bridge subprocess."""
import json
import subprocess
from pathlib import Path

import pytest

from bridge_client import BRIDGE_DIR, PYTHON, ROOT, Bridge

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "protocol").glob("*.json"))
BASE = str(ROOT / "assets" / "models" / "base")


def substitute(value, tmp: Path):
    if isinstance(value, str):
        return value.replace("$TMP", str(tmp)).replace("$BASE", BASE)
    if isinstance(value, list):
        return [substitute(v, tmp) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, tmp) for k, v in value.items()}
    return value


def test_there_are_fixtures_for_every_method():
    methods = {json.loads(p.read_text())["request"]["method"] for p in FIXTURES}
    assert {"handshake", "world.describe", "world.eval_set", "cancel", "shutdown", "model.generate",
            "export.onnx", "train.run", "organism.build"} <= methods


@pytest.mark.parametrize("path", [p for p in FIXTURES if p.stem != "shutdown"], ids=lambda p: p.stem)
def test_fixture_round_trip(bridge, path, tmp_path):
    fx = json.loads(path.read_text())
    request = substitute(fx["request"], tmp_path)
    bridge.send(request)
    reply = bridge.wait(request["id"])
    assert reply["jsonrpc"] == "2.0" and reply["id"] == request["id"]
    expect = fx["expect"]
    if "error" in expect:
        assert "error" in reply, f"expected an error, got {reply}"
        assert reply["error"]["code"] == expect["error"]["code"]
        assert reply["error"]["data"]["field"] == expect["error"]["field"]
        assert expect["error"]["field"] in reply["error"]["message"]
    elif "result" in expect:
        assert reply.get("result") == expect["result"]
    else:
        assert "result" in reply, f"expected a result, got {reply.get('error')}"
        assert set(expect["result_keys"]) <= set(reply["result"])


def test_handshake_reports_the_environment(bridge):
    hs = bridge.result("handshake")
    assert hs["protocol_version"] == 1
    assert hs["device"] == "cpu" and hs["threads"] >= 1
    assert hs["blas"] in ("openblas", "mkl", "blis", "reference", "accelerate", "unknown")
    assert hs["pid"] == bridge.proc.pid


def test_catalogue_file_matches_world_describe(bridge):
    on_disk = json.loads((ROOT / "assets" / "world" / "catalogue.json").read_text())
    assert bridge.result("world.describe") == on_disk
    assert len(on_disk["triggers"]) >= 4 and sum(b["backdoor"] for b in on_disk["behaviours"]) >= 4


def test_shutdown_exits_cleanly():
    b = Bridge()
    assert b.result("shutdown") == {}
    assert b.proc.wait(timeout=30) == 0


def test_garbage_body_gets_a_parse_error_and_the_bridge_survives():
    b = Bridge()
    body = b"{not json"
    b.proc.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    b.proc.stdin.flush()
    assert b.result("handshake")["protocol_version"] == 1
    assert b.close() == 0


def test_missing_dependency_exits_3_with_install_command(tmp_path):
    # A stub package named torch that fails to import stands in for an uninstalled PyTorch.
    (tmp_path / "torch").mkdir()
    (tmp_path / "torch" / "__init__.py").write_text("raise ImportError('No module named torch', name='torch')\n")
    proc = subprocess.run([PYTHON, "-m", "organism_bridge"], cwd=BRIDGE_DIR, capture_output=True, timeout=60,
                          env={"PYTHONPATH": f"{tmp_path}:{BRIDGE_DIR}", "PATH": "/usr/bin"}, stdin=subprocess.DEVNULL)
    assert proc.returncode == 3
    assert b"sudo apt-get install python3-torch python3-onnx libopenblas0-pthread" in proc.stderr
    assert proc.stdout == b""
