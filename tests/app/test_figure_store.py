"""Where figures are kept (ui/compute.cached_figure): a shared example's for everyone, a learner's
own for that learner only, and a bounded number of them."""

from tests.app.helpers import open_app, send_live, whole_page
from ui.compute import SESSION_FIGURES


def own_figures(at):
    return at.session_state["_own_figures"] if "_own_figures" in at.session_state else {}


def test_a_learners_own_figures_stay_in_their_session_and_are_bounded():
    at = open_app("pages/stacked_page.py")
    assert not own_figures(at)  # a shipped example: its figures are shared
    for k in range(SESSION_FIGURES // 2 + 2):  # each edit is a new state, with its two stacked figures
        at.switch_page("pages/edit_page.py").run()
        send_live(at, {"weights": [["b_ih", 3, None, 1 + k / 8]]})
        whole_page(at.switch_page("pages/stacked_page.py").run())  # its heatmaps are below the fold
    own = own_figures(at)
    assert 0 < len(own) <= SESSION_FIGURES
    assert {key[0] for key in own} <= {"stack_diagram", "layer_heatmaps"}
    assert not own_figures(open_app("pages/stacked_page.py"))  # another learner's session holds none of them
