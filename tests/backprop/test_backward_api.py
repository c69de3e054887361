"""The shape of gru_viz.backward's answer and its refusals: gradients shaped like the weights,
None exactly where a bias is absent, a batch's gradients the sum of its sequences', inputs left
untouched, and clear errors for mismatched arguments."""

import numpy as np
import pytest

import gru_viz
from tests.backprop.support import run


@pytest.mark.parametrize("model", [
    gru_viz.GRU.random(3, 4, 2, True, reset="before", seed=0),  # the seed form: no b_hh
    gru_viz.GRU.random(3, 4, 2, True, reset="after", seed=0),
    gru_viz.LSTM.random(3, 4, 2, True, seed=0),
    gru_viz.RNN.random(3, 4, 2, True, seed=0),
], ids=["gru_before", "gru_after", "lstm", "rnn"])
def test_gradients_have_the_weights_shapes_and_none_where_no_bias(model):
    x = np.random.default_rng(0).normal(size=(5, 3))
    trace = run(model, x)
    grads = gru_viz.backward(model, trace, np.ones_like(trace.output))
    for weights, gradients in zip(model.layers, grads.layers):
        for cell, cell_grads in zip(weights, gradients):
            assert set(cell_grads.arrays()) == set(cell.arrays())
            for name, array in cell.arrays().items():
                assert getattr(cell_grads, name).shape == array.shape
    assert grads.x.shape == x.shape and grads.h0.shape == trace.h_n.shape
    assert (grads.c0 is None) == (not isinstance(model, gru_viz.LSTM))
    assert len(grads.arrays()) == sum(len(c.arrays()) for d in model.layers for c in d)


@pytest.mark.parametrize("cls", [gru_viz.GRU, gru_viz.LSTM, gru_viz.RNN])
def test_a_batch_has_the_summed_gradients_of_its_sequences(cls):
    model = cls.random(3, 4, 2, True, seed=1)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 3, 3))
    trace = run(model, x)
    upstream = {"d_output": rng.normal(size=trace.output.shape), "d_h_n": rng.normal(size=trace.h_n.shape)}
    if cls is gru_viz.LSTM:
        upstream["d_c_n"] = rng.normal(size=trace.c_n.shape)
    batched = gru_viz.backward(model, trace, **upstream)
    singles = [gru_viz.backward(model, run(model, x[:, b]), **{k: v[:, b] for k, v in upstream.items()})
               for b in range(3)]
    for key, value in batched.arrays().items():
        np.testing.assert_allclose(value, sum(s.arrays()[key] for s in singles), rtol=1e-12, atol=1e-14)
    for b, single in enumerate(singles):
        np.testing.assert_allclose(batched.x[:, b], single.x, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(batched.h0[:, b], single.h0, rtol=1e-12, atol=1e-15)


def test_no_upstream_gradient_gives_zeros_and_inputs_are_not_changed():
    model = gru_viz.GRU.random(2, 3, bidirectional=True, reset="after", seed=2)
    trace = model.run(np.ones((4, 2)))
    grads = gru_viz.backward(model, trace)
    assert all(not np.any(a) for a in grads.arrays().values()) and not np.any(grads.x)
    d_output, d_h_n = np.ones_like(trace.output), np.ones_like(trace.h_n)
    gru_viz.backward(model, trace, d_output, d_h_n)
    assert np.all(d_output == 1.0) and np.all(d_h_n == 1.0)


def test_h_n_gradient_enters_each_direction_at_the_state_it_ended_on():
    """The reverse direction ends on the state of step 0: a gradient on its h_n must equal a
    gradient on output[0]'s reverse half, not on output[-1]'s."""
    model = gru_viz.GRU.random(2, 3, bidirectional=True, seed=3)
    trace = model.run(np.random.default_rng(3).normal(size=(5, 2)))
    g = np.random.default_rng(4).normal(size=3)
    d_h_n = np.zeros_like(trace.h_n)
    d_h_n[1] = g
    d_output = np.zeros_like(trace.output)
    d_output[0, 3:] = g
    a, b = gru_viz.backward(model, trace, d_h_n=d_h_n), gru_viz.backward(model, trace, d_output=d_output)
    for key, value in a.arrays().items():
        np.testing.assert_array_equal(value, b.arrays()[key])


def test_mismatched_arguments_are_refused_with_a_reason():
    model = gru_viz.GRU.random(2, 3, seed=4)
    trace = model.run(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"d_output must have shape \(4, 3\)"):
        gru_viz.backward(model, trace, np.ones((4, 2)))
    with pytest.raises(ValueError, match="d_c_n is only for an LSTM"):
        gru_viz.backward(model, trace, d_c_n=np.ones((1, 3)))
    with pytest.raises(ValueError, match="layers or directions"):
        gru_viz.backward(gru_viz.GRU.random(2, 3, 2, seed=4), trace)
