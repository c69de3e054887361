"""Editable number tables that never lose the user's work.

Cells are text, so anything can be typed; only the cells the user changed are parsed (unchanged
cells keep their full precision behind the 4 decimals shown). A change is applied through
`commit(new_rows)`, which returns None or a message: with a message the state stays as it was,
the table shows the last good numbers again and the message appears under it. The edit is read
from the editor's own session state after it is drawn (not in a callback), so tests can seed it.
"""

import pandas as pd
import streamlit as st

from gru_viz.state import StateError, finite_float

from . import session


def _apply(widget_key, key, rows, columns, commit):
    delta = st.session_state.get(widget_key) or {}
    new = [list(row) for row in rows]
    try:
        for index, changes in delta.get("edited_rows", {}).items():
            for column, text in changes.items():
                new[int(index)][columns.index(column)] = finite_float(text)
        for index in sorted(delta.get("deleted_rows", []), reverse=True):
            del new[int(index)]
        for added in delta.get("added_rows", []):
            new.append([finite_float(added.get(column, "0")) for column in columns])
        if not new:
            raise StateError("the table cannot be empty; keep at least one row")
        problem = commit(new)
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
    )
    delta = st.session_state.get(widget_key) or {}
    if any(delta.get(part) for part in ("edited_rows", "added_rows", "deleted_rows")):
        _apply(widget_key, key, rows, columns, commit)
        st.rerun()  # redraw every view from the new state (or the kept one), with a fresh table
    problem = session.message(key)
    if problem:
        st.error(problem)
