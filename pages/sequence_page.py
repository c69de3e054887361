"""The sequence: r, z, h~ and h over time as aligned heatmaps; click a cell to select its step."""

import pandas as pd
import streamlit as st

from gru_viz.figures.sequence import MAX_CLICK_CELLS, clickable, sequence_heatmaps
from gru_viz.figures.style import colour_legend
from lessons.text import literal
from ui import outline, play, session
from ui.charts import as_shown, show
from ui.compute import cached_figure, trace_and_model
from ui.heading import heading
from ui.sidebar import step_bar

state = session.state()
heading("Over the whole sequence", state)
trace = trace_and_model(state)[0].cells[0][0]
tokens = state.tokens()


def select_step():
    """A click on a gate cell: its step becomes the app's step. A callback, so that only a new click
    acts: the chart keeps its key while the step moves, and its old selection must not pull the
    step back."""
    points = st.session_state.heatmaps.selection.points
    if points:
        session.update("heatmap", external=True, step=int(round(points[0]["x"])))


heatmaps = cached_figure(
    "heatmaps", state, (tuple(tokens),), lambda: sequence_heatmaps(trace, tokens)
)


@play.stepping
def step_view():
    """The step bar and the step's outline over the heatmaps. A fragment: stepping reruns only this
    part, as on the cell page. The heatmaps below do not depend on the step (the outline is CSS
    over them), so a step sends the browser a few hundred bytes and leaves the chart untouched."""
    state = session.state()
    step_bar(state)
    outline.draw(as_shown(heatmaps), "heatmaps", state.step, tokens)


step_view()
show(heatmaps, "heatmaps", on_select=select_step, selection_mode="points", steady=True)
st.markdown(
    "Rows are hidden units, columns are time steps; every page uses these colours. Hover for exact values. "
    + (
        "Step with the bar, ← and →, or **click any gate cell** to select its step everywhere."
        if clickable(state.steps, state.hidden_size)
        else f"Step with the bar or ← and → (clicking a cell selects its step up to {MAX_CLICK_CELLS:,} cells "
        "a map; this sequence has more)."
    )
)
st.caption("  \n".join(colour_legend(q, state.z_convention) for q in ("r", "z", "h")))

st.subheader("The input sequence")
if state.text is not None:
    st.markdown(f"Text: **{literal(state.text, 200)}**, read as {state.split}: "
                + " · ".join(f"“{literal(tok, 20)}”" for tok in tokens))
frame = pd.DataFrame(state.x, columns=[f"x[{i}]" for i in range(state.input_size)])
frame.insert(0, "token", tokens)
st.dataframe(frame, hide_index=False, width="stretch", height=min(38 + 35 * len(frame), 300))
