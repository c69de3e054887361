"""The convention trap: z on either side (the same function) and r before or after W_hn (not the same)."""

import numpy as np
import streamlit as st

from gru_viz.conventions import CONVENTIONS
from gru_viz.figures.curves import difference_chart
from gru_viz.figures.grid import heatmap_stack
from gru_viz.figures.style import colour_legend
from lessons.frameworks import convention_rows
from ui import session
from ui.below_fold import below_fold
from ui.charts import show_cached
from ui.heading import explain, heading, in_sidebar
from ui.lesson import in_code, latex_matrix, try_this
from ui.lesson_compute import conventions

state = session.state()
heading("The convention trap", state)
c = conventions(state)
tokens, I, H = state.tokens(), state.input_size, state.hidden_size
RESET_NAME = {"before": "reset before W_hn", "after": "reset after W_hn"}
TAKES, KEEPS = CONVENTIONS["takes_new"], CONVENTIONS["keeps_old"]

explain(
    f"Texts do not agree on where the update gate sits. In this app's form, ${TAKES.latex}$, "
    f"so z is the share of the **new** candidate. Cho et al. (2014), PyTorch and Keras write ${KEEPS.latex}$, "
    "so there z is the share of the **old** state. Read a z value in the wrong form and you "
    "conclude the exact opposite about a unit's memory."
)

st.subheader("Which side z multiplies: the same GRU, written both ways")
left, right = st.columns(2)
for column, trace, name in ((left, c["takes_trace"], TAKES.label), (right, c["keeps_trace"], KEEPS.label)):
    maps = [("update gate z", trace.z, "gate"), ("state h", trace.h, "state")]
    show_cached("z_and_h_" + trace.z_convention, state, (state.step,),
                lambda maps=maps, name=name: heatmap_stack(maps, tokens, step=state.step, title=name),
                key=f"z_{name}", where=column)
    column.caption(colour_legend("z", trace.z_convention))
gap_h = float(np.max(np.abs(c["takes_trace"].h - c["keeps_trace"].h)))
gap_z = float(np.max(np.abs(c["takes_trace"].z + c["keeps_trace"].z - 1)))
st.markdown(
    f"The states are the same (largest difference in h: **{gap_h:.1e}**) and the two z maps are mirror images "
    f"(largest $|z + z' - 1|$: **{gap_z:.1e}**). Because $1 - \\sigma(a) = \\sigma(-a)$, switching form only flips "
    "the sign of the update gate's weights and biases, $W_z \\to -W_z$ and $b_z \\to -b_z$. With this example's "
    "numbers" + (f" (the first 4 of {H} rows)" if H > 4 else "") + ":"
)
takes, keeps = c["takes"].layers[0][0], c["keeps"].layers[0][0]


def w_z(cell):  # W_z acts on [h_{t-1}, x_t]; its bias is b_iz (+ b_hz)
    bias = cell.b_ih[H : 2 * H] + (0 if cell.b_hh is None else cell.b_hh[H : 2 * H])
    return np.hstack([cell.W_hh[H : 2 * H], cell.W_ih[H : 2 * H]]), bias


(W_new, b_new), (W_old, b_old) = w_z(takes), w_z(keeps)
st.latex(
    r"\begin{aligned}"
    rf"\text{{z {TAKES.short}:}}\quad & W_z = {latex_matrix(W_new)}, & b_z &= {latex_matrix(b_new)} \\[4pt]"
    rf"\text{{z {KEEPS.short}:}}\quad & W_z = {latex_matrix(W_old)}, & b_z &= {latex_matrix(b_old)}"
    r"\end{aligned}"
)
st.caption(
    "W_z multiplies [h_{t−1}, x_t]: its first H columns are the recurrent weights W_hz, the rest the input "
    "weights W_iz" + ("; b_z = b_iz + b_hz" if takes.b_hh is not None else "") + "."
)


def rest():  # below the first screen
    st.subheader("Where r acts: before or after W_hn, on the same weights")
    here, there = RESET_NAME[state.reset], RESET_NAME[c["other"]]
    st.markdown(
        "Before: $\\tilde h_t = \\tanh(W_{in} x_t + W_{hn}(r_t \\odot h_{t-1}) + b)$: r hides parts of the old "
        "state before they are mixed. After (PyTorch, Keras' default): $\\tilde h_t = \\tanh(W_{in} x_t + b_{in} + "
        "r_t \\odot (W_{hn} h_{t-1} + b_{hn}))$: r scales what has already been mixed. No change of weights turns one "
        f"into the other. Below: the shown GRU as it is (**{here}**) against the same numbers with **{there}**."
    )
    worst = int(np.argmax(c["d_h"]))
    if c["d_h"][worst] < 1e-12:
        blind = not np.any(takes.W_hh[2 * H :]) and (takes.b_hh is None or not np.any(takes.b_hh[2 * H :]))
        st.info(
            (
                "Here the two agree exactly: this GRU's candidate never reads the past (W_hn is zero), so it does not "
                "matter where r acts."
                if blind
                else "Here the two agree to 1e-12 on this input."
            )
            + f" Pick the **Random GRU** example {in_sidebar()} to see them part."
        )
    else:
        show_cached("reset_difference", state, (), lambda: difference_chart(
            np.arange(state.steps), {"candidate h̃": c["d_h_tilde"], "state h": c["d_h"]}))
        st.markdown(
            f"They first differ at step {int(np.argmax(c['d_h'] > 1e-12))}; the largest gap in h is "
            f"**{c['d_h'][worst]:.3f}** at step {worst}, and in the candidate "
            f"**{np.max(c['d_h_tilde']):.3f}** at step {int(np.argmax(c['d_h_tilde']))}."
        )

    st.subheader("Who writes what")
    rows = convention_rows(I, H)
    st.markdown(
        f"| who | new state | candidate | biases | parameters (I = {I}, H = {H}) |\n|---|---|---|---|--:|\n"
        + "\n".join(
            f"| {r['who']} | {r['update']} | {r['candidate']} | {r['biases']} | **{r['parameters']}** |" for r in rows
        )
    )
    st.caption(
        f"Every form stores 3 blocks of weights, 3·H·(I + H) = {3 * H * (I + H)} numbers; they differ in the "
        "biases. h₋₁ is h_{t−1}; z≈1 keeps means a z near 1 keeps the old state."
    )

    pytorch_count = rows[2]["parameters"]
    in_code(
        f"""
gru = nn.GRU(input_size={I}, hidden_size={H})   # z {KEEPS.short}, reset after W_hn
sum(p.numel() for p in gru.parameters())       # {pytorch_count}
z_rows = slice({H}, {2 * H})                      # rows r, z, n: PyTorch's z is this app's 1 - z
""",
        f"""
layers.GRU({H})                      # reset_after=True: PyTorch's equations
layers.GRU({H}, reset_after=False)   # reset before the recurrent product
# both: z {KEEPS.short}, gate blocks in the order z, r, h
""",
    )
    try_this(
        f"Switch **Update gate convention** {in_sidebar()}, then open **One step of the cell**: every z there becomes "
        "1 − z and the 1 − z branch moves to the other product, yet h_t is the same number.",
        "Pick the **Random GRU** example and switch **Reset gate applied**: the difference plot starts at 0 at step 0 "
        "(h₀ = 0 gives r nothing to act on) and then grows as the two forms read different pasts.",
    )


below_fold(rest)
