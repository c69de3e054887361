"""The sequence: r, z, h~ and h over time as aligned heatmaps; click a cell to select its step.

The heatmaps are the live view (ui/live_view.py), stepped in the browser."""

import pandas as pd
import streamlit as st

from gru_viz.figures.style import colour_legend
from lessons.text import literal
from ui import session
from ui.compute import trace_and_model
from ui.heading import heading
from ui.live_view import live_view

state = session.state()
heading("Over the whole sequence", state)
trace = trace_and_model(state)[0].cells[0][0]
tokens = state.tokens()
live_view(state, trace, "sequence")
st.markdown(
    "Rows are hidden units, columns are time steps; every page uses these colours. Hover for exact values. "
    "Step with the bar, ← and →, or **click any gate cell** to select its step everywhere."
)
st.caption("  \n".join(colour_legend(q, state.z_convention) for q in ("r", "z", "h")))

st.subheader("The input sequence")
if state.text is not None:
    st.markdown(f"Text: **{literal(state.text, 200)}**, read as {state.split}: "
                + " · ".join(f"“{literal(tok, 20)}”" for tok in tokens))
frame = pd.DataFrame(state.x, columns=[f"x[{i}]" for i in range(state.input_size)])
frame.insert(0, "token", tokens)
st.dataframe(frame, hide_index=False, width="stretch", height=min(38 + 35 * len(frame), 300))
