"""Organism Studio's Python bridge: the trainer process behind the notebook (JSON-RPC over stdio)."""

BRIDGE_VERSION = "0.1.0"
PROTOCOL_VERSION = 1
