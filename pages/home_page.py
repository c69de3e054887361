"""Welcome: what a GRU step computes, in the convention in force, with the current example's numbers."""

import pandas as pd
import streamlit as st

from gru_viz.conventions import convention
from lessons.text import literal
from ui import path, session
from ui.compute import trace_and_model
from ui.heading import heading

CANDIDATE = {
    "before": r"\tilde h_t &= \tanh(W_h\,[r_t \odot h_{t-1}, x_t] + b_h) && \text{candidate, in } (-1, 1)",
    "after": r"\tilde h_t &= \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})) "
    r"&& \text{candidate, in } (-1, 1)",
}

state = session.state()
meaning = convention(state.z_convention)
heading("GRU Gate Explorer", state)
st.markdown(
    "A Gated Recurrent Unit reads a sequence one step at a time. At each step it looks at the input $x_t$ and "
    "its previous state $h_{t-1}$, and two gates decide what happens: the **reset gate** $r_t$ says how much of "
    "the past the new candidate may look at, and the **update gate** $z_t$ says, for each unit, how much of the "
    "old state to replace by that candidate. There is no separate cell state: $h_t$ is both the output and what "
    "the next step remembers."
)
st.latex(
    r"\begin{aligned}"
    r"r_t &= \sigma(W_r\,[h_{t-1}, x_t] + b_r) && \text{reset gate, in } (0, 1)\\"
    r"z_t &= \sigma(W_z\,[h_{t-1}, x_t] + b_z) && \text{update gate, in } (0, 1)\\"
    + CANDIDATE[state.reset]
    + r"\\"
    + rf"h_t &= {meaning.update_latex} && z \approx {meaning.keeps_at} \text{{ keeps the old state}}"
    + r"\end{aligned}"
)

st.subheader(f"The current example: {literal(state.example) if state.example else 'your own'}")
cell = trace_and_model(state)[0].cells[0][0]
tokens = state.tokens()
rows = [
    {
        "step t": t,
        "token": tokens[t],
        "unit": u,
        "h_{t-1}": cell.h_prev[t, u],
        "r_t": cell.r[t, u],
        "z_t": cell.z[t, u],
        "h̃_t": cell.h_tilde[t, u],
        "h_t": cell.h[t, u],
    }
    for t in range(min(state.steps, 4))
    for u in range(state.hidden_size)
]
st.dataframe(pd.DataFrame(rows).style.format(precision=3), hide_index=True, width="stretch")
st.caption(f"The first steps of this example, from h_0 = 0. Check any row: {meaning.formula}.")

st.subheader("A path through the lessons")
st.caption("Working alone? Follow these in order; every page ends with a link to the next one.")
for url_path, what in path.PATH[1:]:
    st.page_link(path.page_file(url_path), help=what)
    st.caption(what)
