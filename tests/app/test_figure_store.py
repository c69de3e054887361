"""Where figures are kept (ui/compute.cached_figure): a shared example's for everyone, a learner's
own for that learner only, and a bounded number of them."""

from tests.app.helpers import edit_table, open_app
from ui.compute import SESSION_FIGURES


def own_figures(at):
    return at.session_state["_own_figures"] if "_own_figures" in at.session_state else {}


def test_a_learners_own_figures_stay_in_their_session_and_are_bounded():
    at = open_app("pages/sequence_page.py")
    assert not own_figures(at)  # a shipped example: its figures are shared
    at.switch_page("pages/edit_page.py").run()
    for k in range(SESSION_FIGURES + 4):  # each edit is a new state with its own live heatmaps
        edit_table(at, "weights_z", edited={1: {"b": str(1 + k / 8)}})
    own = own_figures(at)
    assert 0 < len(own) <= SESSION_FIGURES
    assert all(key[0] == "live" for key in own)
    assert not own_figures(open_app("pages/edit_page.py"))  # another learner's session holds none of them
