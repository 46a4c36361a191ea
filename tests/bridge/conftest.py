"""Fixtures of the bridge suite: one real bridge subprocess shared by the session."""
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "python-bridge"))

from bridge_client import Bridge  # noqa: E402


@pytest.fixture(scope="session")
def bridge():
    b = Bridge()
    yield b
    b.close()
