"""What gradient_flow and gru_gradient_paths mean: how much of d h_{T-1} reaches back to step t.

Behaviour: a GRU whose update gate stays shut (z near 0, takes_new) passes the gradient back
untouched, g = sqrt(H) at every step; a plain RNN with small weights loses it geometrically; the
direct path is the product of diag(1 - z_t) (diag(z_t) keeps_old), and with no recurrent weights
it is the whole Jacobian. Oracle: Jacobians by finite differences on random sizes.
"""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gru_viz
from gru_viz.cells.weights import CellWeights
from tests.backprop.support import numeric_jacobian, relative_error, run


def with_rows(model, rows, W_value=None, b_value=None):
    """A copy of a one-layer model whose gate rows `rows` have W_ih, W_hh set to W_value (if given)
    and b_ih set to b_value (if given) and b_hh zeroed."""
    cell = model.layers[0][0]
    W_ih, W_hh = cell.W_ih.copy(), cell.W_hh.copy()
    b_ih = cell.b_ih.copy()
    b_hh = None if cell.b_hh is None else cell.b_hh.copy()
    if W_value is not None:
        W_ih[rows], W_hh[rows] = W_value, W_value
    if b_value is not None:
        b_ih[rows] = b_value
        if b_hh is not None:
            b_hh[rows] = 0.0
    return dataclasses.replace(model, layers=((CellWeights(W_ih, W_hh, b_ih, b_hh),),))


@pytest.mark.parametrize("reset", ["before", "after"])
def test_a_shut_update_gate_carries_the_gradient_back_100_steps_unchanged(reset):
    H = 8
    model = gru_viz.GRU.random(3, H, reset=reset, z_convention="takes_new", seed=1)
    model = with_rows(model, slice(H, 2 * H), W_value=0.0, b_value=-20.0)  # z = sigmoid(-20) ~ 2e-9
    x = np.random.default_rng(0).normal(size=(100, 3))
    g = gru_viz.gradient_flow(model, x)
    np.testing.assert_allclose(g, np.sqrt(H), rtol=1e-6)
    paths = gru_viz.gru_gradient_paths(model, x)
    np.testing.assert_allclose(paths.direct, np.sqrt(H), rtol=1e-6)


def test_a_plain_rnn_with_small_weights_loses_the_gradient_geometrically():
    H, T = 6, 40
    model = gru_viz.RNN.random(2, H, seed=2)
    cell = model.layers[0][0]
    W_hh = cell.W_hh * (0.5 / np.linalg.norm(cell.W_hh, 2))  # spectral norm 0.5
    model = gru_viz.RNN(((CellWeights(cell.W_ih, W_hh, cell.b_ih, cell.b_hh),),))
    g = gru_viz.gradient_flow(model, np.random.default_rng(1).normal(size=(T, 2)))
    steps_back = np.arange(T)[::-1]
    # each step multiplies the Jacobian by diag(1 - h^2) W_hh, whose norm is at most 0.5
    assert np.all(g <= np.sqrt(H) * 0.5**steps_back * (1 + 1e-12))
    assert np.all(np.diff(g) > 0)  # smaller at every step further back
    slope = np.polyfit(steps_back, np.log(g), 1)[0]
    assert slope < np.log(0.5)  # a straight line down on a log scale: geometric decay


@pytest.mark.parametrize("convention", ["takes_new", "keeps_old"])
@pytest.mark.parametrize("reset", ["before", "after"])
def test_the_direct_path_is_the_product_of_the_gated_shortcuts(reset, convention):
    model = gru_viz.GRU.random(3, 5, num_layers=2, bidirectional=True, reset=reset, z_convention=convention, seed=4)
    x = np.random.default_rng(3).normal(size=(12, 3))
    z = model.run(x).cells[-1][0].z  # the last layer's forward cell
    shortcut = 1 - z if convention == "takes_new" else z
    paths = gru_viz.gru_gradient_paths(model, x)
    for t in range(12):
        product = np.diag(np.ones(5))
        for k in range(t + 1, 12):
            product = product @ np.diag(shortcut[k])
        assert paths.direct[t] == pytest.approx(np.linalg.norm(product), rel=1e-13, abs=1e-300)
    np.testing.assert_allclose(paths.full, gru_viz.gradient_flow(model, x), rtol=0, atol=0)


@pytest.mark.parametrize("reset", ["before", "after"])
def test_without_recurrent_weights_the_shortcut_is_the_whole_jacobian(reset):
    H = 4
    model = gru_viz.GRU.random(2, H, reset=reset, seed=5)
    cell = model.layers[0][0]
    model = gru_viz.GRU(((CellWeights(cell.W_ih, np.zeros_like(cell.W_hh), cell.b_ih, None),),), reset=reset)
    paths = gru_viz.gru_gradient_paths(model, np.random.default_rng(2).normal(size=(15, 2)))
    np.testing.assert_allclose(paths.full, paths.direct, rtol=1e-14)


