"""The app's colour scales and line colours under simulated colour-vision deficiencies.

The measuring and the thresholds (and why they are what they are) live in scripts/check_colours.py,
which prints the same numbers as a table (docs/colours.md); these tests keep them true when a scale
or a colour in gru_viz/figures/style.py changes. Needs colorspacious (requirements-dev.txt), which
scripts/check_colours.py imports: without it these tests fail, they never skip.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from gru_viz.figures import style

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_colours.py"
_spec = importlib.util.spec_from_file_location("check_colours", SCRIPT)
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

VISIONS = pytest.mark.parametrize("deficiency", [None, *check.DEFICIENCIES])


@VISIONS
def test_gate_scale_gets_lighter_from_0_to_1(deficiency):
    assert check.gate_scale(deficiency)["rises"]


@VISIONS
def test_gate_values_a_tenth_apart_stay_distinguishable(deficiency):
    assert check.gate_scale(deficiency)["min_step"] >= check.STEP_DELTA


@VISIONS
def test_state_scale_ends_differ_from_each_other_and_from_zero(deficiency):
    s = check.diverging_scale(deficiency)
    assert s["ends"] >= check.CATEGORY_DELTA
    assert s["end_to_middle"] >= check.CATEGORY_DELTA


@VISIONS
@pytest.mark.parametrize("v", check.SIGNED_PAIRS)
def test_state_scale_tells_minus_v_from_plus_v(deficiency, v):
    assert check.diverging_scale(deficiency)["pairs"][v] >= check.CATEGORY_DELTA


@VISIONS
def test_state_scale_gets_darker_away_from_zero_on_both_sides(deficiency):
    assert check.diverging_scale(deficiency)["falls"]


@VISIONS
@pytest.mark.parametrize("group", list(check.FIGURE_GROUPS))
def test_colours_drawn_together_stay_pairwise_distinct(deficiency, group):
    closest, a, b = check.palette_group(check.FIGURE_GROUPS[group], deficiency)
    assert closest >= check.CATEGORY_DELTA, f"{a} and {b}"


def test_every_checked_colour_and_scale_is_the_one_the_figures_use():
    for names in check.FIGURE_GROUPS.values():
        assert set(names) <= set(style.COLOURS)
    assert set(style.SCALES.values()) == {style.GATE_SCALE, style.STATE_SCALE}
    assert check.failures() == []


def test_the_words_for_each_scale_match_its_colours():
    dark, bright = check.seen(check.sample(style.GATE_SCALE, [0.0, 1.0]), None)
    assert style.GATE_ENDS == ("dark", "bright") and dark[0] < bright[0] - 50  # J' of value 0 and of 1
    (r_low, _, b_low), (r_mid, g_mid, b_mid), (r_high, _, b_high) = check.sample(style.STATE_SCALE, [0.0, 0.5, 1.0])
    assert style.STATE_ENDS == ("red", "blue")
    assert r_low > 2 * b_low and b_high > 2 * r_high  # -1 reads red, +1 reads blue
    assert min(r_mid, g_mid, b_mid) > 0.9  # 0 reads white
    middle, white = check.seen(np.array([[r_mid, g_mid, b_mid], [1.0, 1.0, 1.0]]), None)
    assert check.delta(middle, white) < check.STEP_DELTA  # closer to white than two gate values 0.1 apart
