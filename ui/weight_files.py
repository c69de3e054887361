"""The Load page's actions: open an uploaded or shipped weight file, keep in the session only what
the learner explores, and give the file's bytes back as soon as they are read.

What the session keeps (st.session_state.loaded): the file's name and what gru_viz found, whose
model is the whole GRU only when the explorer can show one of its cells (hidden size at most 16,
so at most a few MB); any other file is kept as its outline (gru_viz.read_outline: sizes,
conventions, notes; no weights), which is all the page shows of it. The explorer's limits are
checked on the outline, from the sizes the file declares, before any weight is converted.

How long Streamlit keeps an upload (streamlit 1.67: runtime/memory_uploaded_file_manager.py,
elements/widgets/file_uploader.py, web/server/starlette/starlette_routes.py): the PUT request's
bytes stay in the MemoryUploadedFileManager until the browser deletes the file from the widget or
the session ends, which is server.disconnectedSessionTTL (120 s) after its tab closed; the widget's
value, an UploadedFile (a BytesIO sharing those bytes), lives in the widget state while the widget
does, and every run deep-copies it to return it (session_state.register_widget): a 63 MB copy
per rerun of the page. So the file is read once, in the uploader's callback; then it is removed
from the manager (as st.chat_input does with its files) and the UploadedFile emptied
(truncate(0) lets go of the shared buffer; a closed one could not be deep-copied). The uploader
keeps showing the file's name; later runs find no bytes for it (a DeletedFile, which
file_uploader returns as None). Changing the uploader's key instead was tried: the bytes went no
sooner, and the browser showed the old uploader, file and all, beside the new one for up to a
second after the run. Last, when the run is drawn, a collection: with
runner.postScriptGC off, cycles made while reading (exceptions and their frames) would otherwise
wait for Python's automatic collection.

The page's callbacks and format function live here, not in the page: a function defined in a page
closes over that run's namespace, and one kept by a widget in session state kept that namespace
(and every model in it) alive in a cycle only a full collection frees.
"""

import dataclasses
import gc
import pathlib

import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFile

from gru_viz import Stack, WeightsError, load_model, read_weights
from gru_viz.weights import ModelOutline, read_outline
from gru_viz.weights.around import around, with_vocabulary
from gru_viz.weights.outline import StackOutline
from gru_viz.weights.source import CONVERT_PICKLE
from lessons.explore import explorable_cells, state_for_cell
from lessons.state import MAX_HIDDEN, MAX_INPUT, StateError
from lessons.text import literal

from . import session

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples"
WEIGHT_SUFFIXES = (".safetensors", ".keras", ".onnx")
# The weight files, then the whole models with their vocabularies (examples/models/, the sentence panel's).
EXAMPLE_NAMES = (sorted(p.name for p in EXAMPLES.glob("*") if p.suffix in WEIGHT_SUFFIXES)
                 + sorted(f"models/{p.name}" for p in (EXAMPLES / "models").glob("*") if p.suffix in WEIGHT_SUFFIXES))
UPLOADER = "weights_upload"  # the uploader's key
READ = "weights_upload_read"  # set when this run read a file


def take_upload():
    """on_change of the uploader: read the file, give its bytes back, open what it holds."""
    upload = st.session_state.get(UPLOADER)
    if not isinstance(upload, UploadedFile):  # removed from the uploader (None), or given back already
        return
    data, name = upload.getvalue(), upload.name
    release(upload)
    adopt(data, name)
    st.session_state[READ] = True  # the page gives the memory back when its run is drawn


def release(upload):
    """Drop Streamlit's copy of an upload now, not when the session ends."""
    ctx = get_script_run_ctx()
    if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
        ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=upload.file_id)
    upload.seek(0)
    upload.truncate(0)  # the BytesIO lets go of the buffer it shared with the manager's bytes


def give_back_memory():
    """Last in a run that read a file: a full collection, for the cycles reading made (a refusal's
    exception and its frames). The file's own bytes are freed as soon as nothing refers to them:
    glibc maps a block that large and unmaps it on free (bench/uploads.py measures the rest)."""
    if st.session_state.pop(READ, False):
        gc.collect()


def open_example():
    """on_click of "Open the example": the one chosen in the list."""
    name = st.session_state.example_file
    if name not in EXAMPLE_NAMES:  # a value from the browser: only the list's own
        return
    path = EXAMPLES / name
    adopt(path.read_bytes(), name)
    model, _ = st.session_state.get("whole", (None, None))
    beside = [path.with_name(f"{path.stem}_vocab{suffix}") for suffix in (".txt", ".json")]
    vocabulary = next((path for path in beside if path.exists()), None)
    if model is not None and vocabulary is not None:  # a shipped whole model comes with its vocabulary
        st.session_state.whole = (with_vocabulary(model, vocabulary), None)


