"""Memory and reset: how much of a value survives later steps (GRU against a plain RNN), and what r cuts."""

import numpy as np
import streamlit as st

from gru_viz.conventions import convention, kept
from gru_viz.figures.curves import reset_chart, survival_chart
from lessons.predict import memory_questions
from lessons.text import literal
from ui import session
from ui.charts import show_cached
from ui.controls import bound
from ui.heading import explain, heading, in_sidebar, where_steps
from ui.lesson import in_code, try_this
from ui.lesson_compute import memory_survival, reset_contrast
from ui.predict import placeholder, predict_panel

state = session.state()
heading("Memory and reset", state)
T, H, s = state.steps, state.hidden_size, state.step
meaning = convention(state.z_convention)
keep_name = meaning.kept_name

explain(
    "Each step a GRU unit keeps a share of its old value and replaces the rest: here the kept share is "
    f"**{keep_name}** "
    f"({meaning.label}). A value held at step s therefore "
    "reaches step t multiplied by the kept shares of every step in between. Keep them near 1 and the value lasts; "
    "a plain RNN has no such lane and rewrites its whole state every step."
)

st.subheader("How long a value lasts")
controls, chart = st.columns([1, 3], gap="medium")
with controls:
    st.markdown(
        f"**Written at step s = {s}** (token “{literal(state.tokens()[s], 20)}”): "
        f"move it with {where_steps()}."
    )
    unit = bound(st.selectbox, "memory", "unit", "Unit to follow", options=range(H), format_func=lambda u: f"unit {u}")
    bound(
        st.slider,
        "memory",
        "push",
        "Make this unit keep more (+) or less (−)",
        step=0.5,
        help=f"Adds {'+' if meaning.kept_slope > 0 else '−'}value to unit {unit}'s update-gate pre-activation (its "
        f"bias), so + always pushes {keep_name} towards 1. Only this page sees the change.",
    )
m = memory_survival(state)
with controls:
    hidden = predict_panel(
        memory_questions(m["trace"], s, unit, state.z_convention, state.tokens()), "memory"
    )
if hidden:
    with chart:
        placeholder()
else:
    show_cached("survival", state, (s, unit, state.pages.memory.push), lambda: survival_chart(
        np.arange(T), m["left"], m["rnn_norm"], m["gru_norm"], unit=unit, start=s), where=chart)
if hidden:
    pass  # the sentence below would give the answer away
elif s == T - 1:
    st.info(f"Nothing comes after the last step: choose an earlier step s with {where_steps()}.")
else:
    keep = kept(m["trace"].z, state.z_convention)[s + 1 :, unit]
    st.markdown(
        f"**{T - 1 - s} steps later**, unit {unit} still holds **{m['left'][-1]:.1%}** of the value it had at step "
        f"{s} (its kept share averaged {keep.mean():.3f} a step). In the plain RNN, a small change of $h_{{{s}}}$ "
        f"moves $h_{{{T - 1}}}$ by at most **{m['rnn_norm'][-1]:.2g}** times its size; through every path of the "
        f"GRU, {m['gru_norm'][-1]:.2g}."
    )
st.caption(
    f"Thick blue: the product of unit {unit}'s kept shares ({keep_name}) from step s + 1 to t, the copy of "
    f"h_s[{unit}] that rides straight through. Red: a plain RNN of the same size (random weights, seed 0) on the same "
    "input has no copy lane; each step multiplies by diag(1 − h²) W_hh, so we plot the spectral norm of "
    "∂h_t/∂h_s, the most a small change of h_s can still move h_t. Dotted blue: the same norm for the GRU."
)

st.subheader("Reset: a candidate without the past")
st.markdown(
    "The reset gate decides how much of $h_{t-1}$ the candidate $\\tilde h_t$ may read. Below, the same sequence "
    f"runs twice with r forced to 0 and to 1, and unit {unit}'s candidate is drawn for both. The black dots are the "
    "candidate computed from $x_t$ and the biases only, as if there were no past."
)
bound(
    st.radio,
    "memory",
    "every",
    "Force r of",
    horizontal=True,
    format_func=lambda e: "every unit" if e else f"unit {unit} only",
)
rc = reset_contrast(state)
show_cached("reset_chart", state, (unit, state.pages.memory.every),
            lambda: reset_chart(np.arange(T), rc["closed"], rc["opened"], rc["alone"], unit=unit))
if rc["spread"].max() < 1e-12:
    st.info(
        f"Here r changes nothing: unit {unit}'s candidate does not read the past in this example (its row of "
        f"W_hn is zero). Pick **Reset wipes the past** {in_sidebar()}."
    )
elif rc["gap"] < 1e-12:
    st.markdown(
        f"With r = 0 the candidate sits exactly on the dots (largest gap {rc['gap']:.0e}): **computed from "
        f"$x_t$ alone**. Opening r to 1 moves it by up to **{rc['spread'].max():.3f}** "
        f"(step {int(np.argmax(rc['spread']))}): that is what the past contributes."
    )
else:
    st.markdown(
        f"With r = 0 for unit {unit} only, its candidate still misses the dots by up to {rc['gap']:.3f}: "
        f"with the reset **before** W_hn, unit {unit}'s r hides $h_{{t-1}}[{unit}]$ from every candidate, "
        "but this unit's candidate still reads the other units' past. Force r of every unit and it "
        "becomes a function of $x_t$ alone."
    )

in_code(
    """
gru = nn.GRU(input_size, hidden_size)    # z near 1 keeps the old state here
with torch.no_grad():                    # rows of bias_ih_l0: r, z, n
    gru.bias_ih_l0[hidden_size + u] += 5.0   # unit u leans towards keeping
output, h_n = gru(x)
""",
    """
layer = layers.GRU(units)               # z near 1 keeps the old state here
kernel, recurrent, bias = layer.get_weights()   # blocks z, r, h; bias (2, 3*units)
bias[0, u] += 5.0                       # unit u leans towards keeping
layer.set_weights([kernel, recurrent, bias])
""",
)
try_this(
    "Pick **Write once, carry** and step s = 2: unit 0 still holds almost all of what it wrote at the last step, "
    "while the RNN's line falls by orders of magnitude. Drag the slider to −8: now unit 0 replaces most of its value "
    "every step, and its line falls faster than the RNN's.",
    "Pick **Reset wipes the past**, unit 0: from step 3 on the input is 0, so the r = 0 candidate (on the dots) drops "
    "to 0, while the r = 1 candidate stays near 0.7. All of that comes from the past.",
)
