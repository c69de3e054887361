"""Load a model: open a PyTorch, Keras or ONNX weight file (or a shipped example), see what was found,
and explore it on every page; download the model being explored. The actions (and what the
session keeps of a file) are in ui/weight_files.py; this page defines no function, so no widget
in session state holds on to a run's namespace."""

import pandas as pd
import streamlit as st

from gru_viz import Limits
from gru_viz.weights import model_bytes
from lessons.explore import explorable_cells, stored_model
from lessons.text import literal
from ui import sentence_panel, session, weight_files
from ui.heading import heading

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
    "Open the weights of a GRU trained in PyTorch (`.safetensors` or `.npz` of a `state_dict`), Keras "
    "(`.keras`, `.weights.h5`) or exported to ONNX (`.onnx`), or one of the examples. The explorer then shows "
    f"that model's gates, one cell (layer and direction) at a time. Limits: {LIMITS}. Pickle files (`.pt`, "
    "`.pth`, `.bin`) are never opened: the message shows how to convert one."
)

upload, pick = st.columns(2)
with upload:
    st.file_uploader("Upload a weight file", key=weight_files.UPLOADER, on_change=weight_files.take_upload)
with pick:
    st.selectbox("Or an example", weight_files.EXAMPLE_NAMES, key="example_file")
    st.button("Open the example", width="stretch", on_click=weight_files.open_example)
if session.message("load"):
    st.error(session.message("load"))

shown = st.session_state.get("loaded") or weight_files.shipped_example(state)
if shown:
    label, loaded = shown
    summary = loaded.summary()
    st.subheader(f"Found in {literal(label)}")
    notes = summary.pop("notes")
    rows = [(FIELDS.get(key, key), "—" if value is None else str(value)) for key, value in summary.items()]
    st.dataframe(pd.DataFrame(rows, columns=["", "value"]), hide_index=True, width="stretch")
    st.caption(literal(" · ".join(notes), 2000))  # notes quote the file's tensor and layer names
    cells = explorable_cells(loaded.model)
    if summary["cell"] in ("GRU", "Stack") and cells and cells != [(0, 0)]:
        st.selectbox("Cell to explore", cells, key="loaded_cell", format_func=weight_files.cell_name)
        st.button("Explore this cell", on_click=weight_files.explore_choice)
    elif summary["cell"] not in ("GRU", "Stack"):
        st.info(f"This is an {summary['cell']}: its summary is above; the explorer pages show GRUs.")

sentence_panel.draw()

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
weight_files.give_back_memory()  # last, once everything the run made of an upload is dropped
