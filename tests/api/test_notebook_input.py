"""The notebook shortcuts and refusals: trace.cell for a one-cell network, and a (1, B, I) input
(what x[None] makes of one sequence) refused with how to pass one sequence and a batch, unless an
initial state of the batch's shape says it is B sequences of one step."""

import numpy as np
import pytest

import gru_viz

X = np.random.default_rng(0).normal(size=(10, 3))


@pytest.mark.parametrize("cls", [gru_viz.GRU, gru_viz.LSTM, gru_viz.RNN])
def test_trace_cell_is_the_one_cell_of_a_one_layer_one_direction_network(cls):
    trace = cls.random(3, 4).run(X)
    assert trace.cell is trace.cells[0][0]


@pytest.mark.parametrize("layers, bidirectional, cells", [(2, False, "2 layers and 1 direction, so 2 cells"),
                                                           (1, True, "1 layer and 2 directions, so 2 cells"),
                                                           (3, True, "3 layers and 2 directions, so 6 cells")])
def test_trace_cell_of_a_stacked_or_bidirectional_network_says_to_index_cells(layers, bidirectional, cells):
    trace = gru_viz.GRU.random(3, 4, layers, bidirectional).run(X)
    with pytest.raises(AttributeError, match=rf"{cells}: use trace\.cells\[layer\]\[direction\]"):
        _ = trace.cell


@pytest.mark.parametrize("cls", [gru_viz.GRU, gru_viz.LSTM, gru_viz.RNN])
def test_one_sequence_with_a_batch_axis_in_front_is_refused_with_both_ways_to_say_it(cls):
    model = cls.random(3, 4)
    with pytest.raises(ValueError) as refused:
        model.run(X[None])  # (1, 10, 3): batch first
    message = str(refused.value)
    assert "(1, 10, 3) is ambiguous" in message
    assert "one sequence as (T, I) = (10, 3)" in message and "a batch as (T, B, I), time first" in message
    assert "h0 of shape (1, 10, 4)" in message


def test_a_stacked_network_names_its_own_state_shape_in_the_refusal():
    with pytest.raises(ValueError, match=r"h0 of shape \(4, 10, 5\)"):
        gru_viz.GRU.random(3, 5, num_layers=2, bidirectional=True).run(X[None])


def test_an_initial_state_of_another_shape_does_not_make_it_a_batch():
    model = gru_viz.GRU.random(3, 4)
    with pytest.raises(ValueError, match=r"ambiguous.*\(h0 must have shape \(1, 10, 4\), got \(4,\)\)"):
        model.run(X[None], h0=np.zeros(4))


@pytest.mark.parametrize("cls", [gru_viz.GRU, gru_viz.LSTM, gru_viz.RNN])
def test_one_step_of_a_batch_runs_when_its_initial_state_says_batch(cls):
    model = cls.random(3, 4, num_layers=2, seed=2)
    x = X[None]  # one step of 10 sequences
    h0 = np.random.default_rng(1).uniform(-1, 1, (2, 10, 4))
    trace = model.run(x, h0)
    assert trace.output.shape == (1, 10, 4)
    for b in (0, 9):
        np.testing.assert_allclose(trace.output[:, b], model.run(x[:, b], h0[:, b]).output, rtol=0, atol=1e-15)


def test_an_lstm_batch_of_one_step_may_say_so_with_its_cell_state():
    model = gru_viz.LSTM.random(3, 4)
    assert model.run(X[None], c0=np.zeros((1, 10, 4))).output.shape == (1, 10, 4)


@pytest.mark.parametrize("shape", [(1, 1, 3), (1, 3), (10, 1, 3), (2, 10, 3)])
def test_inputs_that_read_one_way_only_still_run(shape):
    trace = gru_viz.GRU.random(3, 4).run(np.ones(shape))
    assert trace.output.shape == (*shape[:-1], 4)


def test_training_batches_run_time_first():
    from gru_viz.train import TrainConfig, advance, start

    state = advance(start(TrainConfig(model="GRU", hidden_size=4, length=1, steps=2, batch_size=3)), 2)
    assert state.step == 2 and np.isfinite(state.loss).all()  # recall with k = 1: x is (2, B, I)