def test_the_z_convention_does_not_change_the_flow():
    model = gru_viz.GRU.random(3, 4, num_layers=2, reset="after", z_convention="keeps_old", seed=6)
    x = np.random.default_rng(4).normal(size=(9, 3))
    other = model.with_z_convention("takes_new")
    for wrt in ("state", "input"):
        expected = gru_viz.gradient_flow(model, x, wrt)
        np.testing.assert_allclose(gru_viz.gradient_flow(other, x, wrt), expected, rtol=1e-13)
    a, b = gru_viz.gru_gradient_paths(model, x), gru_viz.gru_gradient_paths(other, x)
    np.testing.assert_allclose(b.direct, a.direct, rtol=1e-13)


def finite_difference_flow(model, x, wrt, h0, c0):
    """g from Jacobians by finite differences: of the whole rerun network for wrt="input"; for
    wrt="state", of the last layer's forward cell rerun alone from its state after step t."""
    top = (model.num_layers - 1) * model.num_directions
    if wrt == "input":
        J = numeric_jacobian(lambda a: run(model, a, h0, c0).h_n[top], x)  # (T, I, H)
        return np.sqrt(np.sum(J**2, axis=(1, 2)))
    cell = run(model, x, h0, c0).cells[-1][0]
    alone = dataclasses.replace(model, layers=((model.layers[-1][0],),))
    g = np.empty(x.shape[0])
    for t in range(x.shape[0]):
        if t == x.shape[0] - 1:  # nothing left to run: h_{T-1} is the state itself
            g[t] = np.sqrt(model.hidden_size)
            continue
        rest, h_t, c_t = cell.x[t + 1 :], cell.h[t], None if c0 is None else cell.c[t]
        squares = np.sum(numeric_jacobian(lambda h, r=rest, c=c_t: run(alone, r, h, c).h_n[0], h_t) ** 2)
        if c0 is not None:
            squares += np.sum(numeric_jacobian(lambda c, r=rest, h=h_t: run(alone, r, h, c).h_n[0], c_t) ** 2)
        g[t] = np.sqrt(squares)
    return g


@settings(max_examples=20, deadline=None)
@given(kind=st.sampled_from(["gru", "lstm", "rnn"]), reset=st.sampled_from(["before", "after"]),
       convention=st.sampled_from(["takes_new", "keeps_old"]), I=st.integers(1, 3), H=st.integers(1, 3),
       T=st.integers(1, 6), L=st.integers(1, 2), bidir=st.booleans(), wrt=st.sampled_from(["state", "input"]),
       seed=st.integers(0, 2**16))
def test_gradient_flow_matches_finite_difference_jacobians(kind, reset, convention, I, H, T, L, bidir, wrt, seed):
    if kind == "gru":
        model = gru_viz.GRU.random(I, H, L, bidir, reset=reset, z_convention=convention, seed=seed)
    else:
        model = {"lstm": gru_viz.LSTM, "rnn": gru_viz.RNN}[kind].random(I, H, L, bidir, seed=seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(T, I))
    h0 = rng.uniform(-1, 1, (L * model.num_directions, H))
    c0 = rng.normal(size=h0.shape) if kind == "lstm" else None
    g = gru_viz.gradient_flow(model, x, wrt, h0=h0, c0=c0)
    assert g.shape == (T,)
    assert relative_error(g, finite_difference_flow(model, x, wrt, h0, c0)) <= 1e-6
    if wrt == "state":
        assert g[-1] == pytest.approx(np.sqrt(H), rel=1e-15)


def test_gradient_flow_refuses_a_batch_and_unknown_wrt():
    model = gru_viz.GRU.random(2, 3)
    with pytest.raises(ValueError, match="one sequence"):
        gru_viz.gradient_flow(model, np.ones((4, 2, 2)))
    with pytest.raises(ValueError, match="wrt"):
        gru_viz.gradient_flow(model, np.ones((4, 2)), wrt="weights")
    with pytest.raises(TypeError, match="GRU"):
        gru_viz.gru_gradient_paths(gru_viz.LSTM.random(2, 3), np.ones((4, 2)))


@pytest.mark.parametrize("cls", [gru_viz.GRU, gru_viz.LSTM, gru_viz.RNN])
def test_splitting_the_jacobian_rows_to_save_memory_changes_nothing(cls, monkeypatch):
    model = cls.random(3, 8, num_layers=2, bidirectional=True, seed=7)
    x = np.random.default_rng(5).normal(size=(20, 3))
    together = {wrt: gru_viz.gradient_flow(model, x, wrt) for wrt in ("state", "input")}
    monkeypatch.setattr(gru_viz.flow, "ROW_BUDGET", 20 * 8 * 3)  # groups of 3, 3 and 2 rows
    assert [len(rows) for rows in gru_viz.flow.row_groups(20, 8)] == [3, 3, 2]
    for wrt, expected in together.items():
        np.testing.assert_allclose(gru_viz.gradient_flow(model, x, wrt), expected, rtol=1e-13)
