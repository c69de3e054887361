"""Extreme but valid states: weights and inputs up to the state's limit (±1e6), down to denormals,
sequences of 200 steps, 8 inputs, 16 units, every reset position, z convention and clamp. The
forward trace, backprop through time and every lesson's numbers (memory, reset, gradient flow
and reach) come out with no warning of any kind (overflow, invalid, divide) and no NaN beyond
the documented ones; a gradient norm that passes float64's range is inf, and only then."""

import warnings
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import gru_viz
from lessons import memory, reach
from lessons.explore import clamped, run_state, shown_model
from lessons.state import MAX_HIDDEN, MAX_INPUT, MAX_STEPS, MAX_WEIGHT, AppState, Clamp, validate

M = MAX_WEIGHT
FLOAT_MAX = np.finfo(np.float64).max
SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextmanager
def strict():
    """Any NumPy overflow, invalid operation or division by zero raises, and so does any warning;
    underflow (to a denormal or to zero) is the right answer and stays allowed."""
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        yield


def filled(rng, kind, shape):
    """An array of one extreme kind, never past the state's limit."""
    shape = (shape,) if isinstance(shape, int) else shape
    if kind == "zeros":
        return np.zeros(shape)
    if kind == "limit":  # every entry ±1e6
        return rng.choice([-M, M], shape)
    if kind == "uniform":
        return rng.uniform(-M, M, shape)
    if kind == "moderate":
        return rng.normal(0.0, 3.0, shape)
    if kind == "tiny":
        return rng.uniform(-1e-300, 1e-300, shape)
    if kind == "denormal":
        return rng.choice([-5e-324, 0.0, 5e-324], shape)
    if kind == "diagonal":  # row i holds M in column i mod n: each gate's recurrent block is M I
        out = np.full(shape, M) if len(shape) == 1 else np.zeros(shape)
        if len(shape) == 2:
            rows = np.arange(shape[0])
            out[rows, rows % shape[1]] = M
        return out
    return np.clip(rng.standard_cauchy(shape) * 10, -M, M)  # "heavy": mostly small, some at the limit


KINDS = st.sampled_from(["zeros", "limit", "uniform", "moderate", "tiny", "denormal", "heavy", "diagonal"])
CLAMPS = st.none() | st.builds(Clamp, st.sampled_from("rz"), st.sampled_from([0.0, 1.0, 0.5, 1e-300]),
                               st.none() | st.integers(0, 0))


