"""Forward pass of gru_viz (recording every gate) against torch.nn.GRU / nn.LSTM under no_grad.

Run where torch 2.13.0 is installed (a throwaway venv; torch is not a project dependency):
    PYTHONPATH=. /tmp/torchvenv/bin/python bench/core.py [--sizes 12,2,2 200,8,16] [--kinds GRU] [--json]
--sizes replaces the default sizes (T,I,H each); --json prints one JSON object instead of the table
(bench/run_all.py reads it).
Both run in this process, float64, batch 1, one thread each (set below, before NumPy and torch
load). Ratio = gru_viz time / torch time, so below 1.0 means gru_viz is faster.
Targets (issue 2): at most 0.6x up to (200, 16, 64), 0.9x at (1000, 32, 128), 1.0x at (5000, 64, 256).
"""

import argparse
import json
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


def target(size):
    """Issue 2's target for any size: the one of the smallest listed size that covers it."""
    for bound in sorted(TARGETS):
        if all(n <= b for n, b in zip(size, bound)):
            return TARGETS[bound]
    return TARGETS[max(TARGETS)]


def torch_module(kind, model):
    """A torch module holding exactly the weights of a gru_viz model (PyTorch names)."""
    cls = {"GRU": torch.nn.GRU, "LSTM": torch.nn.LSTM}[kind]
    module = cls(model.input_size, model.hidden_size, dtype=torch.float64)
    from gru_viz.weights import model_arrays

    module.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in model_arrays(model).items()})  # copy: writable
    return module


def measure(kind, sizes):
    """One dict per size: our and torch's median seconds, their ratio, and the target (GRU only)."""
    out = []
    for T, I, H in sizes:
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
        out.append({"kind": kind, "size": [T, I, H], "ours_s": ours, "torch_s": theirs, "ratio": ours / theirs,
                    "target": target((T, I, H)) if kind == "GRU" else None})
    return out


def row(m):
    ok = m["target"] is None or m["ratio"] <= m["target"]
    return [m["kind"], "({}, {}, {})".format(*m["size"]), f"{m['ours_s'] * 1e3:.3f}", f"{m['torch_s'] * 1e3:.3f}",
            f"{m['ratio']:.2f}x", "-" if m["target"] is None else f"<= {m['target']}x", "ok" if ok else "MISS"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", help="T,I,H triples (default: issue 2's four sizes)")
    parser.add_argument("--kinds", nargs="+", default=["GRU", "LSTM"], choices=["GRU", "LSTM"])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    options = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split(",")) for size in options.sizes] if options.sizes else SIZES
    torch.set_num_threads(1)
    results = [m for kind in options.kinds for m in measure(kind, sizes)]
    if options.json:
        print(json.dumps({"torch": torch.__version__, "numpy": np.__version__, "rows": results}))
        return
    print(f"torch {torch.__version__}, numpy {np.__version__}, threads: 1, float64, batch 1")
    print_table(["cell", "(T, I, H)", "gru_viz ms", "torch ms", "ratio", "target", ""], [row(m) for m in results])


if __name__ == "__main__":
    main()
