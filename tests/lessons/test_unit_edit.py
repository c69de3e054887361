"""lessons.unit_edit: a followed unit's rows as a table, and a table written back changes those rows
alone, in a network or a Stack, either direction."""

import numpy as np
import pytest

import gru_viz
from lessons.state import StateError
from lessons.unit_edit import cell_of, unit_table, with_unit_table
from tests.helpers import ROOT

MODELS = ROOT / "tests" / "reference" / "models"
IDS = np.array([3, 7, 1, 12, 5])


@pytest.mark.parametrize("name, layer, direction", [
    ("keras_sentiment.keras", 0, 1),  # a Stack: its bidirectional layer's backward cell
    ("keras_sentiment.keras", 1, 0),  # the Stack's last layer
    ("keras_bidir_last.keras", 0, 0),  # a network
])
def test_the_table_is_the_units_rows_and_an_edit_changes_those_alone(name, layer, direction):
    model = gru_viz.load_model(MODELS / name)
    cell = cell_of(model.recurrent, layer, direction)
    H, I, unit = cell.hidden_size, cell.input_size, 2
    table = unit_table(model.recurrent, layer, direction, unit, "GRU")
    assert list(table.columns) == ["r", "z", "h̃"] and len(table) == 2 + I + H  # Keras reset_after: two biases
    np.testing.assert_array_equal(table.loc["bias b_ih", "z"], cell.b_ih[H + unit])
    np.testing.assert_array_equal(table.loc[f"state h[{H - 1}] before", "h̃"], cell.W_hh[2 * H + unit, H - 1])
    same = with_unit_table(model, layer, direction, unit, "GRU", table.to_numpy())
    np.testing.assert_array_equal(same.predict(IDS), model.predict(IDS))

    values = table.to_numpy().copy()
    values[0, 1] += 3.0  # the z gate's input bias
    values[2, 0] = -1.5  # r's weight from x[0]
    edited = with_unit_table(model, layer, direction, unit, "GRU", values)
    new = cell_of(edited.recurrent, layer, direction)
    expected_b, expected_W = cell.b_ih.copy(), cell.W_ih.copy()
    expected_b[H + unit] += 3.0
    expected_W[unit, 0] = -1.5
    np.testing.assert_array_equal(new.b_ih, expected_b)
    np.testing.assert_array_equal(new.W_ih, expected_W)
    np.testing.assert_array_equal(new.W_hh, cell.W_hh)
    assert not np.allclose(edited.predict(IDS), model.predict(IDS))
    z = edited.trace(IDS).cells[layer][direction].z
    assert np.all(z[:, unit] > model.trace(IDS).cells[layer][direction].z[:, unit])  # a bigger z bias


@pytest.mark.parametrize("value, message", [(np.nan, "NaN"), (1e7, "beyond"), ("x", "must be a number")])
def test_a_bad_number_is_refused_and_changes_nothing(value, message):
    model = gru_viz.load_model(MODELS / "keras_bidir_last.keras")
    values = unit_table(model.recurrent, 0, 0, 1, "GRU").to_numpy().astype(object)
    values[3, 2] = value
    with pytest.raises(StateError, match=message):
        with_unit_table(model, 0, 0, 1, "GRU", values)
    with pytest.raises(StateError, match="rows of 3 gates"):
        with_unit_table(model, 0, 0, 1, "GRU", unit_table(model.recurrent, 0, 0, 1, "GRU").to_numpy()[:-1])