@st.composite
def extreme_states(draw, steps=(1, 2, 3, 100, MAX_STEPS - 1, MAX_STEPS)):
    T, I, H = draw(st.sampled_from(steps)), draw(st.sampled_from([1, 3, MAX_INPUT])), draw(
        st.sampled_from([1, 2, MAX_HIDDEN]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    b_hh = draw(st.none() | KINDS)
    # Quiet: no input and no bias, so h stays 0 and the gates in their linear range, where large
    # recurrent weights make gradients explode (the other states mostly saturate the gates).
    quiet = draw(st.booleans())
    return validate(AppState(
        x=np.zeros((T, I)) if quiet else filled(rng, draw(KINDS), (T, I)),
        W_ih=filled(rng, draw(KINDS), (3 * H, I)),
        W_hh=filled(rng, draw(KINDS), (3 * H, H)),
        b_ih=np.zeros(3 * H) if quiet else filled(rng, draw(KINDS), 3 * H),
        b_hh=None if b_hh is None or quiet else filled(rng, b_hh, 3 * H),
        reset=draw(st.sampled_from(["before", "after"])),
        z_convention=draw(st.sampled_from(["takes_new", "keeps_old"])),
        step=draw(st.integers(0, T - 1)),
        clamp=draw(CLAMPS),
    ))


def within_range(cell):
    assert all(np.all(np.isfinite(a)) for a in (cell.a_r, cell.a_z, cell.a_h_tilde, cell.h_tilde_rec, cell.h))
    assert np.all((cell.r >= 0) & (cell.r <= 1)) and np.all((cell.z >= 0) & (cell.z <= 1))
    assert np.all(np.abs(cell.h_tilde) <= 1) and np.all(np.abs(cell.h) <= 1)


@settings(max_examples=300, **SLOW)
@given(state=extreme_states())
def test_the_forward_trace_of_an_extreme_state_is_finite_and_in_range(state):
    """What every page computes first, and the convention lesson's three other runs."""
    with strict():
        cell = run_state(state).cells[0][0]
        model = shown_model(state)
        x = np.array(state.x)
        other = "after" if model.reset == "before" else "before"
        runs = [model.with_z_convention(z).run(x).cells[0][0] for z in ("takes_new", "keeps_old")]
        runs.append(gru_viz.GRU(model.layers, reset=other, z_convention=model.z_convention).run(x).cells[0][0])
    for trace in (cell, *runs):
        within_range(trace)


def largest_true_gradient(model, x):
    """max_t || d h_{T-1} / d h_t ||_F, exact even past float64's range (then inf)."""
    with strict():
        return float(np.max(gru_viz.gradient_flow(model, x, "state")))


@settings(max_examples=200, **SLOW)
@given(state=extreme_states())
def test_backprop_through_an_extreme_state_is_finite_unless_the_true_gradient_is_astronomical(state):
    """gru_viz.backward multiplies in float64 as autograd does: it stays finite and silent
    whenever the true gradients fit in float64 with room to spare (below 1e280). Beyond, the
    gradient itself is not a float64 (x = 0 and W_hn = 1e6 I give 1e1073 over 200 steps)."""
    model, x = shown_model(state), np.array(state.x)
    trace = model.run(x)
    if largest_true_gradient(model, x) > 1e280:
        event("the true gradient passes 1e280")
        return
    event("backward checked")
    with strict():
        grads = gru_viz.backward(model, trace, d_h_n=np.ones_like(trace.h_n))
    for array in (grads.x, grads.h0, *grads.arrays().values()):
        assert np.all(np.isfinite(array))


@settings(max_examples=150, **SLOW)
@given(state=extreme_states(), unit_shift=st.sampled_from([-8.0, 0.0, 8.0]), every_unit=st.booleans())
def test_the_memory_and_reset_lessons_of_an_extreme_state_are_silent_and_never_nan(state, unit_shift, every_unit):
    """The memory page (survival, Jacobian norms of the GRU and an RNN) and the reset contrast."""
    model, x, start = shown_model(state), np.array(state.x), state.step
    with strict():
        gru = memory.with_update_shift(model, 0, unit_shift)
        trace = gru.run(x).cells[0][0]
        left = memory.survival(trace, start)
        norms = memory.jacobian_norms_from(memory.step_jacobians(gru.layers[0][0], trace), start)
        rnn = gru_viz.RNN.random(model.input_size, model.hidden_size, seed=0)
        rnn_norms = memory.jacobian_norms_from(memory.step_jacobians(rnn.layers[0][0], rnn.run(x).cells[0][0]), start)
        which = None if every_unit else 0
        closed, opened = (clamped(model, "r", v, which).run(x).cells[0][0] for v in (0.0, 1.0))
        alone = memory.candidate_without_past(model, x)
    for values in (left, norms, rnn_norms):
        assert np.all(np.isnan(values[:start])) and not np.any(np.isnan(values[start:]))  # NaN: before start
        assert np.all(values[start:] >= 0)
    assert np.all(left[start:] <= 1)
    for trace in (closed, opened):
        within_range(trace)
    assert np.all(np.abs(alone) <= 1)
    if np.any(np.isinf(norms)):
        event("a Jacobian norm passes float64's range")


@settings(max_examples=100, **SLOW)
@given(state=extreme_states(steps=(1, 2, 50, MAX_STEPS)), scale=st.sampled_from([0.25, 1.0, 4.0]),
       steps=st.sampled_from([10, 200, 400]))
def test_the_gradient_lesson_of_an_extreme_state_is_silent_and_never_nan(state, scale, steps):
    """The gradient page: the state's GRU, an RNN and an LSTM, recurrent weights scaled, on the
    input repeated to up to 400 steps; and the library's gradient_flow and gradient paths."""
    model = shown_model(state)
    I, H = model.input_size, model.hidden_size
    models = {"RNN": gru_viz.RNN.random(I, H, seed=0), "GRU": model, "LSTM": gru_viz.LSTM.random(I, H, seed=0)}
    x = reach.extended_input(state.x, steps)
    with strict():
        found = reach.gradient_reach({name: reach.scaled_recurrent(m, scale) for name, m in models.items()}, x)
        flows = [gru_viz.gradient_flow(model, np.array(state.x), wrt) for wrt in ("state", "input")]
        paths = gru_viz.gru_gradient_paths(model, np.array(state.x))
        for result in found.values():
            reach.steps_until_below(result.state, 1e-3)
    arrays = [a for r in found.values() for a in (r.state, r.input, r.direct) if a is not None]
    for values in (*arrays, *flows, paths.full, paths.direct):
        assert not np.any(np.isnan(values)) and np.all(values >= 0)
    assert np.all(paths.direct <= np.sqrt(H) + 1e-12)  # a product of factors in [0, 1]
    if any(np.any(np.isinf(a)) for a in arrays):
        event("a gradient norm passes float64's range")


def exploding_gru(H, scale, reset="before"):
    """x = 0 and zero biases keep h at 0, r and z at 1/2 and h~ in its linear range, so every step
    multiplies d h_{T-1} / d h_t by the same matrix: 0.5 I + 0.25 scale I (reset before)."""
    W_hh = np.vstack([np.zeros((2 * H, H)), scale * np.eye(H)])
    return gru_viz.GRU(((gru_viz.CellWeights(np.zeros((3 * H, 1)), W_hh, np.zeros(3 * H)),),), reset=reset)


def test_an_exploding_gradient_is_exact_while_it_fits_in_float64_and_inf_after():
    H, T = 4, MAX_STEPS
    model, x = exploding_gru(H, M), np.zeros((T, 1))
    k = np.arange(T - 1, -1, -1)  # steps back from T - 1
    log_expected = np.log(np.sqrt(H)) + k * np.log(0.5 + 0.25 * M)
    with strict():
        g = gru_viz.gradient_flow(model, x, "state")
        J = memory.step_jacobians(model.layers[0][0], model.run(x).cells[0][0])
        spectral = memory.jacobian_norms_from(J, 0)
    fits = log_expected < np.log(FLOAT_MAX)
    np.testing.assert_allclose(g[fits], np.exp(log_expected[fits]), rtol=1e-12)
    assert np.all(np.isinf(g[~fits])) and 0 < np.sum(~fits) < T  # 1e1073 at t = 0: past the range
    t = np.arange(T)
    fits = t * np.log(0.5 + 0.25 * M) < np.log(FLOAT_MAX)  # spectral norm of (0.5 + 0.25e6)^t I
    np.testing.assert_allclose(spectral[fits], np.exp(t[fits] * np.log(0.5 + 0.25 * M)), rtol=1e-12)
    assert np.all(np.isinf(spectral[~fits]))


def test_a_gradient_norm_whose_square_passes_float64_is_still_exact():
    """1e217 is a float64, its square is not: the norm must not go through the square."""
    H, T = 4, 400
    model = exploding_gru(H, 12.0)  # 0.5 + 0.25 * 12 = 3.5 a step, 3.5^399 = 1e217
    with strict():
        g = gru_viz.gradient_flow(model, np.zeros((T, 1)), "state")
    k = np.arange(T - 1, -1, -1)
    np.testing.assert_allclose(g, np.sqrt(H) * np.exp(k * np.log(3.5)), rtol=1e-11)
    assert g[0] > 1e216


def test_a_chain_cut_before_an_overflow_gives_zero_not_nan():
    """A step whose Jacobian is exactly zero cuts every earlier step off h_{T-1}: their norms are 0,
    even though the gradient overflows on its way back to that step."""
    H, T = 2, MAX_STEPS
    model = exploding_gru(H, M)
    W_ih = np.zeros((3 * H, 1))
    W_ih[:H], W_ih[H : 2 * H] = -800.0, 800.0  # on x = 1: r = 0 and z = 1 exactly (exp(-800) is 0), h~ = 0
    model = gru_viz.GRU(((gru_viz.CellWeights(W_ih, model.layers[0][0].W_hh, np.zeros(3 * H)),),), reset="before")
    x = np.zeros((T, 1))
    x[50] = 1.0  # d h_50 / d h_49 = diag(1 - z) + ... = 0; after it h = 0 again, and the gradient explodes
    with strict():
        g = gru_viz.gradient_flow(model, x, "state")
    assert np.all(g[:50] == 0.0) and np.all(np.isinf(g[50:100])) and np.all(np.isfinite(g[-50:]))


def test_weights_far_past_the_limit_give_inf_not_nan():
    """A library user's model with recurrent weights of 1e300: one backward step overflows on its
    own, so every earlier norm is inf; none is NaN, and nothing warns."""
    model, x = exploding_gru(3, 1e300), np.zeros((50, 1))
    cell = model.layers[0][0]
    model = gru_viz.GRU(((gru_viz.CellWeights(np.ones((9, 1)), cell.W_hh, cell.b_ih),),), reset="before")
    with strict():
        for wrt in ("state", "input"):
            g = gru_viz.gradient_flow(model, x, wrt)
            assert not np.any(np.isnan(g)) and np.all(np.isinf(g[:-2])) and np.isfinite(g[-2])
        assert gru_viz.gradient_flow(model, x)[-2] == pytest.approx(np.sqrt(3) * (0.5 + 0.25e300))
