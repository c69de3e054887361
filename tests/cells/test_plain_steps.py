"""The plain steps (gru_step, lstm_step, rnn_step): one vector or a batch, the weights cut into
their named gate blocks, and conventions refused by name."""

import numpy as np
import pytest

from gru_viz.cells.gru import gru_step
from gru_viz.cells.lstm import lstm_step
from gru_viz.cells.rnn import rnn_step
from gru_viz.cells.weights import CellWeights


def weights(gates, I=3, H=4, b_hh=True, seed=0):
    rng = np.random.default_rng(seed)
    return CellWeights(rng.normal(size=(gates * H, I)), rng.normal(size=(gates * H, H)),
                       rng.normal(size=gates * H), rng.normal(size=gates * H) if b_hh else None)


def test_gate_blocks_are_the_stacked_rows_and_zeros_for_an_absent_bias():
    cell = weights(3, b_hh=False)
    W_ir, W_iz, W_in = cell.blocks("W_ih")
    assert W_ir.shape == (4, 3)
    np.testing.assert_array_equal(W_iz, cell.W_ih[4:8])
    np.testing.assert_array_equal(cell.blocks("W_hh")[2], cell.W_hh[8:])
    assert [b.shape for b in cell.blocks("b_hh")] == [(4,)] * 3 and not np.any(cell.blocks("b_hh"))
    assert len(weights(4).blocks("W_ih")) == 4 and len(weights(1).blocks("b_ih")) == 1


@pytest.mark.parametrize("step, gates, states, conventions", [
    (gru_step, 3, 1, {"reset": "before", "z_convention": "takes_new"}),
    (gru_step, 3, 1, {"reset": "after", "z_convention": "keeps_old"}),
    (lstm_step, 4, 2, {}),
    (rnn_step, 1, 1, {}),
])
def test_a_batch_step_is_each_sequence_s_step(step, gates, states, conventions):
    cell, rng = weights(gates), np.random.default_rng(1)
    x, now = rng.normal(size=(5, 3)), [rng.uniform(-1, 1, (5, 4)) for _ in range(states)]
    batched = step(cell, x, *now, **conventions)
    for b in range(5):
        alone = step(cell, x[b], *(s[b] for s in now), **conventions)
        for name, value in alone._asdict().items():
            np.testing.assert_allclose(getattr(batched, name)[b], value, rtol=0, atol=1e-15, err_msg=name)


def test_z_near_zero_in_takes_new_keeps_the_previous_state():
    cell = weights(3)
    b_ih = cell.b_ih.copy()
    b_ih[4:8] = -800.0  # z = sigmoid(-800 + ...) = 0
    step = gru_step(CellWeights(cell.W_ih * 0, cell.W_hh * 0, b_ih, cell.b_hh), np.ones(3), np.full(4, 0.25),
                    reset="after", z_convention="takes_new")
    assert np.all(step.z == 0.0)
    np.testing.assert_array_equal(step.h, np.full(4, 0.25))


@pytest.mark.parametrize("bad", [{"reset": "middle"}, {"z_convention": "sideways"}])
def test_unknown_conventions_are_refused_by_the_plain_step_too(bad):
    conventions = {"reset": "after", "z_convention": "keeps_old", **bad}
    with pytest.raises(ValueError, match="reset must be|z_convention must be"):
        gru_step(weights(3), np.ones(3), np.zeros(4), **conventions)
