"""The number tables: any editor delta, well formed or forged, becomes rows of finite numbers
exactly as the user typed them, or a StateError; and a refused edit leaves the state as it was."""

import math

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st

from lessons.state import MAX_STEPS, MAX_WEIGHT, StateError, to_json
from lessons.table_edits import PARTS, apply_edits, has_edits
from tests.fuzz import CELL_VALUES, EXAMPLES, JSON_VALUES


@st.composite
def tables(draw):
    """Rows of numbers as a table draws them, and its column names."""
    n, k = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    number = st.floats(-MAX_WEIGHT, MAX_WEIGHT)
    rows = draw(st.lists(st.lists(number, min_size=k, max_size=k), min_size=n, max_size=n))
    return rows, [f"x[{i}]" for i in range(k)]


def deltas(n, columns):
    """Editor deltas for a table of n rows: mostly the browser's shape (with positions and
    columns a little off), sometimes any JSON at all."""
    column = st.sampled_from(columns) | st.sampled_from(["_index", "x[99]", "", "X[0]"])
    position = st.integers(-2, n + 1) | st.integers(0, max(n - 1, 0)).map(str) | st.sampled_from(["-1", "1.0", "a"])
    edited = st.dictionaries(position, st.dictionaries(column, CELL_VALUES, max_size=3) | JSON_VALUES, max_size=3)
    deleted = st.lists(st.integers(-2, n + 1), max_size=n + 1)
    added = st.lists(st.dictionaries(column, CELL_VALUES, max_size=len(columns) + 1), max_size=3)
    browser = st.fixed_dictionaries({}, optional={"edited_rows": edited, "deleted_rows": deleted, "added_rows": added})
    forged = JSON_VALUES | st.fixed_dictionaries({}, optional={part: JSON_VALUES for part in PARTS})
    return st.one_of(browser, browser, forged)


def typed_number(value):
    """The number a cell holds, by the rule the app states (what Python's float reads, if finite),
    written apart from the code under test; None if it is no number."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def expected_rows(rows, columns, delta, dynamic):
    """Streamlit's order (edits by position, deletions, additions), or None for a refusal."""
    delta = {} if delta is None else delta
    if not isinstance(delta, dict):
        return None
    edited, deleted, added = (delta.get(p) or e for p, e in (("edited_rows", {}), ("deleted_rows", []),
                                                              ("added_rows", [])))
    if not isinstance(edited, dict) or not isinstance(deleted, list) or not isinstance(added, list):
        return None
    if (deleted or added) and not dynamic or len(added) > MAX_STEPS:
        return None
    table = [list(row) for row in rows]

    def position(index):
        if isinstance(index, str) and index.isascii() and index.isdigit():
            index = int(index)
        ok = isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(rows)
        return index if ok else None

    for index, changes in edited.items():
        if position(index) is None or not isinstance(changes, dict):
            return None
        for column, value in changes.items():
            if column == "_index":
                continue
            if column not in columns or typed_number(value) is None:
                return None
            table[position(index)][columns.index(column)] = typed_number(value)
    gone = set()
    for index in deleted:
        if position(index) is None:
            return None
        gone.add(index)
    table = [row for i, row in enumerate(table) if i not in gone]
    last = added[-1] if added else None
    pasted = len(added) > 1 or added and edited  # a paste's rows; a row added alone is kept, zeros or not
    if pasted and isinstance(last, dict) and set(last) <= {*columns, "_index"}:
        if all(last.get(column) in (None, "0.0") for column in columns):
            added = added[:-1]  # the blank line a spreadsheet's copy ends with
    for row in added:
        if not isinstance(row, dict) or any(c != "_index" and c not in columns for c in row):
            return None
        numbers = [typed_number(row.get(column, "0")) for column in columns]
        if None in numbers:
            return None
        table.append(numbers)
    return table or None


@settings(max_examples=1000, deadline=None)
@given(data=st.data(), dynamic=st.booleans())
def test_any_delta_gives_the_typed_numbers_or_a_state_error(data, dynamic):
    rows, columns = data.draw(tables())
    delta = data.draw(deltas(len(rows), columns))
    frozen = [list(row) for row in rows]
    expected = expected_rows(rows, columns, delta, dynamic)
    try:
        found = apply_edits(rows, columns, delta, dynamic=dynamic)
    except StateError as exc:
        event("refused")
        assert expected is None, (delta, expected)
        assert 0 < len(str(exc)) < 200  # a refusal quotes at most a little of what was typed
    else:
        event("applied")
        assert found == expected
        assert all(type(v) is float and math.isfinite(v) for row in found for v in row)
        assert all(len(row) == len(columns) for row in found)
    assert rows == frozen  # the drawn rows are never changed in place


@settings(max_examples=200, deadline=None)
@given(delta=JSON_VALUES)
def test_has_edits_accepts_anything(delta):
    assert has_edits(delta) in (True, False)


@settings(max_examples=500, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(EXAMPLES)))
def test_an_edited_input_table_is_applied_exactly_or_the_state_kept(data, name):
    """The inputs table's commit: the edited rows become the state's x, or nothing changes."""
    before = EXAMPLES[name]
    saved = to_json(before)
    columns = [f"x[{i}]" for i in range(before.input_size)]
    delta = data.draw(deltas(before.steps, columns))
    try:
        rows = apply_edits(before.x, columns, delta, dynamic=True)
        after = before.with_changes(x=rows, example="")
    except StateError:
        event("refused")
        assert to_json(before) == saved
        return
    event("applied")
    assert np.array_equal(np.array(after.x), np.array(rows)) and after.steps <= MAX_STEPS
    assert (after.W_ih, after.W_hh, after.reset) == (before.W_ih, before.W_hh, before.reset)
    assert to_json(before) == saved