def adopt(data, label):
    """Read a file; on success keep what the learner explores of it and explore its first cell."""
    try:
        loaded = read_outline(data)
        full = read_weights(data) if explorable_cells(loaded.model) else None  # small: worth keeping
    except WeightsError as exc:
        session.refuse("load", refusal(label, exc))
        return
    st.session_state.whole = whole_of(data, full or loaded)
    loaded = loaded if full is None else kept_of(full)
    st.session_state.loaded = (label, loaded)
    st.session_state.messages.pop("load", None)
    cells = explorable_cells(loaded.model)
    if cells:  # the first cell the explorer can show (layer 0 may be too wide where layer 1 is not)
        layer, direction = cells[0]
        explore(loaded.model, layer, direction, cell_label(label, layer, direction, (layer, direction) != (0, 0)))
    elif loaded.summary()["cell"] == "GRU":
        explore(loaded.model, 0, 0, label)  # says why not
    elif loaded.summary()["cell"] == "Stack":
        session.refuse("load", f"{literal(label)} was read (its summary is below), but none of its layers is a GRU "
                       f"the explorer can show ({MAX_INPUT} inputs, {MAX_HIDDEN} units at most)")


WHOLE_BUDGET = 2**21  # float64 numbers a session keeps of a whole model (16 MiB): a 512-unit GRU and a head


def whole_of(data, loaded):
    """(the whole model, or None, and why not) for the sentence panel (ui/sentence_panel.py): what
    load_model reads around the file's recurrent layers, kept when all of it (embedding, layers,
    head) fits WHOLE_BUDGET. `loaded`: the recurrent layers as read_weights read them (used as they
    are), or as read_outline did (then read, only if they fit)."""
    if loaded.model.num_parameters > WHOLE_BUDGET:
        return None, too_large(loaded.model.num_parameters)
    try:
        outline = isinstance(loaded.model, (ModelOutline, StackOutline))
        whole = load_model(data) if outline else around(data, loaded)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:  # WeightsError is a ValueError
        return None, str(exc)  # the optional panel says why; the file's recurrent layers stay loaded
    return (whole, None) if whole.num_parameters <= WHOLE_BUDGET else (None, too_large(whole.num_parameters))


def too_large(numbers):
    return (f"its {numbers:,} numbers are more than a session keeps ({WHOLE_BUDGET:,}); gru_viz.load_model "
            "runs it in a notebook")


def kept_of(loaded):
    """What the session keeps of a file read whole: a stack keeps the weights of the layers the
    explorer can show and the outline of the others (an LSTM of 1,024 units after a small GRU would
    otherwise stay in memory as 34 MB of float64)."""
    if not isinstance(loaded.model, Stack):
        return loaded
    layers = tuple(layer if explorable_cells(layer) else ModelOutline.of(layer) for layer in loaded.model.layers)
    return dataclasses.replace(loaded, model=StackOutline(layers))


def refusal(label, exc):
    """The refusal as Markdown: the file's name and the loader's words, which quote the file's own
    names (tensors, layers, metadata), shown as themselves; the app's conversion line that ends some
    messages kept as Markdown, for its code span."""
    text, own = str(exc), ""
    if text.endswith(CONVERT_PICKLE):
        text, own = text[: -len(CONVERT_PICKLE)], " " + CONVERT_PICKLE
    return f"{literal(label)} was not loaded: {literal(text, 1000)}{own}"


def explore(model, layer, direction, label):
    """Make cell (layer, direction) the explored state, or say why the explorer cannot show it
    (state_for_cell checks the cell's sizes before it converts anything)."""
    try:
        new = state_for_cell(model, session.state(), layer, direction, label)
    except StateError as exc:
        session.refuse(
            "load",
            f"This cell is beyond the explorer's limits ({MAX_INPUT} inputs, {MAX_HIDDEN} units): {literal(exc, 300)}",
        )
        return
    session.replace_state(new, source="load")


def explore_choice():
    """on_click of "Explore this cell": the cell chosen in the list, of the file shown (an upload
    or an example opened here, or the shipped example a link's state is a cell of)."""
    shown = st.session_state.get("loaded") or shipped_example(session.state())
    if shown is None:
        return
    label, loaded = shown
    layer, direction = st.session_state.loaded_cell
    explore(loaded.model, layer, direction, cell_label(label, layer, direction))


def cell_label(label, layer, direction, named=True):
    """The explored example's name: the file's, and which cell when the file has several."""
    return f"{label} (layer {layer}{', backward' if direction else ''})" if named else label


def cell_name(cell):
    """format_func of the cell list: 'layer 1, backward'."""
    return f"layer {cell[0]}, {'backward' if cell[1] else 'forward'}"


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
    for layer, direction in explorable_cells(model):
        cell = state_for_cell(model, current, layer, direction)
        if (cell.W_ih, cell.W_hh, cell.b_ih, cell.b_hh) == (current.W_ih, current.W_hh, current.b_ih, current.b_hh):
            return name, read_example(name)
    return None
