"""Why gates help gradients: how far back d h_{T-1} reaches in a plain RNN, a GRU and an LSTM."""

import numpy as np
import pandas as pd
import streamlit as st

from gru_viz.conventions import convention
from gru_viz.figures.curves import gradient_chart
from lessons.page_settings import max_gradient_steps
from lessons.reach import steps_until_below
from ui import session
from ui.below_fold import below_fold
from ui.charts import show_cached
from ui.controls import bound
from ui.heading import explain, heading, in_sidebar
from ui.lesson import in_code, try_this
from ui.lesson_compute import gradient_reach

THRESHOLD = 1e-3
state = session.state()
heading("Why gates help gradients", state)
I, H = state.input_size, state.hidden_size
keep = convention(state.z_convention).kept_name

explain(
    "To learn from something that happened k steps ago, the gradient of the last state must travel back k steps. "
    "In a plain RNN every step multiplies it by $\\mathrm{diag}(1 - h^2)\\,W_{hh}$, so it shrinks (or grows) "
    f"geometrically. A GRU step adds a shortcut: $\\partial h_t/\\partial h_{{t-1}} = \\mathrm{{diag}}({keep}) + "
    "\\dots$, and while the kept share stays near 1 the gradient passes almost untouched."
)
a, b, c = st.columns(3)
bound(
    a.selectbox,
    "gradients",
    "gru",
    "GRU weights",
    help="The long-memory preset: unit 0's update gate shut so that it keeps its value; the other "
    "units random (seed 0). The RNN and the LSTM always have random weights (seed 0).",
)
steps = bound(
    b.slider,
    "gradients",
    "steps",
    "Sequence length T",
    min_value=10,
    max_value=max_gradient_steps(H),
    step=1,
    help="The current example's input, repeated until it is this long. At most "
    f"{max_gradient_steps(H)} steps with {H} hidden units, so that the page stays quick.",
)
bound(
    c.slider,
    "gradients",
    "scale",
    "Recurrent weight scale",
    step=0.25,
    help="Multiplies W_hh of all three models: above about 1 a plain RNN's gradient can explode.",
)
reach = gradient_reach(state)

left, right = st.columns(2)
left.markdown("**How much the last state depends on earlier states**")
settings = state.pages.gradients
lines = (settings.gru, settings.steps, settings.scale)  # what gradient_reach reads (not the table's step back)
show_cached("flow_state", state, lines, lambda: gradient_chart(reach, wrt="state", threshold=THRESHOLD), where=left)
right.markdown("**…and on earlier inputs**")
show_cached("flow_input", state, lines, lambda: gradient_chart(reach, wrt="input", threshold=THRESHOLD), where=right)


def reach_text(g):
    k = steps_until_below(g, THRESHOLD)
    return f"{k} steps back" if k is not None else f"not within {steps - 1} steps"


back = bound(
    st.slider,
    "gradients",
    "back",
    "Read the lines at k steps back",
    min_value=0,
    max_value=steps - 1,
    step=1,
    shown=lambda k: steps - 1 if k is None else k,
    help="The table gives each line's value this many steps back from the last state h_T−1: "
    f"k = {steps - 1} is the first state, h_0.",
)
back = steps - 1 if back is None else back  # not moved yet: as far back as the sequence goes

def rest():  # below the first screen
    table = pd.DataFrame(
        {
            "model": list(reach),
            "falls below 1e-3 (states)": [reach_text(r.state) for r in reach.values()],
            "falls below 1e-3 (inputs)": [reach_text(r.input) for r in reach.values()],
            f"‖∂h_T−1/∂h_t‖ at k = {back} steps back (t = {steps - 1 - back})": [
                f"{r.state[steps - 1 - back]:.3g}" for r in reach.values()
            ],
            f"‖∂h_T−1/∂x_t‖ at k = {back} steps back": [f"{r.input[steps - 1 - back]:.3g}" for r in reach.values()],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    if any(not np.all(np.isfinite(r.state)) or not np.all(np.isfinite(r.input)) for r in reach.values()):
        st.caption(
            "inf: the gradient is larger than the largest float64 (about 1.8e308); the charts leave a gap there. "
            "It has exploded: lower the recurrent weight scale."
        )
    st.markdown(
        "With respect to the states, the gradient of the plain RNN falls below 1e-3 **"
        + reach_text(reach["RNN"].state)
        + "**, the LSTM's **"
        + reach_text(reach["LSTM"].state)
        + "** and the GRU's **"
        + reach_text(reach["GRU"].state)
        + f"** (all three with {H} hidden units, on the same {steps} steps)."
    )
    st.caption(
        "Each line is the Frobenius norm of the Jacobian of the last state h_T−1 with respect to the state (left; for "
        "the LSTM, h and c together) or the input (right) k steps back; at 0 steps back the state Jacobian is the "
        f"identity, norm √{H}. Dashed grey: the GRU's gated shortcut alone, the product of diag({keep}) over the steps "
        "in between. Lines on the floor have underflowed to 0 (below 1e-20). On the right, a unit that keeps almost "
        "everything also lets in only a sliver of each new input: its line sits low but stays level."
    )

    in_code(
        """
rnn = nn.GRU(input_size, hidden_size)     # or nn.RNN / nn.LSTM: one line to swap
x = torch.randn(T, 1, input_size, requires_grad=True)
J = torch.autograd.functional.jacobian(lambda x: rnn(x)[0][-1, 0], x)   # (H, T, 1, I)
J.flatten(2).norm(dim=(0, 2))             # how much h_T-1 depends on each x_t
""",
        """
layer = layers.GRU(units, return_sequences=True)   # or layers.SimpleRNN / layers.LSTM
x = tf.Variable(tf.random.normal((1, T, input_size)))
with tf.GradientTape() as tape:
    h_last = layer(x)[0, -1]
J = tape.jacobian(h_last, x)              # (units, 1, T, input_size)
""",
    )
    try_this(
        "Keep the **long-memory preset** and lengthen T to 400: the plain RNN's line drops below 1e-3 within a few "
        "dozen steps, while the GRU's stays on its dashed shortcut, far above it, all the way back.",
        f"Pick **Write once, carry** {in_sidebar()} and the current example's GRU: its line falls in stairs. Each "
        "stair is a step where the 'write' signal opens unit 0's update gate: there the shortcut closes for one step.",
    )


below_fold(rest)
