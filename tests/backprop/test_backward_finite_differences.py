"""Backprop against central differences in float64, on random sizes and every convention: GRU
(both reset positions, both z sides), LSTM and RNN; stacked, bidirectional, batched, with and
without biases. Every entry of every parameter, x, h0 and c0 is perturbed (fourth-order central
differences, support.central_differences); the relative error, max |ours - numeric| / max |numeric|
per array (scale floored at 1e-4, see support.finite_difference_error), stays under 1e-6."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import gru_viz
from gru_viz.cells.weights import CellWeights
from tests.backprop.support import central_differences, finite_difference_error, probe_loss, run, with_array

TOLERANCE = 1e-6
KINDS = {"gru": gru_viz.GRU, "lstm": gru_viz.LSTM, "rnn": gru_viz.RNN}


@st.composite
def networks(draw, kinds=tuple(KINDS)):
    kind = draw(st.sampled_from(kinds))
    I, H, L = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
    bidir, seed = draw(st.booleans()), draw(st.integers(0, 2**16))
    biases = draw(st.sampled_from(["both", "input only", "none"]))
    if kind == "gru":
        model = gru_viz.GRU.random(I, H, L, bidir, reset=draw(st.sampled_from(["before", "after"])),
                                   z_convention=draw(st.sampled_from(["takes_new", "keeps_old"])), seed=seed)
    else:
        model = KINDS[kind].random(I, H, L, bidir, seed=seed)
    rng = np.random.default_rng(seed)
    scale = draw(st.sampled_from([1.0, 2.0]))  # 2: saturated gates too (at 3, float64 differences lose the last digits)
    layers = tuple(tuple(CellWeights(
        scale * rng.normal(size=cell.W_ih.shape), scale * rng.normal(size=cell.W_hh.shape),
        None if biases == "none" else rng.normal(size=cell.W_hh.shape[0]),
        rng.normal(size=cell.W_hh.shape[0]) if biases == "both" else None,
    ) for cell in directions) for directions in model.layers)
    model = type(model)(layers, **({"reset": model.reset, "z_convention": model.z_convention} if kind == "gru" else {}))
    T, batch = draw(st.integers(1, 5)), draw(st.sampled_from([(), (1,), (2,)]))
    x = rng.normal(size=(T, *batch, I))
    states = (L * (2 if bidir else 1), *batch, H)
    h0 = rng.uniform(-1, 1, states)
    c0 = rng.normal(size=states) if kind == "lstm" else None
    trace = run(model, x, h0, c0)
    upstream = {"d_output": rng.normal(size=trace.output.shape), "d_h_n": rng.normal(size=trace.h_n.shape)}
    if kind == "lstm":
        upstream["d_c_n"] = rng.normal(size=trace.c_n.shape)
    return model, x, h0, c0, upstream


def check_against_finite_differences(model, x, h0, c0, upstream):
    trace = run(model, x, h0, c0)
    grads = gru_viz.backward(model, trace, **upstream)
    for l, directions in enumerate(model.layers):
        for d, cell in enumerate(directions):
            for name, array in cell.arrays().items():
                numeric = central_differences(
                    lambda a, l=l, d=d, name=name: probe_loss(with_array(model, l, d, name, a), x, h0, c0, upstream),
                    array)
                ours = getattr(grads.layers[l][d], name)
                error = finite_difference_error(ours, numeric)
                assert error <= TOLERANCE, (l, d, name, error)
            assert set(grads.layers[l][d].arrays()) == set(cell.arrays())  # None exactly where no bias
    numeric = central_differences(lambda a: probe_loss(model, a, h0, c0, upstream), x)
    assert finite_difference_error(grads.x, numeric) <= TOLERANCE, "x"
    numeric = central_differences(lambda a: probe_loss(model, x, a, c0, upstream), h0)
    assert finite_difference_error(grads.h0, numeric) <= TOLERANCE, "h0"
    if c0 is not None:
        numeric = central_differences(lambda a: probe_loss(model, x, h0, a, upstream), c0)
        assert finite_difference_error(grads.c0, numeric) <= TOLERANCE, "c0"


@settings(max_examples=40, deadline=None)
@given(networks(("gru",)))
def test_gru_backward_matches_finite_differences(network):
    check_against_finite_differences(*network)


@settings(max_examples=15, deadline=None)
@given(networks(("lstm",)))
def test_lstm_backward_matches_finite_differences(network):
    check_against_finite_differences(*network)


@settings(max_examples=15, deadline=None)
@given(networks(("rnn",)))
def test_rnn_backward_matches_finite_differences(network):
    check_against_finite_differences(*network)
