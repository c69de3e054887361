"""Inputs and weights: type the sequence (numbers or text), edit every weight, clamp a gate, and
watch every gate react beside the tables."""

import streamlit as st

from gru_viz.figures.sequence import sequence_heatmaps
from ui import session
from ui.compute import trace_and_model
from ui.editors import clamp_editor, input_editor, weight_editor
from ui.heading import heading

state = session.state()
heading("Inputs and weights", state)
editing, live = st.columns([1, 1], gap="large")
with live:
    st.subheader("Live: every gate, as you edit")
    trace = trace_and_model(state)[0].cells[0][0]
    st.plotly_chart(
        sequence_heatmaps(trace, state.tokens(), step=state.step, z_convention=state.z_convention, compact=True),
        key="live_heatmaps",
        config={"displayModeBar": False},
    )
with editing:
    input_editor(state)
    weight_editor(state)
    clamp_editor(state)
