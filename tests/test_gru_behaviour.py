"""What a GRU must do, whatever its weights: property tests on random sizes and conventions."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gru_viz
from gru_viz.cells.weights import CellWeights

sizes = st.integers(1, 6)
conventions = st.sampled_from(["takes_new", "keeps_old"])
resets = st.sampled_from(["before", "after"])


def random_input(T, I, seed):
    return np.random.default_rng(seed).normal(size=(T, I))


def with_gate_bias(model, gate, value):
    """A copy of a one-layer GRU whose gate ('r' or 'z') ignores its inputs and sits at sigmoid(value)."""
    H = model.hidden_size
    rows = slice(0, H) if gate == "r" else slice(H, 2 * H)
    cell = model.layers[0][0]
    W_ih, W_hh, b_ih = cell.W_ih.copy(), cell.W_hh.copy(), cell.b_ih.copy()
    W_ih[rows], W_hh[rows], b_ih[rows] = 0.0, 0.0, value
    b_hh = None if cell.b_hh is None else cell.b_hh.copy()
    if b_hh is not None:
        b_hh[rows] = 0.0
    return gru_viz.GRU(((CellWeights(W_ih, W_hh, b_ih, b_hh),),), reset=model.reset, z_convention=model.z_convention)


@settings(max_examples=40, deadline=None)
@given(I=sizes, H=sizes, T=st.integers(1, 12), L=st.integers(1, 3), bidir=st.booleans(), reset=resets,
       convention=conventions, seed=st.integers(0, 2**16))
def test_switching_z_convention_keeps_h_and_flips_z(I, H, T, L, bidir, reset, convention, seed):
    model = gru_viz.GRU.random(I, H, L, bidir, reset=reset, z_convention=convention, seed=seed)
    other = "keeps_old" if convention == "takes_new" else "takes_new"
    x = random_input(T, I, seed)
    a, b = model.run(x), model.with_z_convention(other).run(x)
    np.testing.assert_allclose(b.output, a.output, rtol=0, atol=1e-15)
    for cells_a, cells_b in zip(a.cells, b.cells):
        for cell_a, cell_b in zip(cells_a, cells_b):
            np.testing.assert_allclose(cell_b.z, 1 - cell_a.z, rtol=0, atol=1e-15)
            np.testing.assert_allclose(cell_b.r, cell_a.r, rtol=0, atol=1e-15)
    assert model.with_z_convention(other).with_z_convention(convention).z_convention == convention


@settings(max_examples=30, deadline=None)
@given(I=sizes, H=sizes, T=st.integers(2, 12), reset=resets, seed=st.integers(0, 2**16))
def test_z_zero_in_takes_new_copies_the_previous_state(I, H, T, reset, seed):
    model = with_gate_bias(gru_viz.GRU.random(I, H, reset=reset, seed=seed), "z", -1e3)
    h0 = np.random.default_rng(seed + 1).uniform(-1, 1, H)
    cell = model.run(random_input(T, I, seed), h0=h0).cells[0][0]
    assert np.all(cell.z < 1e-300)
    np.testing.assert_array_equal(cell.h, np.broadcast_to(h0, cell.h.shape))


@settings(max_examples=30, deadline=None)
@given(I=sizes, H=sizes, T=st.integers(2, 12), seed=st.integers(0, 2**16))
def test_z_one_in_takes_new_makes_h_the_candidate(I, H, T, seed):
    model = with_gate_bias(gru_viz.GRU.random(I, H, seed=seed), "z", 1e3)
    cell = model.run(random_input(T, I, seed)).cells[0][0]
    np.testing.assert_allclose(cell.h, cell.h_tilde, rtol=0, atol=1e-15)  # h_prev + (h~ - h_prev) rounds


@settings(max_examples=30, deadline=None)
@given(I=sizes, H=sizes, T=st.integers(2, 12), seed=st.integers(0, 2**16))
def test_r_zero_before_makes_the_candidate_ignore_the_past(I, H, T, seed):
    model = with_gate_bias(gru_viz.GRU.random(I, H, reset="before", seed=seed), "r", -1e3)
    x = random_input(T, I, seed)
    rng = np.random.default_rng(seed)
    a = model.run(x, h0=rng.uniform(-1, 1, H)).cells[0][0]
    b = model.run(x, h0=rng.uniform(-1, 1, H)).cells[0][0]
    np.testing.assert_allclose(a.h_tilde, b.h_tilde, rtol=0, atol=1e-15)
    cell = model.layers[0][0]
    from_x_alone = np.tanh(x @ cell.W_ih[2 * H :].T + cell.b_ih[2 * H :])
    np.testing.assert_allclose(a.h_tilde, from_x_alone, rtol=0, atol=1e-15)


@settings(max_examples=30, deadline=None)
@given(I=sizes, H=sizes, T=st.integers(2, 15), L=st.integers(1, 3), bidir=st.booleans(), reset=resets,
       seed=st.integers(0, 2**16))
def test_last_state_depends_on_the_first_input(I, H, T, L, bidir, reset, seed):
    model = gru_viz.GRU.random(I, H, L, bidir, reset=reset, seed=seed)
    x = random_input(T, I, seed)
    nudged = x.copy()
    nudged[0] += 0.5
    forward_last = slice(0, H)  # the forward direction's state at the last step
    before, after = model.run(x).output[-1, forward_last], model.run(nudged).output[-1, forward_last]
    assert np.any(after != before)  # any change at all: a state that never advances shows none


@settings(max_examples=30, deadline=None)
@given(I=sizes, H=sizes, T=st.integers(1, 10), reset=resets, convention=conventions,
       scale=st.sampled_from([1.0, 1e2, 1e4, 1e6]), seed=st.integers(0, 2**16))
def test_gates_stay_in_range_for_huge_weights_without_warnings(I, H, T, reset, convention, scale, seed):
    base = gru_viz.GRU.random(I, H, reset=reset, z_convention=convention, seed=seed)
    cell = base.layers[0][0]
    scaled = CellWeights(*(None if a is None else a * scale for a in (cell.W_ih, cell.W_hh, cell.b_ih, cell.b_hh)))
    model = gru_viz.GRU(((scaled,),), reset=reset, z_convention=convention)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        trace = model.run(random_input(T, I, seed) * 10).cells[0][0]
    for gate in (trace.r, trace.z):
        assert np.all((gate >= 0) & (gate <= 1))
    assert np.all(np.abs(trace.h_tilde) <= 1) and np.all(np.abs(trace.h) <= 1)
    assert np.all(np.isfinite(trace.a_r))


def test_backward_direction_records_in_input_time_order():
    model = gru_viz.GRU.random(2, 3, bidirectional=True, seed=3)
    x = random_input(6, 2, 0)
    backward = model.run(x).cells[0][1]
    alone = gru_viz.GRU((model.layers[0][1:],), reset=model.reset).run(x[::-1]).cells[0][0]
    np.testing.assert_allclose(backward.h, alone.h[::-1], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(backward.h_prev[-1], np.zeros(3))
    np.testing.assert_array_equal(backward.h_prev[:-1], backward.h[1:])


@pytest.mark.parametrize("cls", [gru_viz.GRU, gru_viz.LSTM, gru_viz.RNN])
def test_a_batch_runs_like_its_sequences_one_by_one(cls):
    model = cls.random(3, 4, num_layers=2, bidirectional=True, seed=5)
    x = np.random.default_rng(0).normal(size=(7, 5, 3))  # (T, B, I)
    batched = model.run(x)
    for b in range(5):
        np.testing.assert_allclose(batched.output[:, b], model.run(x[:, b]).output, rtol=0, atol=1e-14)


def test_traces_are_read_only():
    trace = gru_viz.GRU.random(2, 3).run(np.ones((4, 2)))
    with pytest.raises(ValueError):
        trace.cells[0][0].z[0, 0] = 0.5
    with pytest.raises(ValueError):
        gru_viz.GRU.random(2, 3).layers[0][0].W_ih[0, 0] = 1.0


def test_random_init_is_pytorch_uniform_and_seeded():
    model = gru_viz.GRU.random(4, 25, reset="after", seed=7)
    cell = model.layers[0][0]
    assert cell.W_ih.shape == (75, 4) and cell.W_hh.shape == (75, 25) and cell.b_hh.shape == (75,)
    assert np.max(np.abs(cell.W_hh)) <= 1 / 5 and np.max(np.abs(cell.W_hh)) > 0.19
    np.testing.assert_array_equal(gru_viz.GRU.random(4, 25, reset="after", seed=7).layers[0][0].W_hh, cell.W_hh)
    assert gru_viz.GRU.random(4, 25, seed=7).layers[0][0].b_hh is None  # the seed form: one bias per gate


def test_moving_the_reset_gate_is_refused_with_a_reason():
    model = gru_viz.GRU.random(2, 3, reset="after")
    assert model.with_reset("after") is model
    with pytest.raises(ValueError, match="different functions"):
        model.with_reset("before")


@pytest.mark.parametrize("bad, message", [
    (np.full((3, 2), np.nan), "NaN"),
    (np.ones((3, 5)), "expects 2"),
    (np.ones((0, 2)), "no time steps"),
    (np.ones(2), "shape"),
    ([["a", "b"]], "numbers"),
])
def test_bad_inputs_are_refused_with_a_clear_message(bad, message):
    with pytest.raises(ValueError, match=message):
        gru_viz.GRU.random(2, 3).run(bad)


def test_bad_h0_and_conventions_are_refused():
    model = gru_viz.GRU.random(2, 3)
    with pytest.raises(ValueError, match="h0 must have shape"):
        model.run(np.ones((2, 2)), h0=np.ones(4))
    with pytest.raises(ValueError, match="z_convention"):
        gru_viz.GRU.random(2, 3, z_convention="sideways")
    with pytest.raises(ValueError, match="reset"):
        gru_viz.GRU.random(2, 3, reset="middle")
