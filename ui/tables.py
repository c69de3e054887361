"""Editable number tables that never lose the user's work.

Cells are text, so anything can be typed; gru_viz.table_edits turns the editor's delta into rows
of numbers (only the changed cells are parsed; unchanged ones keep their full precision behind the
4 decimals shown). A change is applied through `commit(new_rows)`, which returns None or a
message: with a message the state stays as it was, the table shows the last good numbers again
and the message appears under it.

An edit typed in the browser is applied in the editor's on_change callback, before the rerun draws
anything, so one run shows every view from the new state (bench/load.py measured an edit at two
full runs when it was applied after drawing and followed by st.rerun). An edit seeded into the
editor's session state (as AppTest does) fires no callback; it is read after drawing instead.
"""

import pandas as pd
import streamlit as st

from gru_viz.state import StateError
from gru_viz.table_edits import apply_edits, has_edits

from . import session


def _apply(widget_key, key, rows, columns, commit, dynamic=True):
    try:
        problem = commit(apply_edits(rows, columns, st.session_state.get(widget_key), dynamic=dynamic))
    except StateError as exc:
        problem = str(exc)
    if problem:
        session.refuse(key, f"Not applied: {problem}. The table shows the last good numbers.")
    else:
        st.session_state.messages.pop(key, None)
    st.session_state[f"{key}_version"] = st.session_state.get(f"{key}_version", 0) + 1  # remount, fresh


def number_table(rows, columns, key, commit, *, row_labels=None, dynamic=False, help=None, height="auto"):
    """Draw an editable table of numbers; `commit(list_of_rows)` applies a change or explains why not."""
    frame = pd.DataFrame([[f"{v:.4f}" for v in row] for row in rows], columns=columns)
    if row_labels is not None:
        frame.index = row_labels
    version = st.session_state.get(f"{key}_version", 0)
    widget_key = f"{key}-{session.rev()}-{version}"
    width = "small" if len(columns) > 3 else None  # wide tables must fit beside the live view
    config = {c: st.column_config.TextColumn(c, default="0.0", help=help, width=width) for c in columns}
    st.data_editor(
        frame,
        key=widget_key,
        column_config=config,
        num_rows="dynamic" if dynamic else "fixed",
        width="stretch",
        height=height,
        on_change=_apply,
        args=(widget_key, key, rows, columns, commit, dynamic),
    )
    if has_edits(st.session_state.get(widget_key)):
        _apply(widget_key, key, rows, columns, commit, dynamic)
        st.rerun()  # redraw every view from the new state (or the kept one), with a fresh table
    problem = session.message(key)
    if problem:
        st.error(problem)
