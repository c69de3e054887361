"""Models compare by value: the same class, conventions and arrays exactly (absent biases too),
with a hash that agrees, so equal models are one key of a dict, and the weights' prepared-matrix
cache (CellWeights.prepared) keeps working."""

import dataclasses

import numpy as np
import pytest

import gru_viz
from gru_viz.cells.weights import CellWeights


def gru(**options):
    return gru_viz.GRU.random(3, 4, num_layers=2, bidirectional=True, seed=1, **options)


def with_cell(model, **arrays):
    """model with layer 0's forward cell given new arrays (the rest as they are)."""
    cell = model.layers[0][0]
    new = CellWeights(**{**{k: getattr(cell, k) for k in ("W_ih", "W_hh", "b_ih", "b_hh")}, **arrays})
    return dataclasses.replace(model, layers=((new, *model.layers[0][1:]), *model.layers[1:]))


@pytest.mark.parametrize("make", [
    lambda: gru(), lambda: gru(reset="after", z_convention="keeps_old"),
    lambda: gru_viz.LSTM.random(3, 4, 2, True, seed=1), lambda: gru_viz.RNN.random(3, 4, seed=1),
], ids=["gru-before", "gru-after", "lstm", "rnn"])
def test_two_models_built_alike_are_equal_and_hash_alike(make):
    a, b = make(), make()
    assert a is not b and a == b and hash(a) == hash(b)
    assert len({a: "x", b: "y"}) == 1


def test_one_changed_number_makes_a_different_model():
    model = gru()
    W = model.layers[0][0].W_hh.copy()
    W[0, 0] = np.nextafter(W[0, 0], 1.0)
    assert with_cell(model, W_hh=W) != model


def test_conventions_and_class_are_part_of_the_value():
    model = gru(reset="after")
    assert model.with_z_convention("keeps_old") != model  # the same function, other arrays and convention
    assert model.with_z_convention("keeps_old").with_z_convention("takes_new") == model  # negation is exact
    assert gru_viz.GRU(model.layers, reset="before", z_convention="takes_new") != model  # another function
    assert gru_viz.RNN.random(3, 4, seed=1) != gru_viz.GRU.random(3, 4, seed=1)
    assert gru_viz.GRU.random(3, 4) != "GRU"


def test_an_absent_bias_differs_from_a_bias_of_zeros():
    model = gru_viz.GRU.random(3, 4, seed=1)  # reset before: no b_hh
    zeros = with_cell(model, b_hh=np.zeros(12))
    assert zeros != model
    assert with_cell(model, b_hh=None) == model


def test_minus_zero_and_zero_are_equal_numbers_and_hash_alike():
    model = gru_viz.GRU.random(3, 4, seed=1)
    b = model.layers[0][0].b_ih.copy()
    b[0] = 0.0
    plus, minus = with_cell(model, b_ih=b), with_cell(model, b_ih=np.where(np.arange(12) == 0, -0.0, b))
    assert np.signbit(minus.layers[0][0].b_ih[0]) and plus == minus and hash(plus) == hash(minus)


def test_running_a_model_and_comparing_it_leave_the_prepared_cache_working():
    a, b = gru(reset="after"), gru(reset="after")
    before = hash(a)
    a.run(np.ones((5, 3)))  # fills each cell's prepared matrices
    builds = []
    cell = a.layers[0][0]
    assert cell.prepared("probe", lambda w: builds.append(w) or "built") == "built"
    assert a == b and hash(a) == before == hash(b) and {a: 1}[b] == 1
    assert cell.prepared("probe", lambda w: builds.append(w) or "again") == "built" and len(builds) == 1
    np.testing.assert_array_equal(a.run(np.ones((5, 3))).output, b.run(np.ones((5, 3))).output)
