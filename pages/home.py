"""Welcome: what a GRU step computes, in the convention this app uses, with live numbers."""

import numpy as np
import pandas as pd
import streamlit as st

import gru_viz

st.title("GRU Gate Explorer")
st.caption(
    r"Convention shown: **z takes the new candidate**, $h_t = (1 - z_t)\,h_{t-1} + z_t\,\tilde h_t$, "
    r"with the reset gate applied before $W_h$. Cho et al. (2014) and PyTorch put z on $h_{t-1}$ instead."
)

st.markdown(
    "A Gated Recurrent Unit reads a sequence one step at a time. At each step it looks at the "
    "input $x_t$ and its previous state $h_{t-1}$, and two gates decide what happens: the **reset "
    "gate** $r_t$ says how much of the past the new candidate may look at, and the **update gate** "
    "$z_t$ says, for each unit, how much of the old state to replace by that candidate."
)
st.latex(r"""\begin{aligned}
r_t &= \sigma(W_r\,[h_{t-1}, x_t] + b_r) && \text{reset gate, in } (0, 1)\\
z_t &= \sigma(W_z\,[h_{t-1}, x_t] + b_z) && \text{update gate, in } (0, 1)\\
\tilde h_t &= \tanh(W_h\,[r_t \odot h_{t-1}, x_t] + b_h) && \text{candidate, in } (-1, 1)\\
h_t &= (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t && z \approx 0 \text{ keeps the old state}
\end{aligned}""")

st.subheader("A live example")
model = gru_viz.GRU.random(input_size=2, hidden_size=3, seed=0)
x = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, -0.5], [-1.0, 0.0], [0.0, 0.0]])
cell = model.run(x).cells[0][0]
rows = [
    {
        "step t": t,
        "unit": u,
        "x_t": ", ".join(f"{v:+.2f}" for v in x[t]),
        "h_{t-1}": cell.h_prev[t, u],
        "r_t": cell.r[t, u],
        "z_t": cell.z[t, u],
        "h̃_t": cell.h_tilde[t, u],
        "h_t": cell.h[t, u],
    }
    for t in range(len(x))
    for u in range(model.hidden_size)
]
st.dataframe(pd.DataFrame(rows).style.format(precision=3), hide_index=True, width="stretch")
st.caption(
    "A GRU with 2 inputs and 3 hidden units, random weights (seed 0), over 5 steps from h_0 = 0. "
    "Check one row: h_t = (1 − z_t) · h_{t−1} + z_t · h̃_t."
)
