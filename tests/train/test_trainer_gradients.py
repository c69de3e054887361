"""The trainer's gradient is the true one: d loss / d every parameter (network and read-out), through
the read-out and the loss, against fourth-order finite differences of the loss itself."""

import numpy as np
import pytest

from gru_viz.train import TrainConfig, loss_and_gradient
from gru_viz.train.params import initial_params
from tests.backprop.support import central_differences, finite_difference_error

CASES = [  # (task, what it exercises)
    ("recall", "cross-entropy read at the last step"),
    ("parity", "cross-entropy read at every step"),
    ("adding", "squared error read at the last step"),
]
MODELS = [("GRU", "before"), ("GRU", "after"), ("LSTM", "before"), ("RNN", "before")]


@pytest.mark.parametrize("model,reset", MODELS)
@pytest.mark.parametrize("task,_", CASES)
def test_gradient_matches_finite_differences(task, _, model, reset):
    config = TrainConfig(task=task, model=model, reset=reset, hidden_size=3, length=4, symbols=3, batch_size=5,
                         seed=3, keep_bias=1.0)
    params = initial_params(config.layout, config.seed, config.keep_bias) * 2.0  # not only tiny weights
    x, target = config.the_task.batch(np.random.default_rng(7), config.batch_size)
    loss, _, grad = loss_and_gradient(config, params, x, target)
    numeric = central_differences(lambda p: loss_and_gradient(config, p, x, target)[0], params)
    assert finite_difference_error(grad, numeric) <= 1e-7
    assert np.isfinite(loss) and grad.shape == params.shape


def test_next_character_gradient_matches_finite_differences():
    config = TrainConfig(task="text", model="GRU", hidden_size=2, length=3, batch_size=2, seed=1)
    params = initial_params(config.layout, config.seed)
    x, target = config.the_task.batch(np.random.default_rng(0), config.batch_size)
    _, _, grad = loss_and_gradient(config, params, x, target)
    numeric = central_differences(lambda p: loss_and_gradient(config, p, x, target)[0], params)
    assert finite_difference_error(grad, numeric) <= 1e-7


def test_the_keep_bias_starts_the_keeping_gate_on_keep():
    for model, rows_sign in (("GRU", -1.0), ("LSTM", 1.0)):
        config = TrainConfig(model=model, hidden_size=4, keep_bias=2.0)
        views = config.layout.views(initial_params(config.layout, 0, 2.0))
        np.testing.assert_array_equal(views["b_ih"][4:8], rows_sign * 2.0)
        if "b_hh" in views:
            np.testing.assert_array_equal(views["b_hh"][4:8], 0.0)
    plain = TrainConfig(model="RNN", hidden_size=4)
    np.testing.assert_array_equal(initial_params(plain.layout, 0, 2.0), initial_params(plain.layout, 0))
