"""Inputs and weights: type the sequence (numbers or text) or bring it in from a file, edit every
weight, clamp a gate, and watch every gate react beside the tables."""

import streamlit as st

from gru_viz.figures.sequence import sequence_heatmaps
from gru_viz.figures.style import colour_legend
from ui import outline, session
from ui.charts import as_shown, show
from ui.compute import cached_figure, trace_and_model
from ui.editors import clamp_editor, input_editor, weight_editor
from ui.heading import heading
from ui.input_import import input_import

state = session.state()
heading("Inputs and weights", state)
editing, live = st.columns([1, 1], gap="large")
with live:
    st.subheader("Live: every gate, as you edit")
    trace = trace_and_model(state)[0].cells[0][0]
    tokens = state.tokens()
    live_heatmaps = cached_figure(
        "live",
        state,
        (tuple(tokens),),
        lambda: sequence_heatmaps(trace, tokens, compact=True),
    )
    show(live_heatmaps, "live_heatmaps", steady=True)
    outline.draw(as_shown(live_heatmaps), "live_heatmaps", state.step, tokens)
    st.caption(colour_legend("z", state.z_convention) + " " + colour_legend("h", state.z_convention))
with editing:  # tabs keep every editor at the top, beside the live view
    sequence_tab, weights_tab, clamp_tab = st.tabs(["The input sequence", "Weights", "Clamp a gate"])
    with sequence_tab:
        input_editor(state)
        input_import(state)
    with weights_tab:
        weight_editor(state)
    with clamp_tab:
        clamp_editor(state)
