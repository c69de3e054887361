"""lessons.export: a cell trace as CSV (read back with the csv module, every number exact) and
export file names."""

import csv
import io
import re

import numpy as np
import pytest

import gru_viz
from lessons.explore import run_state
from lessons.export import figure_filename, trace_csv
from lessons.presets import random_gru, two_speeds

GRU_COLUMNS = ["h_prev", "r", "z", "h_tilde", "h", "a_r", "a_z", "h_tilde_rec", "a_h_tilde"]
LSTM_COLUMNS = ["h_prev", "c_prev", "i", "f", "g", "o", "c", "c_tanh", "h", "a_i", "a_f", "a_g", "a_o"]
RNN_COLUMNS = ["h_prev", "h", "a"]


def read(text):
    """(header, rows as lists of strings) of CSV text."""
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, rows


def as_arrays(header, rows, T, H):
    """{column: (T, H) float array} for the per-unit columns, and the (T, I) inputs."""
    index = {name: k for k, name in enumerate(header)}
    I = sum(name.startswith("x_") for name in header)
    x = np.array([[float(row[index[f"x_{k}"]]) for k in range(I)] for row in rows[::H]])
    columns = {
        name: np.array([float(row[k]) for row in rows]).reshape(T, H)
        for name, k in index.items()
        if name not in ("step", "token", "unit") and not name.startswith("x_")
    }
    return x, columns


