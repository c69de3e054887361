"""Bring an input sequence in: upload a CSV, TSV or .npy file, or paste numbers (edit page).

lessons.input_file reads the file; this module applies it. The sequence takes the file's rows and
the input size its columns. A file of another width changes the input size as the "input features"
box does (ui.editors.resized: new random weights from the weights tab's seed), and the note says
so. A file that cannot be read changes nothing and says which row and column stopped it.

Both controls apply in their callbacks, before the rerun draws, so one run shows the new sequence.
Their keys carry session.rev(), so after a file is applied they come back empty.
"""

import streamlit as st

from lessons.input_file import MAX_FILE_BYTES, InputFileError, describe, read_input_file, read_input_text
from lessons.state import MAX_INPUT, MAX_STEPS
from lessons.text import literal

from . import session
from .editors import resized

NOTE = "inputs_loaded_note"  # (rev it was made at, text): shown until the state moves again


def input_import(state):
    """The upload and the paste box, with what the last one did."""
    rev = session.rev()
    st.file_uploader(
        f"Or load the inputs from a file: CSV, TSV or .npy (up to {MAX_STEPS} steps of {MAX_INPUT} features)",
        type=["csv", "tsv", "txt", "npy"],
        key=f"inputs_file-{rev}",
        max_upload_size=MAX_FILE_BYTES // 1_000_000,  # Streamlit's MB are 1,000,000 bytes: the reader's limit
        on_change=_load_file,
        args=(f"inputs_file-{rev}",),
        help="One row per time step, one column per feature; a header line is skipped. Separators: comma, "
        "tab, semicolon or spaces. A .npy array of shape (steps, features) or (steps,).",
    )
    with st.expander("Or paste numbers (from a spreadsheet or a text file)"):
        st.text_area(
            "One time step per line, values separated by commas, tabs, semicolons or spaces",
            key=f"inputs_paste-{rev}",
            persist_state="page",  # what was typed outlives a look at another tab (pages/edit_page.py)
            max_chars=MAX_FILE_BYTES,
            height=120,
            placeholder="0.5, -1\n0.25, 0\n1, 1",
        )
        st.button("use these numbers", on_click=_load_pasted, args=(f"inputs_paste-{rev}",), key=f"paste_go-{rev}")
    for source in ("inputs_file", "inputs_paste"):
        if session.message(source):
            st.error(session.message(source))
    made_at, note = st.session_state.get(NOTE, (None, None))
    if note and made_at == rev:
        st.success(note)


def _load_file(key):
    upload = st.session_state.get(key)
    if upload is None:  # the file was removed from the uploader: nothing to apply
        return
    if upload.size > MAX_FILE_BYTES:  # read no further than needed to refuse it
        session.refuse(
            "inputs_file",
            f"{literal(upload.name, 60)} was not loaded: the file has {upload.size:,} bytes; the limit is "
            f"{MAX_FILE_BYTES:,}. The inputs are as they were.",
        )
        return
    _apply("inputs_file", literal(upload.name, 60), lambda: read_input_file(upload.getvalue(), upload.name))


def _load_pasted(key):
    _apply("inputs_paste", "The pasted text", lambda: read_input_text(st.session_state.get(key) or ""))


def _apply(source, what, read):
    """Read (InputFileError with where and why), then change the state; or say why not and keep it."""
    state = session.state()
    try:
        table = read()
    except InputFileError as exc:
        session.refuse(source, f"{what} was not loaded: {literal(exc, 300)}. The inputs are as they were.")
        return
    changes = {"x": table.x, "text": None, "example": ""}
    note = f"{what}: {literal(describe(table), 300)}"  # a header line is the file's text
    if table.features != state.input_size:
        seed = int(st.session_state.get("seed", 0))
        changes = {**resized(state, table.features, state.hidden_size, seed), **changes}
        note += (
            f" The input size changed from {state.input_size} to {table.features}, so the weights are new random "
            f"ones (seed {seed}), as changing 'input features' in the Weights tab makes them."
        )
    if session.update(source, external=True, **changes):
        st.session_state.messages.pop("inputs_file" if source == "inputs_paste" else "inputs_paste", None)
        st.session_state[NOTE] = (session.rev(), note)
    else:
        problem = literal(session.message(source), 300)
        session.refuse(source, f"{what} was not loaded: {problem}. The inputs are as they were.")
