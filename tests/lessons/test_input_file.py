"""Reading an input sequence from a file or pasted text (lessons/input_file.py): the formats a
spreadsheet or NumPy writes, and a message naming the row and column of what cannot be read."""

import io

import numpy as np
import pytest

from lessons.input_file import (
    MAX_FILE_BYTES,
    InputFileError,
    describe,
    read_input_file,
    read_input_text,
)
from lessons.state import MAX_INPUT, MAX_STEPS

TABLE = [[0.5, -1.0, 2.0], [0.25, 0.0, -3.5]]


@pytest.mark.parametrize(
    "text",
    [
        "0.5,-1,2\n0.25,0,-3.5\n",
        "x0,x1,x2\n0.5,-1,2\n0.25,0,-3.5",
        "0.5\t-1\t2\r\n0.25\t0\t-3.5\r\n",
        "a;b;c\n0.5;-1;2\n0.25;0;-3.5\n",
        "0.5 -1  2\n   0.25 0 -3.5  \n",
        '"0.5","-1","2"\n"0.25","0","-3.5"\n',
        "\ufeffx,y,z\r\n0.5,-1,2\r\n0.25,0,-3.5\r\n",
        "# made by numpy.savetxt\n0.5 -1 2\n\n0.25 0 -3.5\n",
        "0,5;-1;2\n0,25;0;-3,5\n",  # decimal commas, as European spreadsheets save with semicolons
        "0,5\t-1\t2\n0,25\t0\t-3,5\n",
        "5e-1,-1E0,+2\n.25,-0,-3.50\n",
    ],
    ids=[
        "comma",
        "header",
        "tab_crlf",
        "semicolon_header",
        "whitespace",
        "quoted",
        "bom_header",
        "comment_and_blank",
        "decimal_comma_semicolon",
        "decimal_comma_tab",
        "exponents",
    ],
)
def test_spreadsheet_and_text_formats_read_the_same_table(text):
    assert read_input_text(text).x.tolist() == TABLE
    assert read_input_file(text.encode()).x.tolist() == TABLE


def test_utf16_with_bom_as_excel_saves_unicode_text():
    assert read_input_file("x\ty\tz\r\n0.5\t-1\t2\r\n0.25\t0\t-3.5\r\n".encode("utf-16")).x.tolist() == TABLE


def test_a_header_is_skipped_and_said():
    table = read_input_text("time,speed\n1,2\n")
    assert table.x.tolist() == [[1.0, 2.0]]
    assert "header" in describe(table) and "'time,speed'" in describe(table)
    assert describe(table).startswith("1 step of 2 features read")


def test_one_column_is_one_feature():
    assert read_input_text("1\n2\n3\n").x.tolist() == [[1.0], [2.0], [3.0]]


@pytest.mark.parametrize(
    "text,where",
    [
        ("1,2\n3,abc\n", "row 2, column 2 holds 'abc'"),
        ("h1,h2\n1,2\n3,nan\n", "row 3, column 2 is nan"),
        ("1,2\n-inf,2\n", "row 2, column 1 is -inf"),
        ("1;2\n;4\n", "row 2, column 1 is empty"),
        ("1,2\n3,1e300\n", "row 2, column 2 is 1e+300, beyond"),
        ("1,2\n\n3\n", "row 3 has 1 value, but the rows above have 2"),
        ("1,2\n3,4,5\n", "row 2 has 3 values, but the rows above have 2"),
        ("1,2\n3,0,5\n", "row 2 has 3 values"),  # a decimal comma with commas between values is not guessed
    ],
)
def test_a_bad_cell_is_named_by_its_row_and_column_counted_from_1(text, where):
    with pytest.raises(InputFileError, match=where.replace("+", r"\+").replace("(", r"\(")):
        read_input_text(text)


def test_a_decimal_comma_among_commas_is_explained():
    with pytest.raises(InputFileError, match="write decimals with a point"):
        read_input_text('1,"0,5"\n')


@pytest.mark.parametrize("text", ["", "\n\n  \n", "# only a comment\n", "x,y\n"])
def test_no_numbers_is_refused(text):
    with pytest.raises(InputFileError, match="no numbers|no numbers under it"):
        read_input_text(text)


