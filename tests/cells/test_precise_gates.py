"""Every sigmoid in the cells keeps full relative precision, for small gates too, and stays within
[0, 1] without a warning for any finite pre-activation. The oracle is the exact logistic function,
1 / (1 + e^-a) in 60-digit decimal arithmetic, rounded once to float64 (Python's decimal module,
independent of NumPy and of the implementation)."""

import decimal
import warnings
from contextlib import contextmanager

import numpy as np
import pytest

from gru_viz.cells.activations import sigmoid
from gru_viz.cells.gru import gru_forward, gru_step
from gru_viz.cells.lstm import lstm_forward
from gru_viz.cells.weights import CellWeights

EXACT = decimal.Context(prec=60, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
SMALLEST_SUBNORMAL = 5e-324


def exact_sigmoid(a):
    """1 / (1 + e^-a) for each float a, correctly rounded to float64; as e^a / (1 + e^a) for a < 0,
    so that no exponential passes even decimal's range (e^-a underflows to 0 instead)."""
    def one(value):
        a = decimal.Decimal(float(value))
        if a >= 0:
            return float(EXACT.divide(1, EXACT.add(1, EXACT.exp(EXACT.minus(a)))))
        e = EXACT.exp(a)
        return float(EXACT.divide(e, EXACT.add(1, e)))
    return np.vectorize(one, otypes=[float])(a)


@contextmanager
def strict():
    """Overflow, invalid operations, division by zero and any warning raise; underflow to a
    subnormal or to zero is the right answer and stays allowed."""
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        yield


def relative_error(ours, exact):
    return np.abs(ours - exact) / exact


@pytest.mark.parametrize("a", [-708.0, -700.0, -100.0, -40.0, -36.0, -20.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 20.0,
                               36.0, 40.0])
def test_sigmoid_has_full_relative_precision(a):
    with strict():
        ours = sigmoid(np.array([a]))[0]
    assert relative_error(ours, exact_sigmoid(a)) <= 1e-15


def test_small_gates_are_not_rounded_to_zero():
    # (1 + tanh(a / 2)) / 2 gives 0.0 at -40 and is 4 % off at -36. The values: 1 / (1 + e^-a) in
    # 50-digit decimals, `python -c "from decimal import *; getcontext().prec = 50; print(1 / (1 + Decimal(40).exp()))"`
    assert sigmoid(np.array(-40.0)) == pytest.approx(4.248354255291589e-18, rel=1e-15)
    assert sigmoid(np.array(-36.0)) == pytest.approx(2.3195228302435686e-16, rel=1e-15)


def test_sigmoid_is_precise_across_its_whole_range():
    a = np.concatenate([np.linspace(-745.0, 40.0, 3001), np.random.default_rng(0).uniform(-40, 40, 3000)])
    with strict():
        ours = sigmoid(a)
    exact = exact_sigmoid(a)
    normal = exact >= np.finfo(np.float64).tiny
    assert np.max(relative_error(ours[normal], exact[normal])) <= 1e-15
    # below a = -708 the answer is subnormal: there float64 holds it to the nearest 5e-324
    assert np.max(np.abs(ours[~normal] - exact[~normal])) <= SMALLEST_SUBNORMAL


@pytest.mark.parametrize("a, expected", [(-1e7, 0.0), (-1e300, 0.0), (-745.0, SMALLEST_SUBNORMAL),
                                         (-700.0, 9.859676543759770e-305), (700.0, 1.0), (710.0, 1.0),
                                         (1e7, 1.0), (1e300, 1.0)])  # -700: 50-digit decimal, as above
def test_sigmoid_of_any_finite_a_is_within_0_and_1_without_a_warning(a, expected):
    with strict():
        ours = sigmoid(np.array([a, -a]))
    assert np.all((ours >= 0.0) & (ours <= 1.0))
    assert ours[0] == pytest.approx(expected, rel=1e-15)
    assert ours[0] == exact_sigmoid(a)


def test_the_cap_changes_no_value_float64_can_hold():
    # above 37.5, 1 - sigmoid(a) < 2^-54, so the exact sigmoid rounds to 1.0 there
    a = np.array([37.5, 38.0, 40.0, 40.5, 100.0, 709.0, 1e6])
    assert np.all(exact_sigmoid(a) == 1.0) and np.all(sigmoid(a) == 1.0)


def test_sigmoid_gives_the_same_bits_with_and_without_preallocated_arrays():
    a = np.random.default_rng(1).normal(0, 30, (4, 7))
    out, spare = np.empty_like(a), np.empty_like(a)
    returned = sigmoid(a, out, spare)
    assert returned is out
    np.testing.assert_array_equal(out, sigmoid(a))
    assert sigmoid(-40.0) == sigmoid(np.array([-40.0]))[0]  # a Python float works too


def gru_with_update_bias(bias, H=3, I=2, seed=0):
    """A GRU cell whose update gate reads its inputs only faintly and sits near sigmoid(bias)."""
    rng = np.random.default_rng(seed)
    W_ih, W_hh = rng.uniform(-0.5, 0.5, (3 * H, I)), rng.uniform(-0.5, 0.5, (3 * H, H))
    b_ih = rng.uniform(-0.5, 0.5, 3 * H)
    W_ih[H : 2 * H] *= 0.01
    W_hh[H : 2 * H] *= 0.01
    b_ih[H : 2 * H] = bias
    return CellWeights(W_ih, W_hh, b_ih, rng.uniform(-0.5, 0.5, 3 * H))


@pytest.mark.parametrize("reset", ["before", "after"])
@pytest.mark.parametrize("z_convention", ["takes_new", "keeps_old"])
@pytest.mark.parametrize("batch", [(), (4,)])
def test_an_update_gate_near_sigmoid_of_minus_40_is_recorded_precisely(z_convention, reset, batch):
    weights = gru_with_update_bias(np.array([-40.0, -36.0, -20.0]))
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, (12, *batch, 2))
    with strict():
        trace = gru_forward(weights, x, np.zeros((*batch, 3)), reset=reset, z_convention=z_convention)
    assert np.all(trace.z[..., 0] < 1e-17) and np.all(trace.z > 0)
    assert np.max(relative_error(trace.z, exact_sigmoid(trace.a_z))) <= 1e-15
    assert np.max(relative_error(trace.r, exact_sigmoid(trace.a_r))) <= 1e-15
    step = gru_step(weights, x[0], np.zeros((*batch, 3)), reset=reset, z_convention=z_convention)
    assert np.max(relative_error(step.z, exact_sigmoid(step.a_z))) <= 1e-15


