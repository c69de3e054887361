"""Forward plus backprop through time: gru_viz (model.run, then gru_viz.backward on its trace)
against torch.nn.GRU forward plus autograd backward.

Run where torch 2.13.0 is installed (a throwaway venv; torch is not a project dependency):
    PYTHONPATH=. /tmp/torchvenv/bin/python bench/bptt.py [--sizes 12,2,2 200,8,16] [--json]
--sizes replaces the default sizes (T,I,H each); --json prints one JSON object instead of the table
(bench/run_all.py reads it).
Both run in this process, float64, batch 1, one thread each (set below, before NumPy and torch
load), with the same weights and a PyTorch-convention GRU (reset="after", keeps_old). Both
compute the same things: gradients of sum(output * d_output) + sum(h_n * d_h_n) with respect to
every parameter, x and h0 (torch's are checked against ours first). Ratio = gru_viz time / torch
time. Target (issue 4): at most 0.3x.
"""

import argparse
import json
import os
import sys

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import median_seconds, print_table

import gru_viz

SIZES = [(200, 16, 64), (1000, 32, 128)]
TARGET = 0.3
NAMES = {"W_ih": "weight_ih_l0", "W_hh": "weight_hh_l0", "b_ih": "bias_ih_l0", "b_hh": "bias_hh_l0"}


def torch_gru(model):
    """An nn.GRU holding exactly the weights of a one-layer gru_viz GRU (reset after, keeps_old)."""
    module = torch.nn.GRU(model.input_size, model.hidden_size, dtype=torch.float64)
    arrays = model.layers[0][0].arrays()
    module.load_state_dict({NAMES[k]: torch.from_numpy(v.copy()) for k, v in arrays.items()})
    return module


def measure(T, I, H):
    """Median seconds of our forward, our backward, both, and torch's forward plus backward."""
    rng = np.random.default_rng(0)
    model = gru_viz.GRU.random(I, H, reset="after", z_convention="keeps_old", seed=0)
    x, h0 = rng.normal(size=(T, I)), rng.normal(size=(1, H))
    d_output, d_h_n = rng.normal(size=(T, H)), rng.normal(size=(1, H))

    def ours():
        trace = model.run(x, h0)
        return gru_viz.backward(model, trace, d_output, d_h_n)

    module = torch_gru(model)
    xt = torch.from_numpy(x)[:, None].requires_grad_(True)
    h0t = torch.from_numpy(h0)[:, None].requires_grad_(True)
    g_out, g_h = torch.from_numpy(d_output)[:, None], torch.from_numpy(d_h_n)[:, None]

    def theirs():
        for tensor in (xt, h0t, *module.parameters()):
            tensor.grad = None
        output, h_n = module(xt, h0t)
        torch.autograd.backward([output, h_n], [g_out, g_h])

    grads = ours()
    theirs()
    for name, param in module.named_parameters():
        ours_grad = getattr(grads.layers[0][0], {v: k for k, v in NAMES.items()}[name])
        assert np.allclose(ours_grad, param.grad.numpy(), rtol=1e-9, atol=1e-11), name
    assert np.allclose(grads.x, xt.grad[:, 0].numpy(), rtol=1e-9, atol=1e-11)
    assert np.allclose(grads.h0, h0t.grad[:, 0].numpy(), rtol=1e-9, atol=1e-11)

    forward = median_seconds(lambda: model.run(x, h0))
    trace = model.run(x, h0)
    backward = median_seconds(lambda: gru_viz.backward(model, trace, d_output, d_h_n))
    total, reference = median_seconds(ours), median_seconds(theirs)
    return {"size": [T, I, H], "run_s": forward, "backward_s": backward, "ours_s": total, "torch_s": reference,
            "ratio": total / reference, "target": TARGET}


def row(m):
    return ["({}, {}, {})".format(*m["size"]), f"{m['run_s'] * 1e3:.3f}", f"{m['backward_s'] * 1e3:.3f}",
            f"{m['ours_s'] * 1e3:.3f}", f"{m['torch_s'] * 1e3:.3f}", f"{m['ratio']:.2f}x", f"<= {TARGET}x",
            "ok" if m["ratio"] <= TARGET else "MISS"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", help="T,I,H triples (default: issue 4's two sizes)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    options = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split(",")) for size in options.sizes] if options.sizes else SIZES
    torch.set_num_threads(1)
    results = [measure(*size) for size in sizes]
    if options.json:
        print(json.dumps({"torch": torch.__version__, "numpy": np.__version__, "rows": results}))
        return
    print(f"torch {torch.__version__}, numpy {np.__version__}, threads: 1, float64, batch 1, GRU")
    print_table(["(T, I, H)", "run ms", "backward ms", "gru_viz ms", "torch ms", "ratio", "target", ""],
                [row(m) for m in results])


if __name__ == "__main__":
    main()
