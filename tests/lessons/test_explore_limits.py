"""lessons.explore checks the explorer's limits from a model's sizes before converting anything,
and converts only the cell it explores (issue 18: a 1024-unit upload was converted whole first)."""

import numpy as np
import pytest

import gru_viz
from gru_viz.weights import ModelOutline
from lessons import presets
from lessons.explore import explorable_cells, state_for_cell
from lessons.state import StateError


def outline(input_size, hidden_size, layers=1, directions=1, kind="GRU"):
    return ModelOutline(kind, layers, directions, input_size, hidden_size, 0, "after", "keeps_old")


def test_a_cell_beyond_the_limits_is_refused_from_its_sizes_alone():
    current = presets.write_once_carry()
    with pytest.raises(StateError, match="the input has 1024 features; the limit is 8"):
        state_for_cell(outline(1024, 1024), current)  # an outline has no weights to convert
    with pytest.raises(StateError, match="the GRU has 17 hidden units; the limit is 16"):
        state_for_cell(outline(3, 17), current)


def test_only_the_explored_cell_is_converted(monkeypatch):
    model = gru_viz.GRU.random(3, 4, num_layers=2, bidirectional=True, reset="after", z_convention="keeps_old")
    expected = model.with_z_convention("takes_new").layers[1][1]

    def refused(*args):
        raise AssertionError("the whole model was converted")

    monkeypatch.setattr(gru_viz.GRU, "with_z_convention", refused)
    state = state_for_cell(model, presets.write_once_carry(), 1, 1)
    np.testing.assert_array_equal(np.array(state.W_ih), expected.W_ih)
    np.testing.assert_array_equal(np.array(state.W_hh), expected.W_hh)
    np.testing.assert_array_equal(np.array(state.b_hh), expected.b_hh)
    assert (state.z_convention, state.input_size) == ("keeps_old", 8)


def test_the_explorable_cells_are_read_from_sizes():
    assert explorable_cells(outline(3, 4, layers=2, directions=2)) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert explorable_cells(outline(3, 8, layers=2, directions=2)) == [(0, 0), (0, 1)]  # layer 1 reads 16
    assert explorable_cells(outline(3, 17)) == []
    assert explorable_cells(outline(3, 4, kind="LSTM")) == []
    assert explorable_cells(gru_viz.GRU.random(9, 4, num_layers=2)) == [(1, 0)]  # a real model alike
