"""The live view: the cell, sequence and edit pages' views drawn and stepped in the browser.

A Streamlit Components v2 element. Its scripts are static files (static/live/, served by
Streamlit at app/static/live/ with `server.enableStaticServing`); only a five-line loader is
inline, so a rerun sends the data, not the scripts. The browser runs the GRU itself
(static/live/forward.js, held to the NumPy trace by tests/browser/test_live_forward_browser.py),
so stepping, play and dragging a weight redraw every view with no server run. When the learner
pauses (300 ms after the last press) or lets go of a slider, one message comes back: it is checked
(lessons.live_commit) and applied through session.update like every other control, so the state,
the link and every other page follow; a refused one leaves the state as it was and says why.
"""

import pandas as pd
import streamlit as st

from gru_viz.figures import style
from lessons.export import figure_filename
from lessons.live_commit import commit_changes
from lessons.live_data import live_data
from lessons.state import StateError

from . import session, view

SOURCE = "live"  # the refusal messages' key (session.message)
_APPLIED = "_live_applied"
# The loader: the page's address may be /cell or /<base>/cell, and the scripts are served beside
# it. The renderer is the module's `mount`, called with every new `data`; it returns the cleanup.
LOADER = """
export default function (component) {
  let cleanup = null, gone = false;
  import(new URL("app/static/live/main.js", document.baseURI).href).then(({ mount }) => {
    if (!gone) cleanup = mount(component);
  });
  return () => { gone = true; if (cleanup) cleanup(); };
}
"""
_component = st.components.v2.component("gru_live_view", js=LOADER)
FIGURES = {"cell": "cell_diagram", "sequence": "heatmaps", "edit": "live_heatmaps"}  # their downloads' names
STEP_MARK = 987654321  # stands for the step in a download's name; the browser writes the step it shows


def live_view(state, trace, which, *, hidden=False, key=f"{SOURCE}_view"):
    """Mount the live view `which` ("cell", "sequence" or "edit") of `state`, whose server trace
    (a GRUTrace) is `trace`. hidden=True (a predict-then-reveal question is open) keeps the views
    that would give the answer away out of sight; the step bar stays."""
    data = live_data(state, trace, view=which, unit=min(state.pages.cell.unit, state.hidden_size - 1),
                     presentation=view.presenting())
    data["hidden"] = bool(hidden)
    page = st.session_state.get("page_path") or which
    data["download"] = {
        "format": view.download_format(),
        "name": figure_filename(page, FIGURES[which], {"step": STEP_MARK, "z_convention": state.z_convention,
                                                      "reset": state.reset}),
        "step_mark": f"step{STEP_MARK}",
    }
    data["message"] = session.message(SOURCE)
    data["applied"] = st.session_state.get(_APPLIED)  # the last message processed, accepted or not
    _component(key=key, data=data, on_commit_change=lambda: _commit(key), width="stretch", height="content")
    if view.table_views() and which != "cell":
        tables(trace, state.tokens())


def tables(trace, tokens):
    """The heatmaps' numbers, one table each (rows and columns as drawn): for screen readers and
    copying. The server's trace: after a drag, the state the learner let go of."""
    for name in ("x", "r", "z", "h_tilde", "h"):
        values = getattr(trace, name).T
        rows = [f"x[{i}]" for i in range(len(values))] if name == "x" else [f"unit {j}" for j in range(len(values))]
        st.markdown(f"**{style.LABELS[name]}** (table view)")
        st.dataframe(pd.DataFrame(values, index=rows, columns=list(tokens)).round(4), width="stretch",
                     height=min(40 + 35 * len(values), 320))


def _commit(key):
    apply_commit((st.session_state.get(key) or {}).get("commit"))


def apply_commit(message):
    """Apply the browser's message (lessons.live_commit) to the session's state, or refuse it with
    a message and keep the state; either way the browser is told it was processed."""
    current = session.state()
    if not isinstance(message, dict):
        session.refuse(SOURCE, "the live view sent a message this app does not understand")
        return
    message = dict(message)
    seq = message.pop("seq", None)  # echoed back (data.applied): the browser then takes the server's state
    st.session_state[_APPLIED] = seq if isinstance(seq, str) and len(seq) <= 40 else None
    try:
        changes, unit = commit_changes(message, current)
        new = current.with_changes(**changes) if changes else current
        if unit is not None:
            new = new.with_setting("cell", unit=unit)
    except StateError as exc:
        session.refuse(SOURCE, str(exc))
        return
    session.replace_state(new, source=SOURCE)
