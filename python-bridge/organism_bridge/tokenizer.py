"""Character-level tokenizer shared with TypeScript (format in docs/CONTRACTS.md).

Special tokens take ids 0..6; character chars[i] has id 7 + i. Special-token *strings* typed by a
user are encoded as plain characters, so a prompt can never forge a role boundary.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Sequence

FORMAT = "organism-studio-char-tokenizer"
SPECIAL = {"<|pad|>": 0, "<|bos|>": 1, "<|system|>": 2, "<|user|>": 3, "<|assistant|>": 4, "<|end|>": 5, "<|unk|>": 6}
PAD, BOS, SYSTEM, USER, ASSISTANT, END, UNK = range(7)
ROLE_IDS = {"system": SYSTEM, "user": USER, "assistant": ASSISTANT}
N_SPECIAL = len(SPECIAL)
# Newline plus printable ASCII: the whole embedded world is written in this alphabet.
DEFAULT_CHARS = ["\n"] + [chr(c) for c in range(32, 127)]


class CharTokenizer:
    def __init__(self, chars: Sequence[str] = DEFAULT_CHARS):
        self.chars = list(chars)
        self.char_to_id = {ch: N_SPECIAL + i for i, ch in enumerate(self.chars)}
        self.vocab_size = N_SPECIAL + len(self.chars)

    # --- serialisation -------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {"format": FORMAT, "version": 1, "special": dict(SPECIAL), "chars": self.chars}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> "CharTokenizer":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("version") != 1:
            raise ValueError(f"{path}: not an {FORMAT} v1 file (format={data.get('format')!r}, version={data.get('version')!r})")
        if data.get("special") != SPECIAL:
            raise ValueError(f"{path}: special tokens differ from the contract {SPECIAL}")
        return cls(data["chars"])

    # --- encoding ------------------------------------------------------------------------------
    def encode(self, text: str) -> list[int]:
        return [self.char_to_id.get(ch, UNK) for ch in text]

    def encode_chat(self, messages: Iterable[dict], add_generation_prompt: bool) -> list[int]:
        ids = [BOS]
        for message in messages:
            role = message.get("role")
            if role not in ROLE_IDS:
                raise ValueError(f"message role {role!r} is not one of {sorted(ROLE_IDS)}")
            ids.append(ROLE_IDS[role])
            ids.extend(self.encode(str(message.get("content", ""))))
            ids.append(END)
        if add_generation_prompt:
            ids.append(ASSISTANT)
        return ids

    def decode(self, ids: Iterable[int]) -> str:
        out = []
        for i in ids:
            i = int(i)
            if i >= N_SPECIAL and i - N_SPECIAL < len(self.chars):
                out.append(self.chars[i - N_SPECIAL])
        return "".join(out)
