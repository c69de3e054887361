"""The training losses: values from their definitions, gradients against finite differences, a
log-softmax that survives any logits, and the read-out's gradients feeding gru_viz.backward."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gru_viz
from tests.backprop.support import central_differences, finite_difference_error, run, with_array

shapes = st.sampled_from([(4,), (3, 2), (5, 1), (2, 3)])


@settings(max_examples=25, deadline=None)
@given(shape=shapes, C=st.integers(1, 5), seed=st.integers(0, 2**16))
def test_cross_entropy_is_the_mean_negative_log_probability_and_its_gradient(shape, C, seed):
    rng = np.random.default_rng(seed)
    logits, labels = rng.normal(size=(*shape, C)) * 3, rng.integers(0, C, shape)
    loss, d_logits = gru_viz.softmax_cross_entropy(logits, labels)
    p = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)  # naive: fine for these sizes
    expected = -np.mean(np.log(np.take_along_axis(p, labels[..., None], axis=-1)))
    assert loss == pytest.approx(expected, rel=1e-13)
    numeric = central_differences(lambda a: gru_viz.softmax_cross_entropy(a, labels)[0], logits)
    assert finite_difference_error(d_logits, numeric) <= 1e-6
    np.testing.assert_allclose(d_logits.sum(axis=-1), 0.0, atol=1e-15)  # softmax minus a one-hot


@settings(max_examples=25, deadline=None)
@given(shape=shapes, seed=st.integers(0, 2**16))
def test_mean_squared_error_and_its_gradient(shape, seed):
    rng = np.random.default_rng(seed)
    prediction, target = rng.normal(size=shape), rng.normal(size=shape)
    loss, d_prediction = gru_viz.mean_squared_error(prediction, target)
    assert loss == pytest.approx(np.mean((prediction - target) ** 2), rel=1e-14)
    numeric = central_differences(lambda a: gru_viz.mean_squared_error(a, target)[0], prediction)
    assert finite_difference_error(d_prediction, numeric) <= 1e-6


def test_log_softmax_survives_huge_logits_without_warnings():
    logits = np.array([[1e300, 0.0, -1e300], [800.0, 799.0, -800.0], [-1000.0, -1000.0, -1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        log_p = gru_viz.log_softmax(logits)
        loss, d_logits = gru_viz.softmax_cross_entropy(logits, np.array([1, 0, 2]))
    assert log_p[0, 0] == 0.0 and log_p[0, 1] == -1e300
    np.testing.assert_allclose(log_p[1, :2], [-np.log1p(np.exp(-1.0)), -1.0 - np.log1p(np.exp(-1.0))], rtol=1e-15)
    np.testing.assert_allclose(log_p[2], -np.log(3.0), rtol=1e-15)
    assert np.isfinite(loss) and np.all(np.isfinite(d_logits))
    assert d_logits[0, 0] == pytest.approx(1 / 3) and d_logits[0, 1] == pytest.approx(-1 / 3)


@pytest.mark.parametrize("steps", ["all", "last"])
@pytest.mark.parametrize("loss", ["cross_entropy", "mse"])
def test_readout_gradients_match_finite_differences(loss, steps):
    rng = np.random.default_rng(0)
    T, B, F, C = 5, 3, 4, 3
    output = rng.normal(size=(T, B, F))
    readout = gru_viz.Readout.random(F, C, seed=1)
    positions = (T, B) if steps == "all" else (B,)
    target = rng.integers(0, C, positions) if loss == "cross_entropy" else rng.normal(size=(*positions, C))
    result = gru_viz.readout_loss(readout, output, target, loss=loss, steps=steps)

    def value(out=output, W=readout.W, b=readout.b):
        return gru_viz.readout_loss(gru_viz.Readout(W, b), out, target, loss=loss, steps=steps).loss

    assert result.loss == value()
    assert finite_difference_error(result.d_output, central_differences(lambda a: value(out=a), output)) <= 1e-6
    assert finite_difference_error(result.d_readout.W, central_differences(lambda a: value(W=a), readout.W)) <= 1e-6
    assert finite_difference_error(result.d_readout.b, central_differences(lambda a: value(b=a), readout.b)) <= 1e-6
    if steps == "last":
        assert not np.any(result.d_output[:-1])  # only the last step was read
    assert result.prediction.shape == (*positions, C)


@pytest.mark.parametrize("cls", [gru_viz.GRU, gru_viz.LSTM, gru_viz.RNN])
def test_a_loss_on_a_readout_backpropagates_into_the_network(cls):
    rng = np.random.default_rng(1)
    model = cls.random(2, 3, num_layers=2, bidirectional=True, seed=2)
    x, labels = rng.normal(size=(6, 4, 2)), rng.integers(0, 3, 4)
    readout = gru_viz.Readout.random(6, 3, seed=3)
    trace = run(model, x)
    result = gru_viz.readout_loss(readout, trace.output, labels, steps="last")
    grads = gru_viz.backward(model, trace, d_output=result.d_output)

    def loss_with(W_hh):
        changed = with_array(model, 0, 1, "W_hh", W_hh)
        return gru_viz.readout_loss(readout, run(changed, x).output, labels, steps="last").loss

    numeric = central_differences(loss_with, model.layers[0][1].W_hh)
    assert finite_difference_error(grads.layers[0][1].W_hh, numeric) <= 1e-6


def test_bad_targets_are_refused_with_a_reason():
    readout = gru_viz.Readout.random(4, 3)
    output = np.zeros((5, 4))
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\)"):
        gru_viz.readout_loss(readout, output, np.full(5, 3))
    with pytest.raises(ValueError, match="labels must have shape"):
        gru_viz.readout_loss(readout, output, np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match="whole numbers"):
        gru_viz.softmax_cross_entropy(np.zeros((2, 3)), np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="target must have"):
        gru_viz.readout_loss(readout, output, np.zeros((5, 2)), loss="mse")
    with pytest.raises(ValueError, match="loss must be"):
        gru_viz.readout_loss(readout, output, np.zeros(5, dtype=int), loss="hinge")
    with pytest.raises(ValueError, match="output must have shape"):
        gru_viz.readout_loss(readout, np.zeros((5, 2)), np.zeros(5, dtype=int))
