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
show: after a refused edit (back to the last good numbers), or when something else changed its
numbers (an example, a preset, the convention), or after a run that did not draw it (its tab was
closed, and the browser forgot its editor). An accepted edit already shows the new numbers: a new
data editor costs the browser tens of milliseconds, and a weight edit used to remount all four
tables (the page now draws only the open one). The editor's delta grows with every edit since it was
mounted, so it is always applied to the rows the table was mounted with (its base), never to the
rows of the last edit: an added row then counts once, and a table that gained a row stays mounted,
so the learner can type into it at once (a remount there lost the keys typed next).
"""

import json

import numpy as np
import pandas as pd
import streamlit as st

from lessons.state import StateError
from lessons.table_edits import DEFAULT, apply_edits, has_edits

from . import session

NARROW = 60  # px: "-0.1234" in the grid's font (about 40 px), with its cell padding
FITS = 5  # columns of NARROW width beside the row labels in 376 px, the editing half at 1280 px


def _mounted(key):
    """(count, the numbers the table shows, the edit already applied, the rows it was mounted with)."""
    return st.session_state.get(f"{key}_mounted", (0, None, None, None))


def _remount(key):
    count = _mounted(key)[0]
    st.session_state[f"{key}_mounted"] = (count + 1, None, None, None)


def _fingerprint(delta):
    return json.dumps(delta, sort_keys=True, default=str)


def _apply(widget_key, key, columns, commit, dynamic=True):
    count, _, _, base = _mounted(key)
    delta = st.session_state.get(widget_key)
    try:
        new_rows = apply_edits(base, columns, delta, dynamic=dynamic)
        problem = commit(new_rows)
    except StateError as exc:
        problem = str(exc)
    if problem:
        session.refuse(key, f"Not applied: {problem}. The table shows the last good numbers.")
        _remount(key)  # back to the last good numbers: a fresh table
        return
    st.session_state.messages.pop(key, None)
    if len(new_rows) != _rows_drawn(base, delta):
        _remount(key)  # a pasted line break's empty row was left out: show the rows applied
    else:  # the table shows the new numbers already; its delta, applied, is kept with it
        st.session_state[f"{key}_mounted"] = (count, np.asarray(new_rows, dtype=float), _fingerprint(delta), base)


def _rows_drawn(base, delta):
    """How many rows the browser's table holds after `delta` (a dict, as apply_edits accepted it)."""
    return len(base) + len(delta.get("added_rows") or []) - len(set(delta.get("deleted_rows") or []))


def _width(columns):
    """A wide table's columns as narrow as a value with 4 decimals ("-0.1234") needs: FITS columns
    (the default weights: 2 inputs, 2 units and a bias) then fit beside the row labels in the editing
    half of a 1280 px wide page without scrolling (Streamlit's "small", 75 px, cut off the bias)."""
    return NARROW if len(columns) > 3 else None


def number_table(
    rows,
    columns,
    key,
    commit,
    *,
    row_labels=None,
    index_title=None,
    first=(),
    dynamic=False,
    help=None,
    height="auto",
):
    """Draw an editable table of numbers; `commit(list_of_rows)` applies a change or explains why not.

    first   columns drawn first, beside the row labels, in view however wide the table is (a pinned
            column would stay in view while scrolling too, but Streamlit 1.67 draws it read-only)
    """
    shown = np.asarray(rows, dtype=float)
    count, mounted_rows, applied, base = _mounted(key)
    # A run that did not draw the table (its tab was closed, or another page was shown) left the
    # browser no editor: the one drawn now holds no edits, so it starts from the numbers in force.
    undrawn = mounted_rows is not None and f"{key}-{count}" not in st.session_state
    if undrawn or mounted_rows is None or mounted_rows.shape != shown.shape or not np.array_equal(mounted_rows, shown):
        if mounted_rows is not None:  # changed by something else, or not drawn: a fresh table with these numbers
            count, applied = count + 1, None
        base = [list(map(float, row)) for row in rows]
        st.session_state[f"{key}_mounted"] = (count, shown, applied, base)
    widget_key = f"{key}-{count}"
    frame = pd.DataFrame([[f"{v:.4f}" for v in row] for row in base], columns=columns)
    config = {c: st.column_config.TextColumn(c, default=DEFAULT, help=help, width=_width(columns)) for c in columns}
    if dynamic:
        # A table that gains rows keeps pandas' RangeIndex, numbered 0, 1, ... as the steps are: the
        # browser numbers a new row itself. With labels as the index instead, it marks a new row's
        # label as a missing required value and never sends the row (issue 17, item 3).
        config["_index"] = st.column_config.NumberColumn(index_title, disabled=True)
    elif row_labels is not None:
        frame.index = row_labels
    lead = [c for c in first if c in columns]
    st.data_editor(
        frame,
        key=widget_key,
        column_config=config,
        hide_index=False if dynamic else None,
        column_order=[*lead, *(c for c in columns if c not in lead)] if lead else None,
        num_rows="dynamic" if dynamic else "fixed",
        width="stretch",
        height=height,
        on_change=_apply,
        args=(widget_key, key, columns, commit, dynamic),
    )
    delta = st.session_state.get(widget_key)
    if has_edits(delta) and _fingerprint(delta) != applied:
        _apply(widget_key, key, columns, commit, dynamic)
        st.rerun()  # redraw every view from the new state (or the kept one), with a fresh table
    problem = session.message(key)
    if problem:
        st.error(problem)
