"""The training pages train and show their GRUs in the app's convention (z takes the new candidate,
reset before W_h). When the sidebar shows another one (a loaded PyTorch model's), each page says so,
naming both; when the two agree, it says nothing more."""

import pytest

from lessons import presets
from lessons.state import to_url
from tests.app.helpers import app_state, open_app

PAGES = ["pages/train_page.py", "pages/compare_page.py"]


def notes(at):
    return [element.value for element in at.info]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("z, reset, said", [("keeps_old", "after", "z keeps the old state, reset after"),
                                            ("keeps_old", "before", "z keeps the old state, reset before"),
                                            ("takes_new", "after", "z takes the new candidate, reset after")])
def test_a_page_says_its_convention_where_the_sidebars_differs(page, z, reset, said):
    state = presets.random_gru(3, 4).with_changes(z_convention=z, reset=reset)
    at = open_app(page, query=to_url(state))
    assert (app_state(at).z_convention, app_state(at).reset) == (z, reset)  # what the sidebar shows
    differs = [n for n in notes(at) if "sidebar shows another convention" in n]
    assert len(differs) == 1 and said in differs[0]
    assert "z takes the new candidate, reset before" in differs[0]  # and the page's own


@pytest.mark.parametrize("page", PAGES)
def test_no_note_where_the_sidebar_already_shows_the_pages_convention(page):
    at = open_app(page, query=to_url(presets.random_gru(3, 4)))
    assert not [n for n in notes(at) if "sidebar" in n]
    assert any("this app's convention: z takes the new candidate" in c.value for c in at.caption)
