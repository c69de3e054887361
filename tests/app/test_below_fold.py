"""A lesson page draws its first screen first, and the rest once the browser asks (ui/below_fold.py).

AppTest cannot send a Components v2 element's trigger, so the browser's request is the session
value its callback sets (tests/app/helpers.whole_page); tests/browser/test_below_fold_browser.py
sends the real one by scrolling."""

import pytest

from tests.app.helpers import figures, open_app, run_checked, whole_page

# Each lesson page with a fold: a heading on its first screen, and one that comes after its fold.
FOLDED = {
    "conventions": ("Which side z multiplies: the same GRU, written both ways", "Who writes what"),
    "gradients": ("Why gates help gradients", "Try this"),
    "gru_vs_lstm": ("GRU versus LSTM", "Parameters and time"),
    "stacked": ("Stacked and bidirectional", "Try this"),
}


def headings(at):
    return [h.value.lstrip("#").strip() for h in [*at.title, *at.header, *at.subheader]] + [
        m.value.splitlines()[0].lstrip("#").strip() for m in at.markdown if m.value.startswith("#")
    ]


def opened(path):
    """The page `path` just opened from another page, as a click on its link does: its rest not drawn."""
    at = open_app("pages/cell_page.py")
    at.switch_page(f"pages/{path}_page.py")
    return run_checked(at)


@pytest.mark.parametrize("path", list(FOLDED))
def test_a_page_just_opened_draws_its_first_screen_and_the_rest_when_asked(path):
    first, later = FOLDED[path]
    at = opened(path)
    assert first in headings(at) and later not in headings(at)
    whole_page(at)
    assert first in headings(at) and later in headings(at)


def test_once_drawn_the_rest_stays_for_every_run_of_the_page_and_not_for_its_next_visit():
    at = whole_page(opened("conventions"))
    charts = len(figures(at))
    at.session_state["app_state"] = at.session_state["app_state"].with_changes(step=3)
    run_checked(at)  # a step: the whole page again, with the rest at once (no blink)
    assert "Who writes what" in headings(at) and len(figures(at)) == charts
    at.switch_page("pages/memory_page.py")
    run_checked(at)
    at.switch_page("pages/conventions_page.py")
    run_checked(at)  # a new visit: the first screen first again
    assert "Who writes what" not in headings(at)


def test_a_control_below_the_fold_changes_the_state_and_the_link():
    at = whole_page(opened("stacked"))
    captions = legends(at)
    at.radio(key="stacked_gate").set_value("r").run()
    assert at.session_state["app_state"].pages.stacked.gate == "r"
    assert at.query_params["s"]  # the link carries it
    assert captions != legends(at)  # the heatmaps' colour legend now says what r means


def legends(at):
    return [c.value for c in at.caption if "positive" in c.value or "bright" in c.value]
