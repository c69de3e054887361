"""Short reprs: a model, a trace, gradients and a loaded file print their sizes and conventions in
one line, never their arrays, whatever their size."""

import numpy as np
import pytest

import gru_viz
from gru_viz.reprs import trace_repr

X = np.random.default_rng(0).normal(size=(10, 3))


def test_a_gru_prints_its_sizes_and_both_conventions():
    model = gru_viz.GRU.random(3, 4, reset="after", z_convention="keeps_old")
    assert repr(model) == ("GRU(input_size=3, hidden_size=4, layers=1, bidirectional=False, reset='after', "
                           "z_convention='keeps_old')")


def test_an_lstm_and_an_rnn_print_their_sizes_without_gru_fields():
    assert repr(gru_viz.LSTM.random(3, 4, 2, True)) == "LSTM(input_size=3, hidden_size=4, layers=2, bidirectional=True)"
    assert repr(gru_viz.RNN.random(2, 5)) == "RNN(input_size=2, hidden_size=5, layers=1, bidirectional=False)"


def test_a_network_trace_prints_cell_steps_batch_layers_and_conventions():
    trace = gru_viz.GRU.random(3, 4).run(X)
    assert repr(trace) == ("NetworkTrace(GRU, steps=10, batch=None, layers=1, directions=1, hidden_size=4, "
                           "reset='before', z_convention='takes_new')")
    batched = gru_viz.LSTM.random(3, 4, 2, True).run(np.zeros((6, 5, 3)))
    assert repr(batched) == "NetworkTrace(LSTM, steps=6, batch=5, layers=2, directions=2, hidden_size=4)"


def test_gradients_print_the_cell_and_the_run_they_belong_to():
    model = gru_viz.RNN.random(3, 4, num_layers=2)
    trace = model.run(X)
    grads = gru_viz.backward(model, trace, d_output=np.ones_like(trace.output))
    assert repr(grads) == "Gradients(RNN, steps=10, batch=None, layers=2, directions=1, hidden_size=4)"


def test_loaded_weights_print_the_framework_the_file_and_the_model(tmp_path):
    model = gru_viz.GRU.random(3, 4, reset="after", z_convention="keeps_old")
    found = gru_viz.read_weights(gru_viz.save_weights(model, tmp_path / "m.safetensors"))
    assert repr(found) == (f"LoadedWeights(framework='PyTorch', file='safetensors', model={model!r}, "
                           f"notes={len(found.notes)})")


@pytest.mark.parametrize("cls, fields", [
    (gru_viz.GRU, ", reverse=False, reset='before', z_convention='takes_new'"),
    (gru_viz.LSTM, ", reverse=False"),
    (gru_viz.RNN, ", reverse=False"),
])
def test_the_shared_trace_repr_names_the_cell_its_sizes_and_conventions(cls, fields):
    cell = cls.random(3, 4).run(X).cell
    assert trace_repr(cell) == f"{type(cell).__name__}(steps=10, batch=None, input_size=3, hidden_size=4{fields})"


def test_the_trace_repr_of_a_backward_cell_in_a_batch_says_so():
    cell = gru_viz.GRU.random(3, 4, bidirectional=True, reset="after").run(np.zeros((7, 2, 3))).cells[0][1]
    assert trace_repr(cell) == ("GRUTrace(steps=7, batch=2, input_size=3, hidden_size=4, reverse=True, "
                                "reset='after', z_convention='takes_new')")


def test_no_repr_prints_an_array_however_big_the_model():
    model = gru_viz.LSTM.random(40, 64, num_layers=3, bidirectional=True)
    trace = model.run(np.zeros((50, 40)))
    grads = gru_viz.backward(model, trace, d_h_n=np.ones_like(trace.h_n))
    for obj in (model, trace, grads, trace_repr(trace.cells[0][0])):
        text = obj if isinstance(obj, str) else repr(obj)
        assert "array" not in text and "\n" not in text and len(text) < 130, text


@pytest.mark.parametrize("cls, extra", [(gru_viz.GRU, ", reset='before', z_convention='takes_new'"),
                                        (gru_viz.LSTM, ""), (gru_viz.RNN, "")])
def test_a_cell_trace_prints_one_line_without_arrays(cls, extra):
    cell = cls.random(3, 4).run(np.zeros((10, 3))).cell
    sizes = "steps=10, batch=None, input_size=3, hidden_size=4, reverse=False"
    assert repr(cell) == f"{type(cell).__name__}({sizes}{extra})"
