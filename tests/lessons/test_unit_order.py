"""lessons.unit_order: the sentence panel's sorts (memory, activity, effect on the prediction) and filters.

The effect of silencing a unit the head reads is checked by another route: the same model with
that unit's column of the head's first weight matrix set to 0, run whole through predict (which
tests/weights/test_whole_models.py pins to Keras and torch).
"""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

import gru_viz
from lessons.sentence import layer_views, probabilities_of
from lessons.unit_order import ACTIVITY, EFFECT, MEMORY, NUMBER, effects, orders, ranked
from tests.helpers import ROOT

MODELS = ROOT / "tests" / "reference" / "models"
IDS = np.array([3, 7, 1, 12, 5, 9, 2])


def cell_of(z, h):
    return SimpleNamespace(z=np.asarray(z, dtype=float), h=np.asarray(h, dtype=float))


def test_memory_puts_first_the_units_that_keep_their_state_in_either_z_convention():
    z = [[0.9, 0.1, 0.5], [0.7, 0.3, 0.5]]  # unit 0's z is high, unit 1's low
    cell = cell_of(z, np.zeros((2, 3)))
    assert ranked(MEMORY, cell, "GRU", "keeps_old") == [0, 2, 1]  # z on h_{t-1}: high z keeps
    assert ranked(MEMORY, cell, "GRU", "takes_new") == [1, 2, 0]  # z on the candidate: low z keeps
    assert "highest first" in orders("GRU", "keeps_old")[MEMORY]
    assert "lowest first" in orders("GRU", "takes_new")[MEMORY]


def test_activity_is_the_variance_of_h_and_ties_keep_the_units_order_and_shown_cuts():
    h = [[0.0, 1.0, 0.5, -0.5], [0.0, -1.0, 0.5, 0.5]]  # variances 0, 1, 0, 0.25
    cell = cell_of(np.zeros((2, 4)), h)
    assert ranked(ACTIVITY, cell, "RNN") == [1, 3, 0, 2]
    assert ranked(ACTIVITY, cell, "RNN", shown=2) == [1, 3]
    assert ranked(NUMBER, cell, "RNN") == [0, 1, 2, 3]


def test_a_plain_rnn_offers_no_memory_and_only_a_layer_a_head_reads_offers_an_effect():
    assert list(orders("RNN")) == [NUMBER, ACTIVITY]
    assert list(orders("LSTM", with_effect=True)) == [NUMBER, MEMORY, ACTIVITY, EFFECT]
    with pytest.raises(ValueError, match="no order 'memory'"):
        ranked(MEMORY, cell_of(np.zeros((1, 2)), np.zeros((1, 2))), "RNN")


def model(name, vocabulary=None):
    return gru_viz.load_model(MODELS / name, vocabulary=vocabulary and MODELS / vocabulary)


def without_column(model, column):
    first = model.head[0]
    W = first.W.copy()
    W[:, column] = 0.0
    return dataclasses.replace(model, head=(dataclasses.replace(first, W=W), *model.head[1:]))


@pytest.mark.parametrize("name", ["keras_sentiment.keras", "keras_bidir_last.keras", "torch_next_token.safetensors"])
def test_the_effect_of_a_unit_is_the_prediction_moved_by_the_head_not_reading_it(name):
    """Last step only (Keras), both directions of a bidirectional last layer, and a head at every
    step (torch: the prediction after the sentence)."""
    whole = model(name)
    trace = whole.trace(IDS)
    last = [view for view in layer_views(whole, trace) if view.read_by_head]
    assert len(last) == len(trace.cells[-1])

    def top_probability(m):
        out = m.predict(IDS)
        return probabilities_of(m, out[-1] if out.ndim == 2 else out)[0]

    p = top_probability(whole)
    top = int(np.argmax(p))
    for view in last:
        H = view.cell.h.shape[1]
        expected = [abs(top_probability(without_column(whole, view.direction * H + j))[top] - p[top]) for j in range(H)]
        np.testing.assert_allclose(effects(whole, trace, view.direction), expected, rtol=0, atol=1e-12)
        assert max(expected) > 1e-6  # the check can fail: silencing moves the prediction


def test_a_model_with_no_head_has_no_effect():
    whole = dataclasses.replace(model("keras_bidir_last.keras"), head=())
    assert effects(whole, whole.trace(IDS), 0) is None
    assert not any(view.read_by_head for view in layer_views(whole, whole.trace(IDS)))


def test_a_head_of_one_logit_is_a_binary_classifier_and_its_units_have_effects():
    """nn.Linear(H, 1) reads as linear: its one logit becomes a probability by the sigmoid (a
    softmax of one number is always 1, which would make every effect 0)."""
    whole = model("keras_bidir_last.keras")
    first = whole.head[0]
    one = dataclasses.replace(whole, head=(dataclasses.replace(first, W=first.W[:1], b=first.b[:1],
                                                               activation="linear"),))
    trace = one.trace(IDS)
    y = one.head_input(trace)
    p = 1 / (1 + np.exp(-(first.W[0] @ y + first.b[0])))
    H = trace.cells[-1][0].h.shape[1]
    silenced = [1 / (1 + np.exp(-(first.W[0] @ np.where(np.arange(2 * H) == j, 0.0, y) + first.b[0])))
                for j in range(H)]
    np.testing.assert_allclose(effects(one, trace, 0), np.abs(np.array(silenced) - p), rtol=0, atol=1e-15)
    assert effects(one, trace, 0).max() > 1e-6
