"""GRU versus LSTM: two gates and one state against three gates and a cell state, counted, timed, side by side."""

import pandas as pd
import streamlit as st

from gru_viz import parameter_count
from gru_viz.figures.cell import cell_diagram
from gru_viz.figures.grid import heatmap_stack
from gru_viz.figures.lstm_cell import lstm_diagram
from gru_viz.figures.style import colour_legend
from lessons.page_settings import TIMED_SIZES
from lessons.timing import MIN_BATCH, ratio_sentence
from ui import session
from ui.below_fold import below_fold
from ui.charts import show_cached
from ui.compute import trace_and_model
from ui.controls import bound
from ui.heading import explain, heading
from ui.lesson import in_code, try_this
from ui.lesson_compute import forward_times, lstm_beside

state = session.state()
heading("GRU versus LSTM", state)
T, I, H, t = state.steps, state.input_size, state.hidden_size, state.step
gru = trace_and_model(state)[0].cells[0][0]
lstm_model, lstm = lstm_beside(state)

explain(
    "An LSTM carries two vectors from step to step, the cell state c and the output h, and uses three gates: "
    "forget (how much of c to keep), input (how much of the candidate g to write) and output (how much of c to "
    "show as h). A GRU folds forget and input into one update gate z, needs no output gate, and carries a single "
    "state h. Below: this example's GRU and an LSTM of the same sizes (random weights, seed 0) at the same step."
)
unit = bound(st.selectbox, "gru_vs_lstm", "unit", "Unit shown in the diagrams", options=range(H),
             format_func=lambda u: f"unit {u}")
show_cached("gru_diagram", state, (t, unit), lambda: cell_diagram(
    gru, t, unit=unit, height=400, title=f"GRU at t = {t}, unit {unit}: two gates, one state h"))
show_cached("lstm_diagram", state, (t, unit), lambda: lstm_diagram(
    lstm, t, unit=unit, height=420, title=f"LSTM at t = {t}, unit {unit}: three gates, a cell state c beside h"))


def rest():  # below the first screen
    st.subheader("Parameters and time")
    counts, timing = st.columns([3, 2], gap="large")
    with counts:
        per_block = H * (I + H)
        rows = [
            (
                cell.upper(),
                f"{blocks}·H·(I + H) + biases",
                parameter_count(cell, I, H),
                parameter_count(cell, I, H, framework="keras"),
                parameter_count(cell, I, H, framework="keras", reset_after=False),
            )
            for cell, blocks in (("gru", 3), ("lstm", 4))
        ]
        st.dataframe(
            pd.DataFrame(rows, columns=["cell", "weights", "PyTorch", "Keras", "Keras reset_after=False"]),
            column_config={"Keras": "Keras reset_after=True (default)"},  # the header says which Keras GRU
            hide_index=True,
            width="stretch",
        )
        st.caption(
            f"I = {I} inputs, H = {H} units: one block is H·(I + H) = {per_block} weights. PyTorch adds two "
            "biases per block (2·H each), Keras one (two for its default GRU). In PyTorch the GRU stores exactly "
            "3/4 of the LSTM's numbers. An LSTM has no reset_after option: its Keras count is the same in both "
            "columns."
        )
    st.subheader("Both on the same sequence")
    tokens = state.tokens()
    a, b = st.columns(2)
    stack_height = 95 + 6 * (30 * H + 48)  # the LSTM's six rows; the GRU's four share the same height

    def stack(key, title, rows, where):
        show_cached(key, state, (t,), lambda: heatmap_stack(rows, tokens, step=t, title=title, height=stack_height),
                    where=where)

    stack("gru_heatmaps", "GRU", [
        ("reset gate r", gru.r, "gate"),
        ("update gate z", gru.z, "gate"),
        ("candidate h̃", gru.h_tilde, "state"),
        ("state h", gru.h, "state"),
    ], a)
    stack("lstm_heatmaps", "LSTM", [
        ("input gate i", lstm.i, "gate"),
        ("forget gate f", lstm.f, "gate"),
        ("output gate o", lstm.o, "gate"),
        ("cell candidate g", lstm.g, "state"),
        ("cell state c (its own range)", lstm.c, "free"),
        ("state h", lstm.h, "state"),
    ], b)
    a.caption(colour_legend("z", state.z_convention) + " " + colour_legend("r", state.z_convention))
    b.caption(
        "Gates i, f and o: bright (≈1) lets the value through, dark (≈0) blocks it. "
        + colour_legend("h", state.z_convention)
    )
    st.markdown(
        "Which one to use is a model-selection question. Careful comparisons (Chung et al. 2014; Jozefowicz et al. "
        "2015) found them close on most tasks, with the winner depending on the task and the tuning: try both, on "
        "your data, with the same budget. The GRU is smaller, and at large sizes a little faster."
    )

    in_code(
        f"""
rnn = nn.LSTM(input_size={I}, hidden_size={H})
rnn = nn.GRU(input_size={I}, hidden_size={H})   # the one-line swap
output, h_n = rnn(x)          # an LSTM returns output, (h_n, c_n)
""",
        f"""
layer = layers.LSTM({H}, return_sequences=True)
layer = layers.GRU({H}, return_sequences=True)   # the one-line swap
output = layer(x)             # (batch, T, {H}) either way
""",
    )
    try_this(
        "Pick the **Random GRU** example (3 inputs, 4 units): PyTorch stores 108 numbers for the GRU and 144 for the "
        "LSTM, exactly the 3 : 4 of their blocks, as at every size. Keras' counts differ only in the biases.",
        "Time the pass at **1000 steps, 128 units**: once the arithmetic dominates, the LSTM's fourth block should "
        "show in the LSTM / GRU ratio; its spread says whether this server was quiet enough to see it.",
    )

    # The timing runs last, into its place beside the counts: measuring on this server takes up to a
    # second the first time a size is asked for, and the rest of the page need not wait for it.
    with timing:
        sizes = dict(zip(TIMED_SIZES, [(T, I, H), (200, 16, 64), (1000, 32, 128)]))
        chosen = bound(
            st.selectbox,
            "gru_vs_lstm",
            "timed",
            "Time one forward pass at",
            format_func=lambda name: f"{name}: {T} steps, {I} inputs, {H} units" if name == TIMED_SIZES[0] else name,
        )
        times = forward_times(*sizes[chosen])
        st.markdown(
            f"- GRU: **{times.gru * 1e3:.3f} ms**\n- LSTM: **{times.lstm * 1e3:.3f} ms**\n"
            f"- LSTM / GRU: **{times.ratio:.2f}×** (from the middle half of each one's timings: "
            f"{times.ratio_low:.2f}× to {times.ratio_high:.2f}×)"
        )
        st.caption(
            ratio_sentence(times.ratio, times.ratio_low, times.ratio_high)
            + f" How it was measured: gru_viz's model.run (it records every gate), on this server when first asked "
            f"for, after warm-up runs; {times.pairs} pairs of timings, GRU and LSTM back to back in alternating "
            f"order, each the mean of runs lasting at least {MIN_BATCH * 1e3:.0f} ms; the medians shown, and their "
            "ratio. Other sessions share this CPU: a busy moment slows both of a pair, and widens the spread. At "
            "small sizes Python's per-step overhead, not the arithmetic, sets the time."
        )


below_fold(rest)
