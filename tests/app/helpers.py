"""Driving the app with Streamlit's AppTest: start it, visit a page, read the state it holds."""

import base64
import json

import numpy as np
from streamlit.testing.v1 import AppTest

from lessons.explore import run_state
from tests.helpers import ROOT
from ui.below_fold import SHOWN
from ui.editors import GATES


def open_app(page=None, query=None):
    """A fresh session (its own state), optionally at `page` (e.g. 'pages/cell_page.py') with ?s=query."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if query is not None:
        at.query_params["s"] = query
    at.run()
    if page:
        at.switch_page(page)
    return whole_page(run_checked(at))


def whole_page(at):
    """Draw the rest of the page below its fold (ui/below_fold.py), as the browser asks for once the
    learner's screen comes near it (AppTest cannot send a Components v2 element's trigger)."""
    if SHOWN in at.session_state and not at.session_state[SHOWN][1]:
        at.session_state[SHOWN] = (at.session_state[SHOWN][0], True)
        run_checked(at)
    return at


def run_checked(at):
    """Run the session and fail on any exception the page raised."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figure_elements(at):
    """Every figure element on the page (ui/figure_view.py), as {"key", "spec", "config", "alt"}: the
    data each sends the browser, its figure's JSON decoded."""
    found = []
    for element in at.get("bidi_component"):
        if element.proto.component_name == "gru_figure":
            data = json.loads(element.proto.json)
            found.append({**data, "key": element.proto.id.rsplit("-", 1)[-1], "spec": json.loads(data["spec"])})
    return found


def figures(at):
    """Every plotly figure on the page, as the JSON dicts sent to the browser."""
    return [element["spec"] for element in figure_elements(at)]


def array_of(value):
    """A figure's array as NumPy: plotly sends NumPy data as typed arrays ({"dtype", "bdata", "shape"})."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        return array.reshape([int(n) for n in str(shape).split(",")]) if shape else array
    return np.array(value, dtype=float)


def app_state(at):
    return at.session_state["app_state"]


def gru_cell(at):
    """The trace the app shows (recomputed here from its state, independently of its cache)."""
    return run_state(app_state(at)).cells[0][0]


# The edit page's table of each key prefix: its tab, and within the weights its gate's tab.
EDIT_TABS = {
    "inputs": ("The input sequence", None),
    **{f"weights_{gate}": ("Weights", label) for gate, label in GATES.items()},
}


def open_tab(at, tab, gate=None):
    """Open the edit page's tab `tab` (and the weights' table labelled `gate`), as a click on it
    does, and run: the page draws only the open tab (pages/edit_page.py). Streamlit opens the first
    tab for a label it does not know, so the tab is checked to be the one asked for."""
    for key, label in (("edit_tab", tab), ("gate_tab", gate)):
        if label is not None:
            at.session_state[key] = label
            run_checked(at)
            assert at.session_state[key] == label, f"no tab {label!r}"
    return at


def editor(at, prefix):
    """The data editor whose key starts with `prefix`. If its tab is closed, it is opened first (a
    run of the app, as the learner's click on it would be)."""
    found = [d for d in at.data_editor if d.key.startswith(prefix)]
    if not found and prefix.split("-")[0] in EDIT_TABS:
        open_tab(at, *EDIT_TABS[prefix.split("-")[0]])
        found = [d for d in at.data_editor if d.key.startswith(prefix)]
    return found[0]


def seed_edit(at, prefix, delta):
    """Put `delta` (a data editor's edits) into the editor whose key starts with `prefix`, as the
    browser would; the next run applies it."""
    at.session_state[editor(at, prefix).key] = delta


def edit_table(at, prefix, edited=None, added=None, deleted=None):
    """Make an edit in the data editor whose key starts with `prefix`, and run.

    As in the browser, the editor's delta holds every edit since the table was mounted: this edit
    is merged into what the editor already holds (a fresh table starts from nothing)."""
    key = editor(at, prefix).key
    held = at.session_state[key] if key in at.session_state else None
    held = held if isinstance(held, dict) else {}
    rows = {int(k): dict(v) for k, v in (held.get("edited_rows") or {}).items()}
    for row, changes in (edited or {}).items():
        rows.setdefault(int(row), {}).update(changes)
    seed_edit(at, prefix, {
        "edited_rows": rows,
        "added_rows": [*(held.get("added_rows") or []), *(added or [])],
        "deleted_rows": [*(held.get("deleted_rows") or []), *(deleted or [])],
    })
    return run_checked(at)


def live_element(at):
    """The page's live view element (ui/live_view.py)."""
    (element,) = [e for e in at.get("bidi_component") if e.proto.component_name == "gru_live_view"]
    return element


def live_data(at):
    """The data the page's live view was given, as the browser receives it."""
    return json.loads(live_element(at).proto.json)


def send_live(at, message):
    """Send `message` as the live view's browser does when the learner pauses or lets go of a
    slider (setTriggerValue("commit", message)), and run: AppTest has no element for a
    Components v2 element, so the trigger goes in as the browser's widget state."""
    from streamlit.components.v2.bidi_component.main import _make_trigger_id

    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(live_element(at).proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": "commit", "value": message}])
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]
    return at