def exactly_equal(a, b):
    """Same float64 values bit for bit (so -0.0 and 0.0 differ, and NaN equals NaN)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and a.tobytes() == b.tobytes()


def gru_cell(**kwargs):
    x = np.random.default_rng(3).normal(size=(7, 3))
    return gru_viz.GRU.random(input_size=3, hidden_size=4, seed=1, **kwargs).run(x).cells[0][0]


def test_gru_csv_has_a_row_per_step_and_unit_with_every_recorded_field():
    trace = gru_cell()
    header, rows = read(trace_csv(trace))
    assert header == ["step", "token", "unit", "x_0", "x_1", "x_2", *GRU_COLUMNS]
    assert len(rows) == 7 * 4
    assert [(int(r[0]), int(r[2])) for r in rows] == [(t, u) for t in range(7) for u in range(4)]
    assert all(len(row) == len(header) for row in rows)


@pytest.mark.parametrize("reset", ["before", "after"])
@pytest.mark.parametrize("z_convention", ["takes_new", "keeps_old"])
def test_gru_csv_values_read_back_exactly(reset, z_convention):
    trace = gru_cell(reset=reset, z_convention=z_convention)
    header, rows = read(trace_csv(trace))
    x, columns = as_arrays(header, rows, 7, 4)
    assert exactly_equal(x, trace.x)
    for name in GRU_COLUMNS:
        assert exactly_equal(columns[name], getattr(trace, name)), name


def test_lstm_csv_splits_the_pre_activations_by_gate_and_reads_back_exactly():
    x = np.random.default_rng(4).normal(size=(5, 2))
    trace = gru_viz.LSTM.random(input_size=2, hidden_size=3, seed=2).run(x).cells[0][0]
    header, rows = read(trace_csv(trace))
    assert header == ["step", "token", "unit", "x_0", "x_1", *LSTM_COLUMNS] and len(rows) == 5 * 3
    x_back, columns = as_arrays(header, rows, 5, 3)
    assert exactly_equal(x_back, trace.x)
    for name in LSTM_COLUMNS[:9]:
        assert exactly_equal(columns[name], getattr(trace, name)), name
    a = np.concatenate([columns[f"a_{gate}"] for gate in "ifgo"], axis=1)
    assert exactly_equal(a, trace.a)


def test_rnn_csv_reads_back_exactly():
    x = np.random.default_rng(5).normal(size=(6, 1))
    trace = gru_viz.RNN.random(input_size=1, hidden_size=2, seed=3).run(x).cells[0][0]
    header, rows = read(trace_csv(trace))
    assert header == ["step", "token", "unit", "x_0", *RNN_COLUMNS] and len(rows) == 6 * 2
    x_back, columns = as_arrays(header, rows, 6, 2)
    assert exactly_equal(x_back, trace.x)
    for name in RNN_COLUMNS:
        assert exactly_equal(columns[name], getattr(trace, name)), name


def test_a_backward_cell_is_written_in_input_time_order():
    x = np.random.default_rng(6).normal(size=(4, 2))
    backward = gru_viz.GRU.random(input_size=2, hidden_size=2, bidirectional=True, seed=4).run(x).cells[0][1]
    assert backward.reverse
    header, rows = read(trace_csv(backward))
    x_back, columns = as_arrays(header, rows, 4, 2)
    assert exactly_equal(x_back, x) and exactly_equal(columns["h"], backward.h)


def test_awkward_floats_survive_the_round_trip():
    values = np.array([[5e-324, -0.0], [1 / 3, 1.7976931348623157e308], [-2.5e-17, 0.1 + 0.2]])
    fields = {name: values for name in GRU_COLUMNS}
    trace = gru_viz.GRUTrace(x=values[:, :1], reset="before", z_convention="takes_new", **fields)
    header, rows = read(trace_csv(trace))
    x_back, columns = as_arrays(header, rows, 3, 2)
    assert exactly_equal(x_back, values[:, :1])
    for name in GRU_COLUMNS:
        assert exactly_equal(columns[name], values), name


def test_tokens_fill_the_token_column_and_survive_commas_and_quotes():
    state = two_speeds()
    trace = run_state(state).cells[0][0]
    H = trace.h.shape[1]
    tokens = ['say "hi", then', *state.tokens()[1:]]
    _, rows = read(trace_csv(trace, tokens))
    assert [row[1] for row in rows] == [tok for tok in tokens for _ in range(H)]
    _, rows = read(trace_csv(trace))
    assert {row[1] for row in rows} == {""}


def test_tokens_a_spreadsheet_would_run_as_formulas_are_written_quoted():
    trace = gru_cell()
    tokens = ["=SUM(A1)", "+1", "-x", "@me", "plain", "x=1", "a"]
    _, rows = read(trace_csv(trace, tokens))
    assert [row[1] for row in rows[::4]] == ["'=SUM(A1)", "'+1", "'-x", "'@me", "plain", "x=1", "a"]


def test_wrong_inputs_are_refused_with_a_reason():
    trace = gru_cell()
    with pytest.raises(ValueError, match="7 labels"):
        trace_csv(trace, ["a", "b"])
    network = gru_viz.GRU.random(input_size=3, hidden_size=4, seed=1).run(np.zeros((2, 3)))
    with pytest.raises(TypeError, match=r"cells\[layer\]\[direction\]"):
        trace_csv(network)
    batched = gru_viz.GRU.random(input_size=3, hidden_size=4, seed=1).run(np.zeros((2, 5, 3))).cells[0][0]
    with pytest.raises(ValueError, match="batched"):
        trace_csv(batched)


def test_filename_of_a_state_names_its_step_and_conventions():
    state = random_gru().with_changes(step=3)
    assert figure_filename("cell", "cell", state) == "gru-cell-step3-z_takes_new-reset_before"
    flipped = state.with_changes(z_convention="keeps_old", reset="after")
    assert figure_filename("cell", "diagram", flipped) == "gru-cell-diagram-step3-z_keeps_old-reset_after"


def test_filename_of_parameters_follows_their_order():
    params = {"unit": 2, "z_convention": "keeps_old", "scale": 0.5, "shift": -1, "bidirectional": True,
              "clamp": None, "reverse": False}
    expected = "gru-memory-survival-unit2-z_keeps_old-scale0p5-shiftm1-bidirectional"
    assert figure_filename("memory", "survival", params) == expected
    assert figure_filename("sequence", "heatmaps") == "gru-sequence-heatmaps"


def test_filename_uses_only_safe_characters_and_stays_short():
    name = figure_filename("One step: the Cell!", "h̃ / z ../..\\x", {"example": "Trained GRU: délayed <recall>" * 20})
    assert re.fullmatch(r"[a-z0-9_-]+", name) and len(name) <= 120
    assert name.startswith("gru-one_step_the_cell-")
