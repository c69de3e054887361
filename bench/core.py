"""Forward pass of gru_viz (recording every gate) against torch.nn.GRU / nn.LSTM under no_grad.

Run where torch 2.13.0 is installed (a throwaway venv; torch is not a project dependency):
    PYTHONPATH=. /tmp/torchvenv/bin/python bench/core.py
Both run in this process, float64, batch 1, one thread each (set below, before NumPy and torch
load). Ratio = gru_viz time / torch time, so below 1.0 means gru_viz is faster.
Targets (issue 2): at most 0.6x up to (200, 16, 64), 0.9x at (1000, 32, 128), 1.0x at (5000, 64, 256).
"""

import os
import sys

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import median_seconds, print_table  # noqa: E402

import gru_viz  # noqa: E402

SIZES = [(20, 4, 8), (200, 16, 64), (1000, 32, 128), (5000, 64, 256)]
TARGETS = {(20, 4, 8): 0.6, (200, 16, 64): 0.6, (1000, 32, 128): 0.9, (5000, 64, 256): 1.0}


def torch_module(kind, model):
    """A torch module holding exactly the weights of a gru_viz model (PyTorch names)."""
    cls = {"GRU": torch.nn.GRU, "LSTM": torch.nn.LSTM}[kind]
    module = cls(model.input_size, model.hidden_size, dtype=torch.float64)
    from gru_viz.weights import model_arrays

    module.load_state_dict({k: torch.from_numpy(v) for k, v in model_arrays(model).items()})
    return module


def rows(kind):
    out = []
    for T, I, H in SIZES:
        cls = getattr(gru_viz, kind)
        model = cls.random(I, H, reset="after", seed=0) if kind == "GRU" else cls.random(I, H, seed=0)
        x = np.random.default_rng(0).normal(size=(T, I))
        module = torch_module(kind, model)
        xt = torch.from_numpy(x)[:, None]
        with torch.no_grad():
            ours_out = model.run(x).output
            assert np.allclose(module(xt)[0][:, 0].numpy(), ours_out, atol=1e-10)
            ours = median_seconds(lambda: model.run(x))
            theirs = median_seconds(lambda: module(xt))
        ratio = ours / theirs
        target = TARGETS[(T, I, H)]
        out.append([kind, f"({T}, {I}, {H})", f"{ours * 1e3:.3f}", f"{theirs * 1e3:.3f}", f"{ratio:.2f}x",
                    f"<= {target}x" if kind == "GRU" else "-", "ok" if ratio <= target or kind != "GRU" else "MISS"])
    return out


def main():
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, numpy {np.__version__}, threads: 1, float64, batch 1")
    print_table(["cell", "(T, I, H)", "gru_viz ms", "torch ms", "ratio", "target", ""],
                rows("GRU") + rows("LSTM"))


if __name__ == "__main__":
    main()
