"""Stacked and bidirectional GRUs: layers feed layers, a backward pass reads time in reverse, outputs concatenate."""

import streamlit as st

from gru_viz import parameter_count
from gru_viz.figures.stacked import layer_heatmaps, stack_diagram
from gru_viz.figures.style import colour_legend
from ui import session
from ui.below_fold import below_fold
from ui.charts import show_cached
from ui.controls import bound
from ui.heading import explain, heading
from ui.lesson import in_code, try_this
from ui.lesson_compute import STACKED_EXAMPLE, stacked_run

SHOW = {"h": "state h", "z": "update gate z", "r": "reset gate r", "h_tilde": "candidate h̃"}

state = session.state()
heading("Stacked and bidirectional", state)
explain(
    "Layers stack: the sequence of states one GRU layer produces is the input sequence of the next, so higher "
    "layers read a processed version of the input. A bidirectional layer runs two GRUs over the same input, one "
    "from the first step to the last and one from the last to the first, and puts their states side by side: at "
    "every step the output knows what came before and what comes after."
)

loaded = state.pages.stacked.example
if loaded:
    label, back = st.columns([3, 1.3], vertical_alignment="center")
    label.markdown(f"**Showing** `{STACKED_EXAMPLE.name}`: a PyTorch GRU, 2 layers, bidirectional")
    back.button("Back to the model built here", width="stretch", on_click=session.update_setting,
                args=("stacked",), kwargs={"example": False})
else:
    controls = st.columns([1, 1, 1, 1.3], vertical_alignment="bottom")
    bound(controls[0].radio, "stacked", "layers", "Layers", horizontal=True)
    bound(controls[1].toggle, "stacked", "bidirectional", "Bidirectional")
    bound(controls[2].number_input, "stacked", "seed", "Random weights, seed")
    controls[3].button("Open the PyTorch example", width="stretch", on_click=session.update_setting,
                       args=("stacked",), kwargs={"example": True})
model, trace = stacked_run(state)
L, D, I, H, T = model.num_layers, model.num_directions, model.input_size, model.hidden_size, state.steps
if loaded:
    fit = (
        ""
        if I == state.input_size
        else (
            f" The current input has {state.input_size} features, so its columns were "
            f"{'cut' if I < state.input_size else 'padded with zeros'} to fit."
        )
    )
    st.caption(f"This file's GRU reads {I} features and applies the reset after W_hn, as PyTorch does.{fit}")

# Both figures are kept for every session that shows the same numbers (slow to build: 35 to 45 ms).
show_cached("stack_diagram", state, (L, D, I, H, T), lambda: stack_diagram(L, D == 2, I, H, steps=T))
table, numbers = st.columns([1, 1], gap="large")
sizes = [I] + [D * H] * (L - 1)  # what each layer reads per step
per_layer = [(f"layer {l}", n, parameter_count("gru", n, H, 1, D == 2)) for l, n in enumerate(sizes)]
table.markdown(  # text, not st.dataframe: its grid is laid out anew on every switch to this page
    "| layer | input size | PyTorch numbers (all directions) |\n|---|--:|--:|\n"
    + "\n".join(f"| {name} | {n} | {count:,} |" for name, n, count in per_layer)
)
pytorch = parameter_count("gru", I, H, L, D == 2)
numbers.markdown(
    f"**Parameters**, {L} layer{'s' * (L > 1)} × {D} direction{'s' * (D > 1)}, I = {I}, H = {H}:  \n"
    f"PyTorch **{pytorch:,}** · Keras **{parameter_count('gru', I, H, L, D == 2, framework='keras'):,}**"
    f" · stored here **{model.num_parameters:,}**"
)
numbers.caption(
    "Per layer and direction: 3·H·(input size + H) weights and 2·3·H biases (PyTorch). Layers above the "
    f"first read {D}·H = {D * H} numbers a step."
    + (
        " The model here keeps one bias per gate (reset before W_h), so it stores fewer."
        if model.num_parameters != pytorch
        else ""
    )
)


def rest():  # below the first screen
    gate = bound(st.radio, "stacked", "gate", "Show", format_func=SHOW.get, horizontal=True)
    show_cached("layer_heatmaps", state, (L, D, H, state.pages.stacked, gate),
                lambda: layer_heatmaps(trace, state.tokens(), gate=gate))
    st.caption(colour_legend(gate, trace.cells[0][0].z_convention))
    st.caption(
        "Arrows show the order in which each direction reads the steps; both are drawn on the same time axis, "
        "so column t of a backward map is the state after reading x_T−1 down to x_t. "
        f"The output at step t is [forward h_t ; backward h_t], {D * H} numbers."
        if D == 2
        else "One direction: the output at step t is the last layer's h_t."
    )

    in_code(
        f"""
gru = nn.GRU(input_size={I}, hidden_size={H}, num_layers={L}, bidirectional={D == 2})
output, h_n = gru(x)       # x: (T, batch, {I})
output.shape               # (T, batch, {D * H}): last layer, directions concatenated
h_n.shape                  # ({L * D}, batch, {H}): every layer's final state
""",
        "\n".join(
            ["model = keras.Sequential(["]
            + [
                f"    layers.{'Bidirectional(' if D == 2 else ''}layers.GRU({H}, return_sequences=True)"
                + (")," if D == 2 else ",")
                for _ in range(L)
            ]
            + ["])                          # Bidirectional concatenates by default"]
        ),
    )
    try_this(
        "Turn **Bidirectional** off and on: the parameter count doubles for layer 0, and the layer above grows too "
        f"because it now reads {2 * H} numbers a step instead of {H}.",
        "Open the PyTorch example: the forward maps' last column and the backward maps' first column are the two "
        "states that have read the whole sequence, each from its own end; they are h_n's entries for that layer.",
    )


below_fold(rest)
