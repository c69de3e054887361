"""The lesson pages' core helpers (memory.py, reach.py, frameworks.py), against independent oracles.

Oracles: the backprop-through-time code (itself checked against torch) for the step Jacobians,
finite differences of model.run for the same, torch's parameter counts stored in the reference
vectors, and behaviour: a shut update gate keeps everything, r = 0 leaves x_t alone.
"""

import numpy as np
import pytest

import gru_viz
from lessons import memory, reach
from lessons.explore import clamped
from lessons.frameworks import convention_rows
from tests.helpers import reference_case

X = np.random.default_rng(7).normal(size=(14, 3))


def products_back(jacobians):
    """|| J_{T-1} ... J_{t+1} ||_F for every t: what gradient_flow computes by backprop."""
    T, H, _ = jacobians.shape
    norms, product = np.empty(T), np.eye(H)
    for t in range(T - 1, -1, -1):
        norms[t] = np.linalg.norm(product)
        product = product @ jacobians[t]
    return norms


@pytest.mark.parametrize("z_convention", ["takes_new", "keeps_old"])
@pytest.mark.parametrize("reset", ["before", "after"])
def test_gru_step_jacobians_multiply_to_backprops_gradient_flow(reset, z_convention):
    model = gru_viz.GRU.random(3, 5, reset=reset, z_convention=z_convention, seed=3)
    J = memory.step_jacobians(model.layers[0][0], model.run(X).cells[0][0])
    np.testing.assert_allclose(products_back(J), gru_viz.gradient_flow(model, X), rtol=1e-12)


def test_rnn_step_jacobians_multiply_to_backprops_gradient_flow():
    model = gru_viz.RNN.random(3, 5, seed=3)
    J = memory.step_jacobians(model.layers[0][0], model.run(X).cells[0][0])
    np.testing.assert_allclose(products_back(J), gru_viz.gradient_flow(model, X), rtol=1e-12)


@pytest.mark.parametrize("reset", ["before", "after"])
def test_state_jacobian_matches_finite_differences(reset):
    model = gru_viz.GRU.random(3, 4, reset=reset, z_convention="keeps_old", seed=5)
    h0 = np.random.default_rng(2).normal(size=4) * 0.5
    J = memory.step_jacobians(model.layers[0][0], model.run(X, h0).cells[0][0])
    product = np.linalg.multi_dot(list(J[5::-1]))  # d h_5 / d h0 = J_5 ... J_0
    eps, numeric = 1e-6, np.empty((4, 4))
    for j in range(4):
        step = np.eye(4)[j] * eps
        up, down = model.run(X, h0 + step).cells[0][0].h[5], model.run(X, h0 - step).cells[0][0].h[5]
        numeric[:, j] = (up - down) / (2 * eps)
    np.testing.assert_allclose(product, numeric, atol=1e-8)


def test_jacobian_norms_start_at_one_and_are_spectral():
    model = gru_viz.RNN.random(3, 4, seed=1)
    J = memory.step_jacobians(model.layers[0][0], model.run(X).cells[0][0])
    norms = memory.jacobian_norms_from(J, 4)
    assert np.all(np.isnan(norms[:4])) and norms[4] == 1.0
    assert norms[7] == pytest.approx(np.linalg.norm(J[7] @ J[6] @ J[5], 2), rel=1e-12)


@pytest.mark.parametrize("z_convention, shut", [("takes_new", 0.0), ("keeps_old", 1.0)])
def test_a_shut_update_gate_keeps_everything(z_convention, shut):
    model = clamped(gru_viz.GRU.random(3, 4, z_convention=z_convention, seed=2), "z", shut, 1)
    left = memory.survival(model.run(X).cells[0][0], 3)
    np.testing.assert_array_equal(left[3:, 1], 1.0)
    assert np.all(np.isnan(left[:3]))


def test_survival_is_the_running_product_of_keep_factors():
    trace = gru_viz.GRU.random(3, 4, seed=2).run(X).cells[0][0]
    left = memory.survival(trace, 2)
    np.testing.assert_allclose(left[6], np.prod(1 - trace.z[3:7], axis=0), rtol=1e-14)


def test_an_update_shift_moves_only_that_units_pre_activation():
    model = gru_viz.GRU.random(3, 4, reset="after", z_convention="keeps_old", seed=2)
    before = model.run(X).cells[0][0]
    after = memory.with_update_shift(model, 2, 3.0).run(X).cells[0][0]
    np.testing.assert_allclose(after.a_z[0, 2], before.a_z[0, 2] + 3.0, rtol=1e-14)
    np.testing.assert_array_equal(after.a_z[0, [0, 1, 3]], before.a_z[0, [0, 1, 3]])  # from h0 = 0: only unit 2


@pytest.mark.parametrize("reset", ["before", "after"])
def test_with_every_r_at_zero_the_candidate_comes_from_x_alone(reset):
    model = gru_viz.GRU.random(3, 4, reset=reset, seed=4)
    if model.layers[0][0].b_hh is None:  # give the recurrent bias a value, so that its role is tested
        cell = model.layers[0][0]
        model = gru_viz.GRU(((gru_viz.CellWeights(cell.W_ih, cell.W_hh, cell.b_ih, cell.b_ih[::-1]),),), reset=reset)
    closed = clamped(model, "r", 0.0).run(X).cells[0][0]
    np.testing.assert_allclose(closed.h_tilde, memory.candidate_without_past(model, X), atol=1e-15)
    opened = clamped(model, "r", 1.0).run(X).cells[0][0]
    assert np.max(np.abs(opened.h_tilde - closed.h_tilde)) > 1e-2


