"""How an edited number table's changes become rows of numbers, or a StateError saying why not.

Streamlit's data_editor reports an edit as a delta (its "editing state"), which the browser sends
and Streamlit stores as plain JSON data in the session:

    {"edited_rows": {row: {column: text}}, "deleted_rows": [row, ...], "added_rows": [{column: text}]}

with row positions counted in the table as drawn, before any deletion. It is applied here in
Streamlit's own order (edits, then deletions, then additions, as its data_editor widget's
`_apply_dataframe_edits` does). Only the cells a user touched are parsed, so the
unchanged ones keep their full precision behind the four decimals the table shows. The delta comes
from the client, so every part of it is checked: a malformed delta is refused like a bad number,
never trusted to index the rows.
"""

from .state import MAX_STEPS, StateError, finite_float

PARTS = ("edited_rows", "added_rows", "deleted_rows")
DEFAULT = "0.0"  # what a new row's cells start as: a new time step, or unit, starts at zero
INDEX = "_index"  # Streamlit's name for the row-label column; labels are redrawn from the state


def has_edits(delta):
    """True when a data_editor delta asks for any change."""
    return isinstance(delta, dict) and any(delta.get(part) for part in PARTS)


def apply_edits(rows, columns, delta, *, dynamic=True):
    """The table's rows (lists of floats) after `delta`; StateError for a bad number or delta.

    rows     the numbers drawn (rows of len(columns) floats)
    columns  the column names, in order
    dynamic  whether rows may be added and deleted (False: the table's row count is fixed)
    """
    if delta is None:
        delta = {}
    if not isinstance(delta, dict):
        raise StateError("the table's edit was not understood; edit the cells again")
    edited = delta.get("edited_rows") or {}
    deleted = delta.get("deleted_rows") or []
    added = delta.get("added_rows") or []
    if not isinstance(edited, dict) or not isinstance(deleted, list) or not isinstance(added, list):
        raise StateError("the table's edit was not understood; edit the cells again")
    if not dynamic and (deleted or added):
        raise StateError("this table has a fixed number of rows; rows cannot be added or deleted")
    added = _without_paste_tail(added, edited, columns)
    if len(added) > MAX_STEPS:
        raise StateError(f"{len(added)} rows were added at once; the limit is {MAX_STEPS} rows in all")
    new = [[float(v) for v in row] for row in rows]
    for index, changes in edited.items():
        row = _position(index, len(new))
        if not isinstance(changes, dict):
            raise StateError("the table's edit was not understood; edit the cells again")
        for column, text in changes.items():
            if column != INDEX:
                new[row][_column(column, columns)] = _number(text, column)
    for index in sorted({_position(index, len(new)) for index in deleted}, reverse=True):
        del new[index]
    for added_row in added:
        if not isinstance(added_row, dict):
            raise StateError("the table's edit was not understood; edit the cells again")
        for column in added_row:
            if column != INDEX:
                _column(column, columns)
        # A new row's cells start at the column default; one the browser left out counts as 0.
        new.append([_number(added_row.get(column, "0"), column) for column in columns])
    if not new:
        raise StateError("the table cannot be empty; keep at least one row")
    return new


def _without_paste_tail(added, edited, columns):
    """The added rows without the blank one a spreadsheet's copy ends with.

    A copy from Excel or LibreOffice ends in a line break; the grid pastes the empty line after it
    as one more row, filled with the column defaults. A row added on its own (the toolbar's +, or
    typing into the blank row) arrives alone in its delta, as the table is mounted afresh after each
    change of its rows; so an all-default last row that came with other pasted rows is that tail.
    """
    if len(added) < 2 and not (added and edited):
        return added
    last = added[-1]
    blank = isinstance(last, dict) and set(last) <= {*columns, INDEX}
    if blank and all(last.get(column) in (None, DEFAULT) for column in columns):
        return added[:-1]
    return added


def _position(index, size):
    """A row position from the delta (an int, or its digits as JSON object keys arrive)."""
    if isinstance(index, str) and index.isascii() and index.isdigit():
        index = int(index)
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < size:
        raise StateError(f"the edit names row {str(index)[:20]!r}, which the table does not have")
    return index


def _column(name, columns):
    if not isinstance(name, str) or name not in columns:
        raise StateError(f"the edit names column {str(name)[:20]!r}, which the table does not have")
    return columns.index(name)


def _number(text, column):
    if text is None or (isinstance(text, str) and not text.strip()):
        raise StateError(f"{column}: an empty cell is not a number (type 0 for zero)")
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise StateError(f"{column}: {str(text)[:20]!r} is not a number")
    try:
        return finite_float(text)
    except StateError as exc:
        raise StateError(f"{column}: {exc}") from None
