"""Every page's heading: a title, one short line stating the conventions in force, and a note when
the current example's gates are saturated (weights so large that small edits barely move them)."""

import streamlit as st

from gru_viz.conventions import convention
from lessons.saturation import GATES, saturation_note

from .compute import trace_and_model

RESET = {"before": "reset before $W_h$", "after": "reset after $W_{hn}$"}


def convention_line(state):
    meaning = convention(state.z_convention)
    return f"Convention: {meaning.label}: ${meaning.latex}$; {RESET[state.reset]}."


def heading(title, state):
    st.title(title)
    st.caption(convention_line(state))
    # A clamped gate sits at its limit on purpose: only the others can be "saturated".
    gates = tuple(g for g in GATES if state.clamp is None or g != state.clamp.gate)
    note = saturation_note(trace_and_model(state)[0].cells[0][0], gates=gates)
    if note:
        st.warning(note, icon=":material/speed:")
