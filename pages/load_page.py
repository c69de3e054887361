"""Load a model: open a PyTorch or Keras weight file (or a shipped example), see what was found,
and explore it on every page; download the model being explored."""

import pathlib

import pandas as pd
import streamlit as st

from gru_viz import Limits, WeightsError, read_weights
from gru_viz.weights import model_bytes
from lessons.explore import state_for_cell, stored_model
from lessons.state import MAX_HIDDEN, MAX_INPUT, StateError
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
        session.refuse("load", f"{label} was not loaded: {exc}")
        return
    st.session_state.loaded = (label, loaded)
    st.session_state.messages.pop("load", None)
    if type(loaded.model).__name__ == "GRU":
        explore(loaded.model, 0, 0, label)


def explore(model, layer, direction, label):
    try:
        new = state_for_cell(model, session.state(), layer, direction, label)
    except StateError as exc:
        session.refuse(
            "load", f"This cell is beyond the explorer's limits ({MAX_INPUT} inputs, {MAX_HIDDEN} units): {exc}"
        )
        return
    session.replace_state(new, source="load")


upload, pick = st.columns(2)
with upload:
    file = st.file_uploader("Upload a weight file", key="weights_upload")
    if file is not None and st.session_state.get("_uploaded") != (file.name, file.size):
        st.session_state._uploaded = (file.name, file.size)
        adopt(file.getvalue(), file.name)
        st.rerun()
with pick:
    names = sorted(p.name for p in EXAMPLES.glob("*") if p.suffix in (".safetensors", ".keras"))
    name = st.selectbox("Or an example", names, key="example_file")
    if st.button("Open the example", width="stretch"):
        adopt((EXAMPLES / name).read_bytes(), name)
        st.rerun()
if session.message("load"):
    st.error(session.message("load"))

if "loaded" in st.session_state:
    label, loaded = st.session_state.loaded
    summary = loaded.summary()
    st.subheader(f"Found in {label}")
    notes = summary.pop("notes")
    rows = [(FIELDS.get(key, key), "—" if value is None else str(value)) for key, value in summary.items()]
    st.dataframe(pd.DataFrame(rows, columns=["", "value"]), hide_index=True, width="stretch")
    st.caption(" · ".join(notes))
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