def test_lstm_gates_near_sigmoid_of_minus_40_are_recorded_precisely():
    H, I = 2, 3
    rng = np.random.default_rng(3)
    W_ih, W_hh = rng.uniform(-0.5, 0.5, (4 * H, I)) * 0.01, rng.uniform(-0.5, 0.5, (4 * H, H)) * 0.01
    b_ih = np.array([-40.0, -38.0, -36.0, -30.0, 0.5, -0.5, -39.0, -25.0])  # i, f, g, o blocks
    with strict():
        trace = lstm_forward(CellWeights(W_ih, W_hh, b_ih), rng.uniform(-1, 1, (10, I)), np.zeros(H), np.zeros(H))
    for k, gate in ((0, trace.i), (1, trace.f), (3, trace.o)):
        assert np.max(relative_error(gate, exact_sigmoid(trace.a[:, k * H : (k + 1) * H]))) <= 1e-15
    assert np.all(trace.i < 1e-15)


def test_huge_weights_keep_every_gate_in_range_without_a_warning():
    rng = np.random.default_rng(4)
    H, I = 3, 2
    for gates, run in ((3, lambda w, x, h: gru_forward(w, x, h, reset="after", z_convention="keeps_old")),
                       (3, lambda w, x, h: gru_forward(w, x, h, reset="before", z_convention="takes_new")),
                       (4, lambda w, x, h: lstm_forward(w, x, h, h))):
        weights = CellWeights(*(rng.choice([-1e6, 1e6], shape) for shape in ((gates * H, I), (gates * H, H),
                                                                             (gates * H,), (gates * H,))))
        with strict():
            trace = run(weights, rng.uniform(-10, 10, (20, I)), np.zeros(H))
        for name in ("r", "z", "i", "f", "o"):
            if hasattr(trace, name):
                gate = getattr(trace, name)
                assert np.all((gate >= 0) & (gate <= 1)) and set(np.unique(gate)) <= {0.0, 1.0}, name
