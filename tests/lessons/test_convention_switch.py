"""Switching the z convention shown changes what z means, never what the network does: for every
valid state, with or without a clamp, h is the same under both conventions (issue: a z clamp once
kept its number across the switch, so "keeps 95 %" became "keeps 5 %")."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gru_viz.conventions import Z_CONVENTIONS, kept
from lessons import presets
from lessons.explore import run_state
from lessons.state import Clamp

EXAMPLES = [factory() for factory in presets.EXAMPLES.values()]


@st.composite
def clamped_states(draw):
    state = draw(st.sampled_from(EXAMPLES))
    clamp = draw(st.none() | st.builds(
        Clamp,
        gate=st.sampled_from(["r", "z"]),
        value=st.floats(0.0, 1.0),
        unit=st.none() | st.integers(0, state.hidden_size - 1),
    ))
    return state.with_changes(clamp=clamp, z_convention=draw(st.sampled_from(Z_CONVENTIONS)))


@given(state=clamped_states(), to=st.sampled_from(Z_CONVENTIONS))
def test_switching_the_convention_leaves_h_unchanged_with_or_without_a_clamp(state, to):
    switched = state.with_changes(z_convention=to)
    before, after = run_state(state).cells[0][0], run_state(switched).cells[0][0]
    np.testing.assert_allclose(after.h, before.h, rtol=0, atol=1e-15)
    np.testing.assert_allclose(kept(after.z, to), kept(before.z, state.z_convention), rtol=0, atol=1e-15)


@pytest.mark.parametrize("start, to", [("takes_new", "keeps_old"), ("keeps_old", "takes_new")])
def test_a_clamp_keeps_what_the_unit_does_across_the_switch(start, to):
    """The newcomer's case: z = 0.05 on unit 1 under 'takes new' keeps 95 %; after the switch it
    reads z = 0.95 and still keeps 95 %."""
    state = presets.EXAMPLES["Write once, carry"]().with_changes(z_convention=start)
    state = state.with_changes(clamp=Clamp("z", 0.05, 1))
    switched = state.with_changes(z_convention=to)
    assert switched.clamp == Clamp("z", 0.95, 1)
    assert switched.with_changes(z_convention=start).clamp.value == pytest.approx(0.05, abs=1e-16)
    np.testing.assert_allclose(run_state(switched).cells[0][0].h, run_state(state).cells[0][0].h, rtol=0, atol=1e-15)


def test_an_r_clamp_means_the_same_in_both_conventions():
    state = presets.EXAMPLES["Write once, carry"]().with_changes(clamp=Clamp("r", 0.0, None))
    assert state.with_changes(z_convention="keeps_old").clamp == state.clamp
