"""A deliberately damaged model for the diagnostics test: the embedded base with gaussian noise added
to every weight matrix (std = `scale` x that tensor's own std), saved as a model directory with its
ONNX export. Deterministic in the seed.

usage: perturb_model.py OUT_DIR SCALE SEED   (run with the bridge's python; python-bridge on sys.path)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "python-bridge"))

import torch  # noqa: E402

from organism_bridge.export import export_onnx  # noqa: E402
from organism_bridge.modeldir import load_model_dir, save_model_dir  # noqa: E402


def main(out_dir: str, scale: float, seed: int) -> None:
    model, tok, manifest = load_model_dir("base")
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2:  # matrices and embeddings; layer norms and biases are left alone
                p.add_(torch.randn(p.shape, generator=gen) * p.std() * scale)
    out = Path(out_dir)
    save_model_dir(out / "model", model, tok, kind="base", ground_truth={}, parent="base", seed=seed,
                   extra={"perturbed": {"scale": scale, "seed": seed}})
    export_onnx(model, tok, out / "onnx", source=str(out / "model"))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]))
