"""colour_legend: the one-line captions saying what bright and dark (or red and blue) mean."""

import pytest

from gru_viz.conventions import Z_CONVENTIONS
from gru_viz.conventions import convention as meaning_of
from gru_viz.figures.style import STATE_ENDS, colour_legend

CONVENTIONS = ("takes_new", "keeps_old")


def test_bright_z_takes_the_candidate_when_z_takes_new():
    assert colour_legend("z", "takes_new") == (
        "Update gate z: bright (z≈1) takes the new candidate, dark (z≈0) keeps the old state."
    )


def test_bright_z_keeps_the_old_state_when_z_keeps_old():
    assert colour_legend("z", "keeps_old") == (
        "Update gate z: bright (z≈1) keeps the old state, dark (z≈0) takes the new candidate."
    )


@pytest.mark.parametrize("convention", Z_CONVENTIONS)
def test_z_caption_says_what_the_conventions_module_says_z_near_1_and_0_do(convention):
    meaning = meaning_of(convention)
    caption = colour_legend("z", convention)
    assert f"bright (z≈1) {meaning.z_near_1}, dark (z≈0) {meaning.z_near_0}." in caption


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_bright_r_lets_the_past_in_under_either_convention(convention):
    assert colour_legend("r", convention) == (
        "Reset gate r: bright (r≈1) lets the past into the candidate, dark (r≈0) hides it."
    )


@pytest.mark.parametrize("quantity, label", [("h_tilde", "Candidate h̃"), ("h", "State h")])
def test_candidate_and_state_read_blue_positive_red_negative(quantity, label):
    negative, positive = STATE_ENDS
    assert colour_legend(quantity, "keeps_old") == (
        f"{label}: {positive} positive, {negative} negative, white near 0 (−1 to 1)."
    )
    assert (negative, positive) == ("red", "blue")


@pytest.mark.parametrize("quantity", ["r", "z", "h_tilde", "h", "x", "i", "f", "o"])
@pytest.mark.parametrize("convention", CONVENTIONS)
def test_every_caption_is_one_line_naming_its_quantity(quantity, convention):
    caption = colour_legend(quantity, convention)
    assert "\n" not in caption and caption.endswith(".")
    symbol = {"h_tilde": "h̃"}.get(quantity, quantity)
    assert caption.split(":")[0].endswith(" " + symbol)


def test_unknown_quantity_or_convention_is_refused():
    with pytest.raises(ValueError, match="quantity"):
        colour_legend("c", "takes_new")
    with pytest.raises(ValueError, match="z_convention"):
        colour_legend("r", "cho")