def test_more_columns_than_the_input_takes_is_refused():
    with pytest.raises(InputFileError, match=f"row 1 has {MAX_INPUT + 1} columns; the input takes at most {MAX_INPUT}"):
        read_input_text(",".join(["1"] * (MAX_INPUT + 1)))


def test_a_longer_file_is_cut_to_the_step_limit_and_says_so():
    table = read_input_text("\n".join(f"{t},0" for t in range(MAX_STEPS + 50)))
    assert table.steps == MAX_STEPS and table.x[-1, 0] == MAX_STEPS - 1 and table.rows_in_file == MAX_STEPS + 50
    assert f"it has {MAX_STEPS + 50} rows; the first {MAX_STEPS} were used" in describe(table)


def test_a_file_over_the_byte_limit_is_refused_before_reading():
    with pytest.raises(InputFileError, match="bytes; the limit is"):
        read_input_file(b"1\n" * (MAX_FILE_BYTES // 2 + 1))


def test_binary_and_non_utf8_bytes_are_refused_with_a_hint():
    with pytest.raises(InputFileError, match="binary"):
        read_input_file(b"1,2\n\x00\x01\n")
    with pytest.raises(InputFileError, match="row 2 holds bytes that are not UTF-8"):
        read_input_file(b"1,2\n\xff\xfe\xfd,3\n")


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16, np.int8, np.uint16, np.int64, bool])
def test_npy_arrays_of_real_numbers_read_as_floats(dtype):
    array = np.array([[1, 0], [0, 1], [1, 1]], dtype=dtype)
    table = read_input_file(npy(array), "steps.npy")
    assert table.x.dtype == np.float64 and table.x.tolist() == array.astype(float).tolist()


def test_a_1d_npy_array_is_one_feature_per_step():
    assert read_input_file(npy(np.arange(4.0))).x.shape == (4, 1)


@pytest.mark.parametrize(
    "array,message",
    [
        (np.array([{"a": 1}], dtype=object), "Python objects"),
        (np.zeros((2, 2, 2)), r"shape \(2, 2, 2\)"),
        (np.zeros((0, 2)), "shape"),
        (np.array([[1 + 2j]]), "complex128 values"),
        (np.array(["a", "b"]), "values; it must hold real numbers"),
        (np.zeros(3, dtype=[("a", "f8")]), "one array of numbers"),
        (np.zeros((3, MAX_INPUT + 1)), "at most 8 features"),
        (np.array([[1.0, 2.0], [3.0, np.nan]]), "row 2, column 2 is nan"),
        (np.array([[1.0, np.inf]]), "row 1, column 2 is inf"),
        (np.array([[1e300]]), "row 1, column 1 is 1e\\+300, beyond"),
    ],
)
def test_npy_arrays_that_are_not_a_sequence_of_real_numbers_are_refused(array, message):
    with pytest.raises(InputFileError, match=message):
        read_input_file(npy(array))


def test_a_long_npy_array_is_cut_to_the_step_limit():
    table = read_input_file(npy(np.zeros((MAX_STEPS + 1, 2))))
    assert table.steps == MAX_STEPS and "the first 200 were used" in describe(table)


def test_an_npy_header_claiming_more_than_the_file_holds_is_refused_before_allocating():
    buffer = io.BytesIO()
    header = {"descr": "<f8", "fortran_order": False, "shape": (10**12, 2)}  # 16 TB, in a 100-byte file
    np.lib.format.write_array_header_1_0(buffer, header)
    with pytest.raises(InputFileError, match="damaged"):
        read_input_file(buffer.getvalue() + b"\0" * 32)


def test_a_file_named_npy_that_is_not_one_is_refused():
    with pytest.raises(InputFileError, match="named .npy but is not"):
        read_input_file(b"\x89PNG\r\n", "weights.npy")


def test_messages_quote_at_most_a_few_characters_of_the_file():
    with pytest.raises(InputFileError) as refused:
        read_input_text("1,2\n3," + "A" * 5000 + "\n")
    assert len(str(refused.value)) < 200
