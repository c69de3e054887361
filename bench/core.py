"""The core's speed: gru_viz's forward pass (recording every gate) and forward plus backprop
through time, against torch.nn.GRU / nn.LSTM in the same process.

    python bench/core.py [--sizes 20,4,8 200,16,64] [--kinds GRU LSTM] [--measures forward bptt]

torch is never a project dependency: run it with an interpreter that has torch 2.13.0 (a
throwaway venv, `PYTHONPATH=. /tmp/torchvenv/bin/python bench/core.py`). Without torch it prints
gru_viz's own times and no ratio.

Both sides run float64, batch 1, one thread (set below, before NumPy and torch load), with the
same weights; torch's outputs and gradients are checked equal to ours before anything is timed.
- forward: `model.run(x)` against the torch module under no_grad (GRU with reset="after", the
  function torch computes; LSTM too).
- bptt: `model.run` then `gru_viz.backward` against torch's forward plus autograd backward, both
  computing the gradients of sum(output * d_output) + sum(h_n * d_h_n) with respect to every
  parameter, x and h0 (GRU only).
Each time is the median of repeated calls lasting at least 0.3 s in all, after one warm-up.
Ratio = gru_viz time / torch time: below 1 means gru_viz is faster.
"""

import argparse
import os
import pathlib
import statistics
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import gru_viz
from bench.table import print_table
from gru_viz.weights import model_arrays

FORWARD_SIZES = [(20, 4, 8), (200, 16, 64), (1000, 32, 128), (5000, 64, 256)]
BPTT_SIZES = [(200, 16, 64), (1000, 32, 128)]
# Issue 2 (GRU forward): at most this ratio up to each size; larger sizes take the largest's.
FORWARD_TARGETS = {(20, 4, 8): 0.6, (200, 16, 64): 0.6, (1000, 32, 128): 0.9, (5000, 64, 256): 1.0}
BPTT_TARGET = 0.3  # issue 4 (GRU forward plus backward)
TORCH_NAMES = {"W_ih": "weight_ih_l0", "W_hh": "weight_hh_l0", "b_ih": "bias_ih_l0", "b_hh": "bias_hh_l0"}


def median_seconds(fn, min_time=0.3, min_repeats=5, max_repeats=200):
    """The median wall time of fn() over repeats that last at least `min_time` in total."""
    fn()  # warm up caches and lazy imports
    times = []
    start = time.perf_counter()
    while len(times) < min_repeats or (time.perf_counter() - start < min_time and len(times) < max_repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def forward_target(size):
    """Issue 2's target for a size: the one of the smallest listed size that covers it."""
    for bound in sorted(FORWARD_TARGETS):
        if all(n <= b for n, b in zip(size, bound)):
            return FORWARD_TARGETS[bound]
    return FORWARD_TARGETS[max(FORWARD_TARGETS)]


def torch_module(torch, kind, model):
    """A torch module holding exactly the weights of a one-layer gru_viz model (in PyTorch's names)."""
    cls = {"GRU": torch.nn.GRU, "LSTM": torch.nn.LSTM}[kind]
    module = cls(model.input_size, model.hidden_size, dtype=torch.float64)
    arrays = model_arrays(model)
    module.load_state_dict({name: torch.from_numpy(array.copy()) for name, array in arrays.items()})  # writable
    return module


def forward(torch, kind, T, I, H):
    """(our seconds, torch's seconds or None) of one forward pass."""
    cls = getattr(gru_viz, kind)
    options = {"reset": "after", "z_convention": "keeps_old"} if kind == "GRU" else {}
    model = cls.random(I, H, seed=0, **options)
    x = np.random.default_rng(0).normal(size=(T, I))
    ours = median_seconds(lambda: model.run(x))
    if torch is None:
        return ours, None
    module, xt = torch_module(torch, kind, model), torch.from_numpy(x)[:, None]
    with torch.no_grad():
        assert np.allclose(module(xt)[0][:, 0].numpy(), model.run(x).output, atol=1e-10)
        return ours, median_seconds(lambda: module(xt))


def bptt(torch, kind, T, I, H):
    """(our seconds, torch's seconds or None) of a forward pass and backprop through all of it."""
    rng = np.random.default_rng(0)
    model = gru_viz.GRU.random(I, H, reset="after", z_convention="keeps_old", seed=0)
    x, h0 = rng.normal(size=(T, I)), rng.normal(size=(1, H))
    d_output, d_h_n = rng.normal(size=(T, H)), rng.normal(size=(1, H))

    def ours():
        return gru_viz.backward(model, model.run(x, h0), d_output, d_h_n)

    ours_s = median_seconds(ours)
    if torch is None:
        return ours_s, None
    module = torch_module(torch, "GRU", model)
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
    names = {v: k for k, v in TORCH_NAMES.items()}
    for name, param in module.named_parameters():
        assert np.allclose(getattr(grads.layers[0][0], names[name]), param.grad.numpy(), rtol=1e-9, atol=1e-11), name
    assert np.allclose(grads.x, xt.grad[:, 0].numpy(), rtol=1e-9, atol=1e-11)
    assert np.allclose(grads.h0, h0t.grad[:, 0].numpy(), rtol=1e-9, atol=1e-11)
    return ours_s, median_seconds(theirs)


def row(measure, kind, size, ours, theirs):
    target = None
    if kind == "GRU":
        target = forward_target(size) if measure == "forward" else BPTT_TARGET
    ratio = None if theirs is None else ours / theirs
    meets = "-" if ratio is None or target is None else ("yes" if ratio <= target else "NO")
    return [measure, kind, "({}, {}, {})".format(*size), f"{ours * 1e3:.3f}",
            "-" if theirs is None else f"{theirs * 1e3:.3f}", "-" if ratio is None else f"{ratio:.2f}x",
            "-" if target is None else f"<= {target}x", meets]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", help="T,I,H triples for every measure (default: each issue's sizes)")
    parser.add_argument("--kinds", nargs="+", default=["GRU", "LSTM"], choices=["GRU", "LSTM"],
                        help="cells for the forward rows (bptt: GRU only)")
    parser.add_argument("--measures", nargs="+", default=["forward", "bptt"], choices=["forward", "bptt"])
    options = parser.parse_args()
    given = [tuple(int(n) for n in size.split(",")) for size in options.sizes] if options.sizes else None
    try:
        import torch

        torch.set_num_threads(1)
        versions = f"torch {torch.__version__}"
    except ImportError:
        torch, versions = None, "no torch in this interpreter: gru_viz's times only"
    rows = []
    if "forward" in options.measures:
        rows += [row("forward", kind, size, *forward(torch, kind, *size))
                 for kind in options.kinds for size in given or FORWARD_SIZES]
    if "bptt" in options.measures:
        rows += [row("forward + BPTT", "GRU", size, *bptt(torch, "GRU", *size)) for size in given or BPTT_SIZES]
    print(f"{versions}, numpy {np.__version__}, one thread, float64, batch 1; ratio = gru_viz / torch")
    print_table(["measure", "cell", "(T, I, H)", "gru_viz ms", "torch ms", "ratio", "target", "meets"], rows,
                left={0, 1})


if __name__ == "__main__":
    main()
