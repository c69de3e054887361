"""Every page's heading: a title and one short line stating the conventions in force."""

import streamlit as st

CONVENTION = {
    "takes_new": r"z takes the new candidate: $h_t = (1 - z_t)\,h_{t-1} + z_t\,\tilde h_t$",
    "keeps_old": r"z keeps the old state: $h_t = z_t\,h_{t-1} + (1 - z_t)\,\tilde h_t$",
}
RESET = {"before": "reset before $W_h$", "after": "reset after $W_{hn}$"}


def convention_line(state):
    return f"Convention: {CONVENTION[state.z_convention]}; {RESET[state.reset]}."


def heading(title, state):
    st.title(title)
    st.caption(convention_line(state))
