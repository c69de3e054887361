"""Editable number tables that never lose the user's work.

Cells are text, so anything can be typed; lessons.table_edits turns the editor's delta into rows
of numbers (only the changed cells are parsed; unchanged ones keep their full precision behind the
4 decimals shown). A change is applied through `commit(new_rows)`, which returns None or a
message: with a message the state stays as it was, the table shows the last good numbers again
and the message appears under it.

An edit typed in the browser is applied in the editor's on_change callback, before the rerun draws
anything, so one run shows every view from the new state (bench/load.py measured an edit at two
full runs when it was applied after drawing and followed by st.rerun). An edit seeded into the
editor's session state (as AppTest does) fires no callback; it is read after drawing instead.

A table is mounted afresh (a new widget key) only when it must show numbers it does not already
show: after a refused edit (back to the last good numbers), after a row is added or deleted, or
when something else changed its numbers (an example, a preset, the convention). An accepted edit of
a fixed table already shows the new numbers, and the other tables did not change: a new data editor
costs the browser tens of milliseconds each, and a weight edit used to remount all four.
"""

import json

import numpy as np
import pandas as pd
import streamlit as st

from lessons.state import StateError
from lessons.table_edits import apply_edits, has_edits

from . import session


def _mounted(key):
    """(count, the numbers the table shows, the edit already applied) of table `key`."""
    return st.session_state.get(f"{key}_mounted", (0, None, None))


def _remount(key):
    count = _mounted(key)[0]
    st.session_state[f"{key}_mounted"] = (count + 1, None, None)


def _fingerprint(delta):
    return json.dumps(delta, sort_keys=True, default=str)


def _apply(widget_key, key, rows, columns, commit, dynamic=True):
    delta = st.session_state.get(widget_key)
    try:
        new_rows = apply_edits(rows, columns, delta, dynamic=dynamic)
        problem = commit(new_rows)
    except StateError as exc:
        problem = str(exc)
    if problem:
        session.refuse(key, f"Not applied: {problem}. The table shows the last good numbers.")
    else:
        st.session_state.messages.pop(key, None)
    if problem or dynamic:
        _remount(key)  # the last good numbers, or rows added or deleted once only: a fresh table
    else:  # the table shows the new numbers already; its delta, applied, is kept with it
        count = _mounted(key)[0]
        st.session_state[f"{key}_mounted"] = (count, np.asarray(new_rows, dtype=float), _fingerprint(delta))


def number_table(rows, columns, key, commit, *, row_labels=None, dynamic=False, help=None, height="auto"):
    """Draw an editable table of numbers; `commit(list_of_rows)` applies a change or explains why not."""
    shown = np.asarray(rows, dtype=float)
    count, mounted_rows, applied = _mounted(key)
    if mounted_rows is None or mounted_rows.shape != shown.shape or not np.array_equal(mounted_rows, shown):
        if mounted_rows is not None:  # changed by something else: a fresh table with these numbers
            count, applied = count + 1, None
        st.session_state[f"{key}_mounted"] = (count, shown, applied)
    widget_key = f"{key}-{count}"
    frame = pd.DataFrame([[f"{v:.4f}" for v in row] for row in rows], columns=columns)
    if row_labels is not None:
        frame.index = row_labels
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
    delta = st.session_state.get(widget_key)
    if has_edits(delta) and _fingerprint(delta) != applied:
        _apply(widget_key, key, rows, columns, commit, dynamic)
        st.rerun()  # redraw every view from the new state (or the kept one), with a fresh table
    problem = session.message(key)
    if problem:
        st.error(problem)
