"""The same hostile input through the app's session (Streamlit's AppTest): table edits, text, and
uploaded state files either change the session's state to exactly what the core computes for them,
or are refused with a message and leave the state exactly as it was.

The page under test is the real sidebar and the real editors (ui.sidebar.draw, ui.editors), without
the figures, so that a rerun costs milliseconds; one session serves all of a test's examples, each
of which starts from a known state. Table edits here are what a browser can send (the columns
drawn, text or an emptied cell, rows that exist): Streamlit's data_editor itself fails on others
before the app sees them, and tests/fuzz/test_table_edits.py feeds those to the parser directly.
"""

import functools
import json

import numpy as np
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from streamlit.elements.widgets.data_editor import DataEditorSerde
from streamlit.testing.v1 import AppTest

from lessons.explore import stored_model
from lessons.state import MAX_TEXT, MAX_WEIGHT, StateError, from_json, to_json
from lessons.table_edits import apply_edits, has_edits
from tests.app.helpers import app_state, run_checked, seed_edit
from tests.fuzz import CELL_TEXTS, EXAMPLES, damaged_texts, edited_states, json_text

SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def input_page():
    from ui import session
    from ui.editors import input_editor

    input_editor(session.state())


def weight_page():
    from ui import session
    from ui.editors import weight_editor

    weight_editor(session.state())


def sidebar_page():
    from ui import sidebar

    sidebar.draw(with_steps=False)


@functools.cache
def session(page):
    """The AppTest session of one page, started on its test's first example."""
    return run_checked(AppTest.from_function(page, default_timeout=30))


def start_from(at, state):
    """Make `state` the session's state, as a link or an upload would (widgets re-read it)."""
    at.session_state["app_state"] = state
    at.session_state["rev"] = at.session_state["rev"] + 1
    at.session_state["messages"] = {}
    return run(at)


def run(at):
    return app_state(run_checked(at))


def refusals(at):
    return [e.value for e in at.error] + [e.value for e in at.sidebar.error]


def as_the_browser_sends(delta):
    """The delta as Streamlit stores it after the browser sent it as JSON."""
    return DataEditorSerde().deserialize(json.dumps(delta))


def browser_deltas(n, columns, dynamic):
    """Edits a browser makes in a table of n rows: cells typed (or emptied) in the columns drawn,
    and, in a table that allows it, rows deleted and rows added (every cell filled in)."""
    cell = st.floats(-2e6, 2e6).map(str) | CELL_TEXTS | st.none()
    edited = st.dictionaries(st.integers(0, n - 1), st.dictionaries(st.sampled_from(columns), cell, min_size=1),
                             max_size=3)
    if not dynamic:
        return st.fixed_dictionaries({"edited_rows": edited})
    added = st.lists(st.fixed_dictionaries({column: cell for column in columns}), max_size=2)
    return st.fixed_dictionaries({"edited_rows": edited, "deleted_rows": st.lists(st.integers(0, n - 1), max_size=n),
                                  "added_rows": added})


START = EXAMPLES["Write once, carry"]  # 12 steps, 2 inputs, 2 units
INPUTS = [f"x[{i}]" for i in range(START.input_size)]


@settings(max_examples=100, **SLOW)
@given(delta=browser_deltas(START.steps, INPUTS, dynamic=True))
def test_an_input_table_edit_is_applied_exactly_or_refused_and_the_state_kept(delta):
    assume(has_edits(delta))
    at = session(input_page)
    before = start_from(at, START)
    columns = INPUTS
    delta = as_the_browser_sends(delta)
    try:
        expected = before.with_changes(x=apply_edits(before.x, columns, delta, dynamic=True), example="")
    except StateError:
        expected = None
    seed_edit(at, "inputs", delta)
    after = run(at)
    if expected is None:
        event("refused")
        assert after == before and to_json(after) == to_json(before)
        assert any(text.startswith("Not applied") for text in refusals(at))
    else:
        event("applied")
        assert after == expected
        assert not any(text.startswith("Not applied") for text in refusals(at))


