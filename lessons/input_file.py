"""An input sequence from a file or pasted text: CSV, TSV or whitespace-separated numbers, or a
NumPy .npy array, read into a (steps, features) table of floats, or an InputFileError that names
the row and column (1-based, as a spreadsheet counts them) of the first thing it cannot read.

Text is read as a spreadsheet saves it: UTF-8 (with or without the BOM that Excel and Notepad
write) or UTF-16 with its BOM (Excel's "Unicode text"); lines end in \\n, \\r\\n or \\r. The
separator is the first of tab, semicolon, comma found on the first data line, else runs of white
space. Cells may be quoted (the csv module's rules). Where the separator is a tab or a semicolon, a
decimal comma (0,5) reads as a decimal point, as European spreadsheets write it; with commas as the
separator it cannot be told apart, so it is not guessed. A first line with no number in it is a
header and is skipped. Blank lines and lines starting with '#' (numpy.savetxt's header) are skipped.

A .npy file is read with numpy.load(allow_pickle=False), so it cannot run code: a 1-D array is one
feature per step, a 2-D array is (steps, features); any other shape, or a dtype that is not real
numbers, is refused.

Every value must be finite and within ±MAX_WEIGHT (what lessons.state accepts). A file with more
than MAX_STEPS rows is cut to its first MAX_STEPS, and the result says so; one with more than
MAX_INPUT columns is refused, as a feature cannot be dropped without changing what it means.
"""

import csv
import io
import math
from dataclasses import dataclass

import numpy as np

from .state import MAX_INPUT, MAX_STEPS, MAX_WEIGHT, StateError

MAX_FILE_BYTES = 1_000_000  # 200 x 8 numbers need about 20 kB; a megabyte leaves room for long files to cut
NPY_MAGIC = b"\x93NUMPY"
SEPARATORS = {"\t": "tabs", ";": "semicolons", ",": "commas"}
SHOWN = 20  # characters of a cell quoted in a message: a file may hold anything in one


class InputFileError(StateError):
    """A file or pasted text could not be read as an input sequence; the message says where and why."""


@dataclass(frozen=True)
class InputTable:
    """What a file held: x (steps, features) floats, and plain sentences about how it was read."""

    x: np.ndarray
    notes: tuple = ()
    rows_in_file: int = 0

    @property
    def steps(self):
        return self.x.shape[0]

    @property
    def features(self):
        return self.x.shape[1]


