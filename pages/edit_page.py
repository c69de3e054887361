"""Inputs and weights: type the sequence (numbers or text) or bring it in from a file, edit every
weight, clamp a gate, and watch every gate react beside the tables."""

import streamlit as st

from gru_viz.figures.style import colour_legend
from ui import session
from ui.compute import trace_and_model
from ui.editors import clamp_editor, input_editor, weight_editor
from ui.heading import heading
from ui.input_import import input_import
from ui.live_view import live_view

state = session.state()
heading("Inputs and weights", state)
editing, live = st.columns([1, 1], gap="large")
with live:
    st.subheader("Live: every gate, as you edit")
    live_view(state, trace_and_model(state)[0].cells[0][0], "edit")  # drag a weight: every gate follows
    st.caption(colour_legend("z", state.z_convention) + " " + colour_legend("h", state.z_convention))
with editing:  # tabs keep every editor at the top, beside the live view
    # Only the open tab is drawn (a rerun opens another): three editors fewer to send and lay out,
    # which took the page's switch from about 3x the floor's to 2x (bench/live.py). What was set or
    # typed in a closed tab stays (persist_state; the gate's tab by ui.session.keep).
    sequence_tab, weights_tab, clamp_tab = st.tabs(
        ["The input sequence", "Weights", "Clamp a gate"], key="edit_tab", on_change="rerun"
    )
    if sequence_tab.open:
        with sequence_tab:
            input_editor(state)
            input_import(state)
    if weights_tab.open:
        with weights_tab:
            weight_editor(state)
    if clamp_tab.open:
        with clamp_tab:
            clamp_editor(state)
