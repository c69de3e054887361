"""Shared by the backprop tests: models from stored torch weights, the test loss, finite differences."""

import dataclasses

import numpy as np

import gru_viz
from gru_viz.cells.weights import CellWeights
from tests.helpers import REFERENCE

GRADIENTS = REFERENCE / "gradients"


def gradient_case(name):
    """The arrays of tests/reference/gradients/<name>.npz (made by make_gradients.py with torch)."""
    with np.load(GRADIENTS / f"{name}.npz", allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def torch_name(l, d, name):
    """The state_dict name of CellWeights field `name` for layer l, direction d."""
    stem = {"W_ih": "weight_ih", "W_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh"}[name]
    return f"{stem}_l{l}" + ("_reverse" if d else "")


def model_from_case(case):
    """The gru_viz model holding a case's torch weights, with the case's conventions. Built here,
    not by load_weights, so that these tests check backprop alone."""
    D = 2 if "param/weight_ih_l0_reverse" in case else 1
    L = sum(1 for k in case if k.startswith("param/weight_ih_l") and not k.endswith("_reverse"))
    layers = tuple(
        tuple(CellWeights(*(case.get("param/" + torch_name(l, d, n)) for n in ("W_ih", "W_hh", "b_ih", "b_hh")))
              for d in range(D))
        for l in range(L))
    kind = str(case["kind"])
    if kind == "gru":
        return gru_viz.GRU(layers, reset=str(case["reset"]), z_convention=str(case["z_convention"]))
    return {"lstm": gru_viz.LSTM, "rnn": gru_viz.RNN}[kind](layers)


def run(model, x, h0=None, c0=None):
    return model.run(x, h0, c0) if isinstance(model, gru_viz.LSTM) else model.run(x, h0)


def probe_loss(model, x, h0, c0, upstream):
    """sum(output * d_output) + sum(h_n * d_h_n) (+ sum(c_n * d_c_n)): its gradient w.r.t. what
    the network returned is exactly `upstream`, so backward(model, trace, **upstream) is its gradient."""
    trace = run(model, x, h0, c0)
    loss = np.sum(trace.output * upstream["d_output"]) + np.sum(trace.h_n * upstream["d_h_n"])
    if upstream.get("d_c_n") is not None:
        loss += np.sum(trace.c_n * upstream["d_c_n"])
    return loss



def relative_error(ours, reference):
    """max |ours - reference| / max |reference|: the error relative to the array's scale."""
    ours, reference = np.asarray(ours), np.asarray(reference)
    assert ours.shape == reference.shape, (ours.shape, reference.shape)
    scale = np.max(np.abs(reference), initial=0.0)
    return np.max(np.abs(ours - reference), initial=0.0) / (scale if scale > 0 else 1.0)


def central_differences(f, array, step=3e-4):
    """d f / d array, entry by entry, by the fourth-order central difference
        (-f(a + 2s e_i) + 8 f(a + s e_i) - 8 f(a - s e_i) + f(a - 2s e_i)) / 12 s.
    Why not the two-point one: its truncation (s^2) and rounding (1e-16 / s) errors cannot both go
    below about 1e-9 of the loss, which is 1e-6 of a gradient of 1e-3 (a saturated gate); this one
    measures about 1e-11 at s = 3e-4 on these networks."""
    array = np.array(array, dtype=np.float64)
    grad = np.empty_like(array)
    for index in np.ndindex(array.shape):
        values = []
        for offset in (2 * step, step, -step, -2 * step):
            nudged = array.copy()
            nudged[index] += offset
            values.append(f(nudged))
        grad[index] = (-values[0] + 8 * values[1] - 8 * values[2] + values[3]) / (12 * step)
    return grad


def numeric_jacobian(f, array, step=3e-4):
    """d f / d array for a vector-valued f, shape (*array.shape, *f(array).shape), with the same
    fourth-order central differences as central_differences."""
    array = np.array(array, dtype=np.float64)
    columns = []
    for index in np.ndindex(array.shape):
        values = []
        for offset in (2 * step, step, -step, -2 * step):
            nudged = array.copy()
            nudged[index] += offset
            values.append(np.asarray(f(nudged), dtype=np.float64))
        columns.append((-values[0] + 8 * values[1] - 8 * values[2] + values[3]) / (12 * step))
    return np.reshape(columns, array.shape + columns[0].shape)


def finite_difference_error(ours, numeric, floor=1e-4):
    """relative_error against a numeric gradient, its scale floored at 1e-4: for an array whose
    gradient is all below that (gates saturated), the check becomes |ours - numeric| <= 1e-10, ten
    times the differences' own rounding."""
    ours, numeric = np.asarray(ours), np.asarray(numeric)
    assert ours.shape == numeric.shape, (ours.shape, numeric.shape)
    return np.max(np.abs(ours - numeric), initial=0.0) / max(np.max(np.abs(numeric), initial=0.0), floor)


def with_array(model, l, d, name, value):
    """A copy of model whose layer l, direction d array `name` is `value`."""
    cell = model.layers[l][d]
    arrays = cell.arrays()
    arrays[name] = value
    layers = [list(directions) for directions in model.layers]
    layers[l][d] = CellWeights(**arrays)
    return dataclasses.replace(model, layers=tuple(tuple(directions) for directions in layers))
