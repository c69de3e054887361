"""Load a model: open a PyTorch or Keras weight file (or a shipped example), see what was found,
and explore it on every page; download the model being explored."""

import pathlib

import pandas as pd
import streamlit as st

from gru_viz import Limits, WeightsError, read_weights
from gru_viz.weights import model_bytes
from gru_viz.weights.source import CONVERT_PICKLE
from lessons.explore import state_for_cell, stored_model
from lessons.state import MAX_HIDDEN, MAX_INPUT, StateError
from lessons.text import literal
from ui import session
from ui.heading import heading

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
LIMITS = Limits().describe()  # the one statement of the limits, as the loader enforces them
FIELDS = {
    "framework_layer": "layer type",
    "stored_parameters": "parameters as the file stores them",
    "model_parameters": "parameters here",
    "z_convention": "z convention",
    "reset": "reset gate",
    "input_size": "input size",
    "hidden_size": "hidden size",
}

state = session.state()
heading("Load a model", state)
st.markdown(
    "Open the weights of a GRU trained in PyTorch (`.safetensors` or `.npz` of a `state_dict`) or Keras "
    "(`.keras`, `.weights.h5`), or one of the examples. The explorer then shows that model's gates, "
    f"one cell (layer and direction) at a time. Limits: {LIMITS}. Pickle files (`.pt`, `.pth`, `.bin`) "
    "are never opened: the message shows how to convert one."
)


def adopt(data, label):
    """Read a file; on success keep it in this session and explore its first GRU cell."""
    try:
        loaded = read_weights(data)
    except WeightsError as exc:
        session.refuse("load", refusal(label, exc))
        return
    st.session_state.loaded = (label, loaded)
    st.session_state.messages.pop("load", None)
    if type(loaded.model).__name__ == "GRU":
        explore(loaded.model, 0, 0, label)


def refusal(label, exc):
    """The refusal as Markdown: the file's name and the loader's words, which quote the file's own
    names (tensors, layers, metadata), shown as themselves; the app's conversion line that ends some
    messages kept as Markdown, for its code span."""
    text, own = str(exc), ""
    if text.endswith(CONVERT_PICKLE):
        text, own = text[: -len(CONVERT_PICKLE)], " " + CONVERT_PICKLE
    return f"{literal(label)} was not loaded: {literal(text, 1000)}{own}"


def explore(model, layer, direction, label):
    try:
        new = state_for_cell(model, session.state(), layer, direction, label)
    except StateError as exc:
        session.refuse(
            "load",
            f"This cell is beyond the explorer's limits ({MAX_INPUT} inputs, {MAX_HIDDEN} units): {literal(exc, 300)}",
        )
        return
    session.replace_state(new, source="load")


@st.cache_resource(show_spinner=False)
def read_example(name):
    """A shipped example, read once for every session (it never changes)."""
    return read_weights((EXAMPLES / name).read_bytes())


def shipped_example(current):
    """(name, loaded file) when the state's weights are a cell of the shipped example it names, so a
    link from this page opens with that file's summary, as it was shown; else None (an upload, even
    one named like an example, lives only in its session)."""
    name = current.example.split(" (layer ")[0]
    if name not in EXAMPLE_NAMES or type(read_example(name).model).__name__ != "GRU":
        return None
    model = read_example(name).model
    for layer in range(model.num_layers):
        for direction in range(model.num_directions):
            cell = state_for_cell(model, current, layer, direction)
            if (cell.W_ih, cell.W_hh, cell.b_ih, cell.b_hh) == (current.W_ih, current.W_hh, current.b_ih, current.b_hh):
                return name, read_example(name)
    return None


EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*") if p.suffix in (".safetensors", ".keras"))
upload, pick = st.columns(2)
with upload:
    file = st.file_uploader("Upload a weight file", key="weights_upload")
    if file is not None and st.session_state.get("_uploaded") != (file.name, file.size):
        st.session_state._uploaded = (file.name, file.size)
        adopt(file.getvalue(), file.name)
        st.rerun()
with pick:
    name = st.selectbox("Or an example", EXAMPLE_NAMES, key="example_file")
    if st.button("Open the example", width="stretch"):
        adopt((EXAMPLES / name).read_bytes(), name)
        st.rerun()
if session.message("load"):
    st.error(session.message("load"))

shown = st.session_state.get("loaded") or shipped_example(state)
if shown:
    label, loaded = shown
    summary = loaded.summary()
    st.subheader(f"Found in {literal(label)}")
    notes = summary.pop("notes")
    rows = [(FIELDS.get(key, key), "—" if value is None else str(value)) for key, value in summary.items()]
    st.dataframe(pd.DataFrame(rows, columns=["", "value"]), hide_index=True, width="stretch")
    st.caption(literal(" · ".join(notes), 2000))  # notes quote the file's tensor and layer names
    model = loaded.model
    if type(model).__name__ == "GRU" and (model.num_layers > 1 or model.bidirectional):
        cells = [(l, d) for l in range(model.num_layers) for d in range(model.num_directions)]
        choice = st.selectbox(
            "Cell to explore",
            cells,
            key="loaded_cell",
            format_func=lambda c: f"layer {c[0]}, {'backward' if c[1] else 'forward'}",
        )
        if st.button("Explore this cell"):
            explore(model, *choice, f"{label} (layer {choice[0]}{', backward' if choice[1] else ''})")
            st.rerun()
    elif type(model).__name__ != "GRU":
        st.info(f"This is an {summary['cell']}: its summary is above; the explorer pages show GRUs.")

st.subheader("Download the model you are exploring")
st.caption(
    "Reset after W_hn: PyTorch names (torch's load_state_dict accepts the file); reset before: the seed "
    "form (W_r, W_z, W_h, b_r, b_z, b_h). The file also records the z convention shown, so loading it here "
    "gives back this model, in this convention, with identical numbers."
)
model = stored_model(session.state()).with_z_convention(session.state().z_convention)
left, right = st.columns(2)
left.download_button(
    "Download .safetensors", model_bytes(model, "safetensors"), file_name="gru.safetensors", width="stretch"
)
right.download_button("Download .npz", model_bytes(model, "npz"), file_name="gru.npz", width="stretch")
