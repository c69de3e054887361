"""The saturation note: silent on the shipped examples, naming the gate, its share and its steps
when large weights or inputs pin a gate to its limits; and for any trace, it names exactly the
gates of which at least half the values are within 0.001 of a limit."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import gru_viz
from lessons.explore import run_state
from lessons.saturation import GATES, saturation, saturation_note
from lessons.state import Clamp
from tests.fuzz import EXAMPLES

WRITE_ONCE = EXAMPLES["Write once, carry"]  # 12 steps, 2 units


def cell(state):
    return run_state(state).cells[0][0]


def at_limits(values, limits=(-1.0, 1.0)):
    """How many values lie within 0.001 of a limit, counted one by one: the oracle for the shares."""
    return sum(min(abs(float(v) - limit) for limit in limits) <= 0.001 for v in np.ravel(values))


def test_the_default_example_is_not_saturated():
    trace = cell(WRITE_ONCE)
    found = saturation(trace)
    assert [found[g].share for g in GATES] == [0.0, 0.0, 0.0]  # z0 = sigmoid(-6) = 0.0025 is not within 0.001
    assert saturation_note(trace) is None


def test_no_shipped_example_gets_a_note():
    for state in EXAMPLES.values():
        assert saturation_note(cell(state)) is None, state.example
    trace = cell(EXAMPLES["Trained GRU: delayed recall"])
    trained = saturation(trace)
    assert trained["h_tilde"].share == 14 / 88 and trained["z"].share == 0.0  # 14 of its 11 x 8 candidates
    assert trace.h_tilde.size == 88 and at_limits(trace.h_tilde) == 14 and at_limits(trace.z, (0.0, 1.0)) == 0


def test_weights_times_100_saturate_z_everywhere_and_most_candidates():
    big = WRITE_ONCE.with_changes(W_ih=np.array(WRITE_ONCE.W_ih) * 100, b_ih=np.array(WRITE_ONCE.b_ih) * 100)
    trace = cell(big)
    found = saturation(trace)
    assert found["z"].share == 1.0 and found["h_tilde"].share == 22 / 24 and found["r"].share == 0.0
    assert trace.h_tilde.size == 24 and at_limits(trace.h_tilde) == 22  # counted one by one
    note = saturation_note(trace)
    assert note.startswith("Saturated: z is within 0.001 of 0 or 1 everywhere; h̃ is within 0.001 of -1 or 1 "
                           "in 91 % of its values (most of its units at every step).")
    assert "r is" not in note and "weights (or the inputs) are large" in note


def test_large_inputs_from_step_5_on_give_that_step_range():
    x = np.array(WRITE_ONCE.x)
    x[5:, 0] *= 1000  # the value feature; h~ = tanh(2 * value) saturates from there
    trace = cell(WRITE_ONCE.with_changes(x=x))
    found = saturation(trace)["h_tilde"]
    assert (found.share, found.first, found.last) == (0.5, 5, 11)
    assert "h̃ is within 0.001 of -1 or 1 in 50 % of its values (most of its units from step t=5 to t=11)" in (
        saturation_note(trace))


def test_a_clamped_gate_can_be_left_out():
    clamped = cell(WRITE_ONCE.with_changes(clamp=Clamp("z", 0.0)))
    assert saturation_note(clamped).startswith("Saturated: z is within 0.001 of 0 or 1 everywhere.")
    assert saturation_note(clamped, gates=("r", "h_tilde")) is None


def test_the_threshold_and_the_share_are_parameters():
    trained = cell(EXAMPLES["Trained GRU: delayed recall"])
    assert "h̃ is within 0.001 of -1 or 1 in 15 % of its values" in saturation_note(trained, share=0.15)
    assert saturation_note(trained, within=0.5)  # every sigmoid is within 0.5 of 0 or 1


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**16), scale=st.sampled_from([0.1, 1.0, 5.0, 30.0, 1e3]), T=st.integers(1, 30),
       H=st.integers(1, 6), convention=st.sampled_from(["takes_new", "keeps_old"]),
       reset=st.sampled_from(["before", "after"]))
def test_the_note_names_exactly_the_gates_that_are_mostly_saturated(seed, scale, T, H, convention, reset):
    base = gru_viz.GRU.random(3, H, reset=reset, z_convention=convention, seed=seed).layers[0][0]
    weights = gru_viz.CellWeights(*(None if a is None else a * scale for a in (base.W_ih, base.W_hh, base.b_ih,
                                                                                 base.b_hh)))
    model = gru_viz.GRU(((weights,),), reset=reset, z_convention=convention)
    x = np.random.default_rng(seed).normal(size=(T, 3))
    trace = model.run(x).cells[0][0]
    found = saturation(trace)
    note = saturation_note(trace)
    named = {g for g, name in (("r", "r is"), ("z", "z is"), ("h_tilde", "h̃ is")) if note and name in note}
    assert named == {g for g in GATES if found[g].share >= 0.5}
    for gate in GATES:
        assert 0.0 <= found[gate].share <= 1.0
        assert (found[gate].first is None) == (found[gate].last is None)
    # The other z convention is the same model: z becomes 1 - z, equally saturated (to rounding:
    # a value a hair from 0.001 may fall on the other side).
    other = model.with_z_convention("keeps_old" if convention == "takes_new" else "takes_new").run(x).cells[0][0]
    assert abs(saturation(other)["z"].share - found["z"].share) * trace.z.size <= 2
