"""Entry point: `python3 -m organism_bridge` (stdout carries the protocol only; logs go to stderr)."""
import sys

INSTALL = "sudo apt-get install python3-torch python3-onnx libopenblas0-pthread"


def main() -> int:
    try:
        import torch  # noqa: F401  heavy imports happen once, here
        import onnx  # noqa: F401
    except ImportError as e:
        print(f"organism_bridge: missing Python dependency ({e.name or e}). Install it with:\n  {INSTALL}\n"
              f"(interpreter: {sys.executable})", file=sys.stderr)
        return 3
    from .handlers import FAST_METHODS, LONG_METHODS
    from .server import Server

    stdout = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must never corrupt the protocol stream
    return Server(sys.stdin.buffer, stdout, FAST_METHODS, LONG_METHODS).serve()


if __name__ == "__main__":
    sys.exit(main())
