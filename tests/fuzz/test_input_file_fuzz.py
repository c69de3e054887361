"""Any bytes or text given as an input file: either a table the state accepts, exactly the numbers
written, or an InputFileError with a short message; never another exception, never a table the
state refuses. Written tables read back exactly, whatever the separator, header and line ends."""

import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons import presets
from lessons.input_file import InputFileError, read_input_file, read_input_text
from lessons.state import MAX_INPUT, MAX_STEPS, MAX_WEIGHT

BASE = presets.EXAMPLES["Write once, carry"]()
FINITE = st.floats(-MAX_WEIGHT, MAX_WEIGHT, allow_nan=False, allow_infinity=False)
TABLES = st.integers(1, MAX_INPUT).flatmap(
    lambda width: st.lists(st.lists(FINITE, min_size=width, max_size=width), min_size=1, max_size=30)
)
SEPARATORS = st.sampled_from([",", "\t", ";", " ", "  ", " , ", "\t "])
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
CELLS = st.one_of(
    st.sampled_from(["", "nan", "NaN", "inf", "-Infinity", "1e309", "1e6", "1e7", '"1"', '"', "0,5", "١", "1_0"]),
    st.text(max_size=6),
    FINITE.map(repr),
)
HOSTILE_TEXT = st.lists(st.lists(CELLS, max_size=10).map(",".join), max_size=12).map("\n".join)
HOSTILE_BYTES = st.one_of(
    st.binary(max_size=200),
    st.binary(max_size=200).map(lambda b: b"\x93NUMPY" + b),  # a damaged .npy
    st.binary(max_size=60).map(lambda b: b"\xef\xbb\xbf" + b),
    st.binary(max_size=60).map(lambda b: b"\xff\xfe" + b),
    HOSTILE_TEXT.map(str.encode),
)


def accepted(table):
    """What lessons.state accepts as an input: the limits, checked apart from the reader."""
    x = table.x
    assert x.dtype == np.float64 and x.ndim == 2
    assert 1 <= x.shape[0] <= MAX_STEPS and 1 <= x.shape[1] <= MAX_INPUT
    assert np.all(np.isfinite(x)) and np.all(np.abs(x) <= MAX_WEIGHT)
    W_ih, W_hh, b_ih = presets.preset_weights("random", x.shape[1], 2, seed=0)
    BASE.with_changes(x=x, W_ih=W_ih, W_hh=W_hh, b_ih=b_ih, b_hh=None, text=None, clamp=None)  # raises if refused


def refused_briefly(read, *args):
    try:
        table = read(*args)
    except InputFileError as exc:
        assert 0 < len(str(exc)) < 240, str(exc)
        return None
    accepted(table)
    return table


@settings(max_examples=150, deadline=None)
@given(TABLES, SEPARATORS, LINE_ENDS, st.booleans(), st.booleans(), st.booleans())
def test_a_written_table_reads_back_exactly(rows, separator, end, header, bom, trailing_end):
    lines = [separator.join(repr(v) for v in row) for row in rows]
    if header:
        lines.insert(0, separator.join(f"x{i}" for i in range(len(rows[0]))))
    text = ("\ufeff" if bom else "") + end.join(lines) + (end if trailing_end else "")
    table = read_input_text(text)
    assert table.x.tolist() == rows


@settings(max_examples=300, deadline=None)
@given(HOSTILE_BYTES, st.sampled_from(["", "x.csv", "x.npy", "x.tsv"]))
def test_hostile_bytes_give_an_accepted_table_or_a_short_refusal(data, name):
    refused_briefly(read_input_file, data, name)


@settings(max_examples=300, deadline=None)
@given(HOSTILE_TEXT)
def test_hostile_text_gives_an_accepted_table_or_a_short_refusal(text):
    refused_briefly(read_input_text, text)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["<f8", "<f4", "<i8", "|b1", "<c16", "|O", "<U3", "|V8"]),
    st.lists(st.integers(0, 10**13), max_size=3).map(tuple),
    st.booleans(),
    st.binary(max_size=64),
)
def test_forged_npy_headers_are_refused_without_allocating_what_they_claim(descr, shape, fortran, payload):
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": fortran, "shape": shape})
    refused_briefly(read_input_file, buffer.getvalue() + payload)


def test_ragged_rows_name_the_first_short_row():
    try:
        read_input_text("1,2,3\n4,5,6\n7,8\n")
    except InputFileError as exc:
        assert str(exc).startswith("row 3 has 2 values")
    else:
        raise AssertionError("a ragged table was read")