def shown_rows(state, gate):
    """The rows of one gate's weight table, as the page shows them (in the convention shown)."""
    H = state.hidden_size
    cell = stored_model(state).with_z_convention(state.z_convention).layers[0][0]
    rows = slice("rzh".index(gate) * H, ("rzh".index(gate) + 1) * H)
    parts = [cell.W_ih[rows], cell.W_hh[rows], cell.b_ih[rows, None]]
    if cell.b_hh is not None:
        parts.append(cell.b_hh[rows, None])
    return np.hstack(parts)


WEIGHTS = INPUTS + [f"h[{j}]" for j in range(START.hidden_size)] + ["b"]


@settings(max_examples=60, **SLOW)
@given(delta=browser_deltas(START.hidden_size, WEIGHTS, dynamic=False), gate=st.sampled_from("rzh"),
       convention=st.sampled_from(["takes_new", "keeps_old"]))
def test_a_weight_table_edit_shows_the_typed_numbers_or_is_refused_and_the_state_kept(delta, gate, convention):
    assume(has_edits(delta))
    at = session(weight_page)
    before = start_from(at, START.with_changes(z_convention=convention))
    columns = WEIGHTS
    delta = as_the_browser_sends(delta)
    try:
        rows = np.array(apply_edits(shown_rows(before, gate), columns, delta, dynamic=False))
        expected_refusal = bool(np.any(np.abs(rows) > MAX_WEIGHT))
    except StateError:
        rows, expected_refusal = None, True
    seed_edit(at, f"weights_{gate}", delta)
    after = run(at)
    if expected_refusal:
        event("refused")
        assert after == before and to_json(after) == to_json(before)
        assert any(text.startswith("Not applied") for text in refusals(at))
        return
    event("applied")
    assert np.array_equal(shown_rows(after, gate), rows)
    for other in "rzh".replace(gate, ""):
        assert np.array_equal(shown_rows(after, other), shown_rows(before, other))
    assert after.x == before.x and after.z_convention == convention


TYPED_TEXTS = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Z", "Cc"]), max_size=30),
    st.text(st.sampled_from(" \t\u00a0\u3000"), max_size=5),
    st.text(st.sampled_from("ab 🙂"), min_size=MAX_TEXT - 2, max_size=MAX_TEXT + 2),
    st.integers(95, 105).map(lambda n: "w " * n),
)


@settings(max_examples=100, **SLOW)
@given(text=TYPED_TEXTS, split=st.sampled_from(["characters", "words"]))
def test_typed_text_is_embedded_exactly_or_refused_and_the_state_kept(text, split):
    at = session(input_page)
    before = start_from(at, START.with_changes(text="hello world"))
    try:
        expected = before.with_changes(text=text, split=split)
    except StateError:
        expected = None
    next(t for t in at.text_input if t.label.startswith("Text")).set_value(text)
    next(r for r in at.radio if r.label == "Tokens are").set_value(split)
    after = run(at)
    if expected is None:
        event("refused")
        assert after == before and to_json(after) == to_json(before)
        assert refusals(at)
    else:
        event("applied")
        assert after == expected


UPLOADS = [0]


@settings(max_examples=60, **SLOW)
@given(blob=edited_states().map(lambda data: json_text(data).encode()) | damaged_texts() | st.binary(max_size=100))
def test_an_uploaded_state_file_is_opened_exactly_or_refused_and_the_state_kept(blob):
    at = session(sidebar_page)
    before = start_from(at, START)
    UPLOADS[0] += 1
    blob += b" " * UPLOADS[0]  # every upload differs from the last (JSON ignores trailing spaces)
    try:
        expected = from_json(blob)
    except StateError:
        expected = None
    at.file_uploader(key="state_upload").set_value(("state.json", blob, "application/json"))
    after = run(at)
    if expected is None:
        event("refused")
        assert after == before and to_json(after) == to_json(before)
        assert any("not loaded" in text for text in refusals(at))
    else:
        event("opened")
        assert after == expected
