"""Every page's heading: a title, one short line stating the conventions in force, and a note when
the current example's gates are saturated (weights so large that small edits barely move them).

In presentation mode the heading takes one row (the title, and the conventions beside it) and a
page's explanations fold into an expander (`explain`), so that the figure comes first on a
projector's screen."""

import streamlit as st

from gru_viz.conventions import convention
from lessons.saturation import GATES, saturation_note

from . import view
from .compute import trace_and_model

RESET = {"before": "reset before $W_h$", "after": "reset after $W_{hn}$"}


def convention_line(state, short=False):
    """The conventions in force; short=True drops the label (presentation mode's bar shows it)."""
    meaning = convention(state.z_convention)
    label = "" if short else f"Convention: {meaning.label}: "
    return f"{label}${meaning.latex}$; {RESET[state.reset]}."


def heading(title, state):
    presenting = view.presenting()
    title_at, line_at = st.columns([3, 2], vertical_alignment="center") if presenting else (st, st)
    title_at.title(title)
    line_at.caption(convention_line(state, short=presenting))
    # A clamped gate sits at its limit on purpose: only the others can be "saturated".
    gates = tuple(g for g in GATES if state.clamp is None or g != state.clamp.gate)
    note = saturation_note(trace_and_model(state)[0].cells[0][0], gates=gates)
    if note:
        st.warning(note, icon=":material/speed:")


def explain(text, label="What this page shows", header=None):
    """A page's explanation in Markdown (under `header`, if given): a paragraph, or in presentation
    mode an expander a teacher opens when the class needs it (the figure keeps the first screen)."""
    if view.presenting():
        st.expander(header or label, icon=":material/info:").markdown(text)
        return
    if header:
        st.header(header)
    st.markdown(text)


def where_steps():
    """Where the step controls are, for a sentence that points to them: the sidebar's time step,
    or in presentation mode (no sidebar) the previous and next buttons above the page."""
    return "**previous** and **next** above the page" if view.presenting() else "**time step t** in the sidebar"


def in_sidebar():
    """Where a sentence sends the reader for the example, the conventions or the view settings:
    the sidebar, which presentation mode hides until the teacher presses Exit."""
    return "in the sidebar" + (" (press **Exit** above to show it)" if view.presenting() else "")
