"""Train/eval splits by a stable hash of each item's identity, so held-out items never leak into training."""
import hashlib

EVAL_SHARE_PERCENT = 20


def stable_hash(key: str) -> int:
    return int.from_bytes(hashlib.md5(key.encode("utf-8")).digest()[:8], "big")


def split_of(key: str) -> str:
    return "eval" if stable_hash(key) % 100 < EVAL_SHARE_PERCENT else "train"