def read_input_file(data, name=""):
    """An InputTable from the bytes of an uploaded file (`name` picks nothing: the bytes do)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputFileError("the file could not be read")
    data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        raise InputFileError(f"the file has {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    if data.startswith(NPY_MAGIC):
        return _read_npy(data)
    if str(name).lower().endswith(".npy"):
        raise InputFileError("the file is named .npy but is not a NumPy array file")
    return read_input_text(_decode(data))


def read_input_text(text):
    """An InputTable from text: numbers in rows, one row per time step, one column per feature."""
    if not isinstance(text, str):
        raise InputFileError("the text could not be read")
    if len(text) > MAX_FILE_BYTES:
        raise InputFileError(f"the text has {len(text):,} characters; the limit is {MAX_FILE_BYTES:,}")
    if "\x00" in text:
        raise InputFileError("the file holds binary data, not text; save it as CSV or as a .npy array")
    lines = [(n, line) for n, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1) if _holds_data(line)]
    if not lines:
        raise InputFileError("there are no numbers in it; put one time step on each line")
    # The first line's separator; a header of one name has none, so then the next line's.
    separator = _separator(lines[0][1]) or (_separator(lines[1][1]) if len(lines) > 1 else None)
    notes = []
    if _is_header(_cells(lines[0][1], separator)):
        notes.append(f"the first line ({_quote(lines[0][1].strip())}) is a header and was skipped")
        lines = lines[1:]
        if not lines:
            raise InputFileError("there is a header line but no numbers under it")
    rows_in_file = len(lines)
    if rows_in_file > MAX_STEPS:
        notes.append(f"it has {rows_in_file} rows; the first {MAX_STEPS} were used, the limit")
        lines = lines[:MAX_STEPS]
    rows, width = [], None
    for line_number, line in lines:
        cells = _cells(line, separator)
        if width is None:
            width = len(cells)
            _check_width(width, line_number)
        elif len(cells) != width:
            raise InputFileError(
                f"row {line_number} has {len(cells)} value{'s' * (len(cells) != 1)}, but the rows above have {width}; "
                "every row needs one value per feature"
            )
        rows.append([_number(cell, line_number, column, separator) for column, cell in enumerate(cells, 1)])
    return InputTable(np.array(rows, dtype=np.float64), tuple(notes), rows_in_file)


def describe(table):
    """One sentence for the learner: what was read, and how."""
    shape = f"{table.steps} step{'s' * (table.steps != 1)} of {table.features} feature{'s' * (table.features != 1)}"
    return shape + " read" + "".join(f"; {note}" for note in table.notes) + "."


def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM: Excel's "Unicode text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputFileError("the file starts as UTF-16 text but is not valid UTF-16") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            f"row {line} holds bytes that are not UTF-8 text; save the file as CSV (UTF-8) or as a .npy array"
        ) from None


def _holds_data(line):
    stripped = line.strip().strip("\ufeff")
    return bool(stripped) and not stripped.startswith("#")


def _separator(line):
    for separator in SEPARATORS:
        if separator in line:
            return separator
    return None  # runs of white space


def _cells(line, separator):
    line = line.strip().strip("\ufeff")
    if separator is None:
        return line.split()
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=separator, strict=True))]
    except (csv.Error, StopIteration):
        return [cell.strip() for cell in line.split(separator)]


def _is_header(cells):
    """A line with no number in it (names such as 'x0,x1' or 'time;speed')."""
    return not any(_as_float(cell, decimal_comma=True) is not None for cell in cells)


def _as_float(cell, decimal_comma=False):
    text = cell.strip()
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if (
        not text
        or len(text) > 100
        or text.lstrip("+-")[:1].isalpha()
        and text.lower().lstrip("+-")
        not in (
            "nan",
            "inf",
            "infinity",
        )
    ):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _number(cell, row, column, separator):
    where = f"row {row}, column {column}"
    if not cell:
        raise InputFileError(f"{where} is empty; type 0 for zero")
    value = _as_float(cell, decimal_comma=separator in ("\t", ";"))
    if value is None:
        hint = "; with commas between the values, write decimals with a point" if "," in cell else ""
        raise InputFileError(f"{where} holds {_quote(cell)}, which is not a number{hint}")
    return _checked(value, where)


def _checked(value, where):
    if not math.isfinite(value):
        raise InputFileError(f"{where} is {value}; only finite numbers are allowed")
    if abs(value) > MAX_WEIGHT:
        raise InputFileError(f"{where} is {value:g}, beyond ±{MAX_WEIGHT:g}, the limit")
    return value


def _check_width(width, row):
    if width > MAX_INPUT:
        raise InputFileError(f"row {row} has {width} columns; the input takes at most {MAX_INPUT} features")


def _read_npy(data):
    damaged = InputFileError("the .npy file is damaged or holds Python objects, which are not read")
    try:
        _check_npy_header(io.BytesIO(data), len(data))
        array = np.load(io.BytesIO(data), allow_pickle=False)
    except InputFileError:
        raise
    except (ValueError, OSError, EOFError, TypeError, SyntaxError, OverflowError, MemoryError):
        raise damaged from None
    if not isinstance(array, np.ndarray) or array.dtype.fields is not None:
        raise InputFileError("the .npy file must hold one array of numbers")
    if array.dtype.kind not in "biuf":
        raise InputFileError(f"the .npy array holds {array.dtype.name} values; it must hold real numbers")
    if array.ndim == 1:
        array = array[:, None]
    if array.ndim != 2 or array.size == 0:
        raise InputFileError(f"the .npy array has shape {array.shape}; it must be (steps, features)")
    _check_width(array.shape[1], 1)
    notes = []
    rows_in_file = array.shape[0]
    if rows_in_file > MAX_STEPS:
        notes.append(f"it has {rows_in_file} rows; the first {MAX_STEPS} were used, the limit")
        array = array[:MAX_STEPS]
    x = array.astype(np.float64)
    bad = np.argwhere(~np.isfinite(x) | (np.abs(np.nan_to_num(x)) > MAX_WEIGHT))
    if len(bad):
        row, column = (int(i) for i in bad[0])
        _checked(float(x[row, column]), f"row {row + 1}, column {column + 1}")
    return InputTable(x, tuple(notes), rows_in_file)


def _check_npy_header(stream, size):
    """Refuse a header whose shape needs more bytes than the file has, before numpy allocates the
    array it describes (a 100-byte file may claim a terabyte)."""
    version = np.lib.format.read_magic(stream)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
    else:
        shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
    if math.prod(shape) * max(dtype.itemsize, 1) > size:
        raise InputFileError(f"the .npy file claims shape {shape[:3]} but holds fewer numbers; it is damaged")


def _quote(text):
    text = str(text)
    return repr(text if len(text) <= SHOWN else text[: SHOWN - 1] + "…")
