"""The sidebar's two downloads, the state (JSON) and the trace (CSV), made from the state current
when the button is pressed.

Why not from the state of the run that drew the button: the cell and sequence pages step inside a
fragment, which reruns only its own part of the page, so the sidebar's buttons stay as the last
full run drew them. A download made from the state that run saw gave the step before (measured:
three steps with the page's "next", then the JSON said step 2 while the page and the link said 3).

So each button's data is a function, run by Streamlit when the button is pressed (a deferred
download), that reads this session's state at that moment. Streamlit runs it in a worker thread
without the script's context: there `st.session_state` is a stand-in shared by every session, so
the function holds this session's own state object, and computes with lessons and gru_viz only.

on_click="ignore": a press only downloads. With the default, every press also reran the whole
app, and a full run registers each deferred download under a new id and drops the old one when it
ends; a click handled while such a run was ending (a busy server, a page still redrawing) could
ask for an id already dropped, which is the likely cause of a button that spun or did nothing
until a reload (seen once each; not reproduced on demand here).
"""

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lessons.explore import run_state
from lessons.export import figure_filename, trace_csv
from lessons.state import to_json

from . import session


def _current_state():
    """A function returning this session's state as it is when called, from any thread."""
    session.state()  # made now if this is the session's first run
    ctx = get_script_run_ctx()
    if ctx is None:  # no server (a bare run): the state of this run is all there is
        frozen = st.session_state.app_state
        return lambda: frozen
    own = ctx.session_state  # this session's, read under its own lock
    return lambda: own["app_state"]


def _state_json(current):
    return lambda: to_json(current())


def _trace_csv(current):
    def make():
        state = current()
        return trace_csv(run_state(state).cells[0][0], state.tokens())

    return make


def state_and_trace(where, page_path):
    """The JSON and CSV download buttons, in `where`."""
    current = _current_state()
    where.download_button(
        "Download this state (JSON)",
        _state_json(current),
        file_name="gru-state.json",
        mime="application/json",
        on_click="ignore",
        width="stretch",
    )
    state = current()
    # No step in the name: the file holds every step, and the name is fixed when the button is drawn.
    conventions = {"z_convention": state.z_convention, "reset": state.reset}
    where.download_button(
        "Download the trace (CSV)",
        _trace_csv(current),
        file_name=figure_filename(page_path, "trace", conventions) + ".csv",
        mime="text/csv",
        on_click="ignore",
        width="stretch",
        help="One row per step and unit with every gate, the candidate, the state and the pre-activations.",
    )
