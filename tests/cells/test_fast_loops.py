"""The fast loops (gru_forward, lstm_forward, rnn_forward) record what their plain step, run over
time, records: within 1e-15 on every field, for every z convention and reset position, with and
without each bias, one sequence (T, I) or a batch (T, B, I), in either direction, on sizes from
one unit and one input up. The plain steps are the definition (STYLE.md, principle 1); the fast
loops group the same sums differently, so they may differ in the last bit or two. The values are
the app's kind: PyTorch's initialisation, inputs and initial states in [-1, 1], so every sum stays
below 4 in magnitude, where 1e-15 is two units in the last place."""

import numpy as np
import pytest

from gru_viz.cells.gru import GRUStep, gru_forward, gru_step
from gru_viz.cells.lstm import LSTMStep, lstm_forward, lstm_step
from gru_viz.cells.rnn import RNNStep, rnn_forward, rnn_step
from gru_viz.cells.weights import CellWeights

TOLERANCE = 1e-15
SIZES = [(1, 1, 1), (6, 1, 4), (9, 3, 1), (12, 4, 6), (40, 8, 16)]  # (T, I, H)
SEEDS = (0, 1, 2)
BIASES = [(True, True), (True, False), (False, True), (False, False)]  # (b_ih, b_hh) present
BATCH = 5


def random_weights(gates, I, H, biases, rng):
    """PyTorch's initialisation, U(-1/sqrt(H), 1/sqrt(H)), with the chosen biases left out."""
    k = 1 / np.sqrt(H)
    has_ih, has_hh = biases
    return CellWeights(rng.uniform(-k, k, (gates * H, I)), rng.uniform(-k, k, (gates * H, H)),
                       rng.uniform(-k, k, gates * H) if has_ih else None,
                       rng.uniform(-k, k, gates * H) if has_hh else None)


def cases(gates, biases, batched):
    """(weights, x, initial states, rng) for every size and seed."""
    for T, I, H in SIZES:
        for seed in SEEDS:
            rng = np.random.default_rng([seed, T, I, H])
            lead = (BATCH,) if batched else ()
            x = rng.uniform(-1, 1, (T, *lead, I))
            yield random_weights(gates, I, H, biases, rng), x, rng.uniform(-1, 1, (*lead, H)), rng


def plain_run(step, weights, x, states, reverse, **conventions):
    """Run step(weights, x_t, *states, **conventions) over time from `states`, the next states
    being the step's fields h (and c), from the last step back if reverse; returns {field: (T, ...)
    array} in input-time order, with h_prev (and c_prev)."""
    T = x.shape[0]
    records = [None] * T
    for t in range(T - 1, -1, -1) if reverse else range(T):
        record = step(weights, x[t], *states, **conventions)._asdict()
        record["h_prev"] = states[0]
        if len(states) == 2:
            record["c_prev"] = states[1]
        records[t] = record
        states = (record["h"], record["c"]) if len(states) == 2 else (record["h"],)
    return {name: np.stack([record[name] for record in records]) for name in records[0]}


def assert_equal_to_plain(trace, plain, fields):
    assert set(fields) <= set(plain)
    for name in fields:
        fast, reference = getattr(trace, name), plain[name]
        assert fast.shape == reference.shape, name
        worst = np.max(np.abs(fast - reference))
        assert worst <= TOLERANCE, f"{name}: max |fast - plain| = {worst:.3g}"


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("biases", BIASES)
@pytest.mark.parametrize("reset", ["before", "after"])
@pytest.mark.parametrize("z_convention", ["takes_new", "keeps_old"])
def test_fast_gru_loop_equals_plain_step(z_convention, reset, biases, batched, reverse):
    for weights, x, h0, _ in cases(3, biases, batched):
        trace = gru_forward(weights, x, h0, reset=reset, z_convention=z_convention, reverse=reverse)
        plain = plain_run(gru_step, weights, x, (h0,), reverse, reset=reset, z_convention=z_convention)
        assert_equal_to_plain(trace, plain, (*GRUStep._fields, "h_prev"))


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("biases", BIASES)
def test_fast_lstm_loop_equals_plain_step(biases, batched, reverse):
    for weights, x, h0, rng in cases(4, biases, batched):
        c0 = rng.uniform(-2, 2, h0.shape)
        trace = lstm_forward(weights, x, h0, c0, reverse=reverse)
        plain = plain_run(lstm_step, weights, x, (h0, c0), reverse)
        assert_equal_to_plain(trace, plain, (*LSTMStep._fields, "h_prev", "c_prev"))


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("biases", BIASES)
def test_fast_rnn_loop_equals_plain_step(biases, batched, reverse):
    for weights, x, h0, _ in cases(1, biases, batched):
        trace = rnn_forward(weights, x, h0, reverse=reverse)
        plain = plain_run(rnn_step, weights, x, (h0,), reverse)
        assert_equal_to_plain(trace, plain, (*RNNStep._fields, "h_prev"))


def test_each_step_record_has_the_per_step_fields_of_its_trace():
    assert GRUStep._fields == ("a_r", "a_z", "r", "z", "h_tilde_rec", "a_h_tilde", "h_tilde", "h")
    assert LSTMStep._fields == ("a", "i", "f", "g", "o", "c", "c_tanh", "h")
    assert RNNStep._fields == ("a", "h")