def test_gradient_reach_matches_gradient_flow_and_counts_steps():
    models = {"RNN": gru_viz.RNN.random(3, 4, seed=0), "GRU": gru_viz.GRU.random(3, 4, seed=0)}
    x = reach.extended_input(X, 30)
    assert x.shape == (30, 3) and np.array_equal(x[14:28], X)
    found = reach.gradient_reach(models, x)
    for name, model in models.items():
        np.testing.assert_allclose(found[name].state, gru_viz.gradient_flow(model, x), rtol=1e-13)
        np.testing.assert_allclose(found[name].input, gru_viz.gradient_flow(model, x, "input"), rtol=1e-13)
    assert found["RNN"].direct is None
    np.testing.assert_array_equal(found["GRU"].direct, gru_viz.gru_gradient_paths(models["GRU"], x).direct)
    assert reach.steps_until_below([1e-5, 1e-4, 1e-2, 1.0], 1e-3) == 2
    assert reach.steps_until_below([1.0, 1.0], 1e-3) is None


def test_scaling_touches_only_the_recurrent_weights():
    model = gru_viz.LSTM.random(3, 4, num_layers=2, seed=0)
    scaled = reach.scaled_recurrent(model, 2.5)
    for a, b in zip(model.layers, scaled.layers):
        np.testing.assert_array_equal(b[0].W_hh, 2.5 * a[0].W_hh)
        np.testing.assert_array_equal(b[0].W_ih, a[0].W_ih)
        np.testing.assert_array_equal(b[0].b_hh, a[0].b_hh)


def test_the_conventions_table_counts_as_torch_does():
    pytorch = {r["who"]: r["parameters"] for r in convention_rows(3, 4)}
    assert pytorch["PyTorch nn.GRU"] == int(reference_case("gru_small")["num_parameters"])
    no_bias = {r["who"]: r["parameters"] for r in convention_rows(2, 3)}
    assert no_bias["Cho et al. 2014"] == int(reference_case("gru_no_bias")["num_parameters"])  # no biases
    assert pytorch["the seed form (this app)"] == 3 * 4 * (3 + 4) + 3 * 4
    assert pytorch["Keras GRU(reset_after=True), the default"] == pytorch["PyTorch nn.GRU"]


# ---- the lessons' figures (asserted on the Figure object, not on pixels) -----------------------


def test_gradient_chart_draws_vanished_values_on_the_floor_and_keeps_the_truth_in_hover():
    from gru_viz.figures.curves import FLOOR, gradient_chart

    state = np.array([0.0, 1e-5, 2.0])
    found = {"RNN": reach.Reach(state, state), "GRU": reach.Reach(state, state, direct=np.ones(3))}
    fig = gradient_chart(found, wrt="state", threshold=1e-3)
    names = [trace.name for trace in fig.data]
    assert names == ["RNN", "GRU", "GRU shortcut only", "threshold 0.001"]
    assert fig.layout.yaxis.type == "log" and fig.data[2].line.dash == "dash"
    np.testing.assert_array_equal(fig.data[0].y, [2.0, 1e-5, FLOOR])  # steps back: the last step first
    np.testing.assert_array_equal(fig.data[0].customdata, [2.0, 1e-5, 0.0])
    assert [t.name for t in gradient_chart(found, wrt="input").data] == ["RNN", "GRU", "threshold 0.001"]


def test_layer_heatmaps_one_per_cell_with_the_arrow_of_time():
    from gru_viz.figures.stacked import layer_heatmaps, stack_diagram

    trace = gru_viz.GRU.random(3, 4, num_layers=2, bidirectional=True, seed=0).run(X)
    fig = layer_heatmaps(trace, [f"t={t}" for t in range(len(X))], gate="z")
    assert len(fig.data) == 4
    np.testing.assert_array_equal(fig.data[3].z, trace.cells[1][1].z.T)  # layer 1, backward
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert [a.ax < a.x for a in arrows] == [True, False, True, False]  # forward left to right, backward right to left
    texts = " ".join(a.text for a in stack_diagram(2, True, 3, 4, steps=14).layout.annotations)
    assert "concatenated: 8 numbers a step" in texts and "output</b>: 14 steps × 8" in texts


def test_lstm_diagram_shows_the_traces_numbers_at_the_step():
    from gru_viz.figures.lstm_cell import lstm_diagram

    cell = gru_viz.LSTM.random(3, 4, seed=0).run(X).cells[0][0]
    nodes = lstm_diagram(cell, 5, unit=2).data[1]
    texts = dict(zip(nodes.ids, nodes.text))
    assert f"{cell.f[5, 2]:+.3f}" in texts["f"] and f"{cell.c[5, 2]:+.3f}" in texts["c"]
    assert f"{cell.h[5, 2]:+.3f}" in texts["h"] and f"{cell.c_prev[5, 2]:+.3f}" in texts["c_prev"]


def test_heatmap_stack_uses_fixed_ranges_for_gates_and_states_and_a_fitted_one_otherwise():
    from gru_viz.figures.grid import heatmap_stack

    c = np.linspace(-3, 2, 8).reshape(4, 2)
    fig = heatmap_stack([("z", np.full((4, 2), 0.5), "gate"), ("h", np.zeros((4, 2)), "state"), ("c", c, "free")],
                        ["a", "b", "c", "d"], step=1)
    assert [(t.zmin, t.zmax) for t in fig.data] == [(0.0, 1.0), (-1.0, 1.0), (-3.0, 3.0)]
    assert list(fig.layout.xaxis3.ticktext) == ["a", "b", "c", "d"]
