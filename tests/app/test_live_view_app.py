"""The live view's side on the server (ui/live_view.py, lessons/live_commit.py), as AppTest sees it.

Its data: what the browser needs to run the GRU and draw every view, on each of its three pages.
Its messages (sent as the browser sends them, tests/app/helpers.send_live): what the browser sends
when the learner pauses or lets go of a slider is checked like every other input. A forged or
malformed message (NaN, a string for a number, a huge list, an out-of-range step, a key we do not
know) is refused with a message and the state is unchanged; a good one changes the state, the link
and the followed unit.
"""

import math

import pytest

from lessons.explore import run_state
from lessons.presets import random_gru
from lessons.state import from_url, to_url
from tests.app.helpers import app_state, live_data, open_app, send_live


@pytest.mark.parametrize("page, view", [("cell", "cell"), ("sequence", "sequence"), ("edit", "edit")])
def test_each_live_page_sends_the_numbers_and_the_servers_states(page, view):
    at = open_app(f"pages/{page}_page.py")
    state, data = app_state(at), live_data(at)
    assert data["view"] == view and data["state"]["step"] == state.step
    assert data["state"]["W_ih"] == [list(row) for row in state.W_ih]
    assert data["states"] == run_state(state).cells[0][0].h.ravel().tolist()  # exact: JSON keeps every bit
    assert data["tokens"] == state.tokens() and data["words"]["name"] == state.z_convention
    assert set(data["style"]["scales"]) == {"r", "z", "h_tilde", "h"}
    assert data["message"] is None and data["hidden"] is False


def forge(at, message):
    return send_live(at, message)


def said(at):
    """What the live view says above its views (a refusal's message), as the browser receives it."""
    return live_data(at)["message"] or ""


@pytest.fixture
def session():
    return open_app("pages/cell_page.py")


BAD = {
    "a string for a step": {"seq": "e:1", "step": "3"},
    "a bool for a step": {"step": True},
    "a step past the end": {"step": 10_000},
    "a negative step": {"step": -1},
    "NaN for a weight": {"weights": [["W_ih", 0, 0, math.nan]]},
    "inf for an input": {"inputs": [[0, 0, math.inf]]},
    "a string for a weight": {"weights": [["W_hh", 0, 0, "1.5"]]},
    "a weight beyond the limit": {"weights": [["b_ih", 0, None, 1e9]]},
    "an unknown matrix": {"weights": [["W_xx", 0, 0, 1.0]]},
    "a column for a bias": {"weights": [["b_ih", 0, 1, 1.0]]},
    "a row out of range": {"weights": [["W_ih", 999, 0, 1.0]]},
    "a huge list of edits": {"weights": [["W_ih", 0, 0, 1.0]] * 100_000},
    "a clamp above 1": {"clamp": {"gate": "z", "value": 1.5, "unit": None}},
    "a clamp of another gate": {"clamp": {"gate": "h", "value": 0.5, "unit": None}},
    "a unit out of range": {"unit": 99},
    "an unknown key": {"step": 1, "script": "alert(1)"},
    "an empty message": {},
    "a list": [1, 2, 3],
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_forged_message_is_refused_with_a_message_and_changes_nothing(session, name):
    before = app_state(session)
    forge(session, BAD[name])
    assert app_state(session) is before
    text = said(session)
    assert text.startswith("the live view sent") or "limit" in text or "between 0 and 1" in text, text


def test_a_good_message_moves_the_step_edits_the_weights_and_follows_the_unit(session):
    before = app_state(session)
    H = before.hidden_size
    z_row = H  # the update gate's first row: stored the seed's way, shown as is under takes_new
    forge(session, {"seq": "e:1", "step": 2, "unit": 1, "weights": [["W_ih", z_row, 0, 2.5], ["b_hh", 0, None, 0.25]]
                    if before.b_hh is not None else [["W_ih", z_row, 0, 2.5]]})
    after = app_state(session)
    assert after.step == 2 and after.pages.cell.unit == 1 and after.W_ih[z_row][0] == 2.5
    assert after.example == ""  # edited weights make the example the learner's own
    assert live_data(session)["applied"] == "e:1" and live_data(session)["state"]["unit"] == 1
    assert said(session) == ""


def test_under_keeps_old_a_dragged_update_gate_weight_is_stored_with_the_opposite_sign(session):
    forge(session, {"clamp": None})
    session.session_state["app_state"] = app_state(session).with_changes(z_convention="keeps_old")
    H = app_state(session).hidden_size
    forge(session, {"weights": [["W_hh", H + 1, 0, 0.75]]})
    assert app_state(session).W_hh[H + 1][0] == -0.75


def test_inputs_drag_only_in_number_mode(session):
    forge(session, {"inputs": [[1, 0, 0.5]]})
    assert app_state(session).x[1][0] == 0.5
    session.session_state["app_state"] = app_state(session).with_changes(text="hello", split="characters")
    before = app_state(session)
    forge(session, {"inputs": [[1, 0, 0.25]]})
    assert app_state(session) is before and "text" in said(session)


def test_a_link_opens_the_followed_unit_and_following_another_puts_it_in_the_link():
    state = random_gru(3, 4).with_setting("cell", unit=2)
    at = open_app("pages/cell_page.py", to_url(state))
    assert live_data(at)["state"]["unit"] == 2
    send_live(at, {"seq": "u:1", "unit": 3})
    assert from_url(at.query_params["s"]).pages.cell.unit == 3 and live_data(at)["state"]["unit"] == 3
