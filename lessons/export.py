"""Export: a cell trace as CSV text, and file names for exported figures and tables.

`trace_csv` writes one row per (step, unit) of a GRU, LSTM or RNN cell trace (gru_viz.cells), with
every number the trace recorded at full float64 precision (repr: float(text) gives the same
float back). The inputs have their own width, so each row repeats the step's whole input as
x_0 ... x_{I-1}. Columns, after step, token, unit and the inputs:

    GRU    h_prev, r, z, h_tilde, h, then the pre-activations a_r, a_z, h_tilde_rec, a_h_tilde
    LSTM   h_prev, c_prev, i, f, g, o, c, c_tanh, h, then a_i, a_f, a_g, a_o
    RNN    h_prev, h, then a

`step` is the input-time index t of the trace (the step that read x_t, also for a cell that runs
backwards over time); what z means depends on the trace's z_convention (gru_viz.conventions),
which `figure_filename` can put in the file's name. Standard library only (csv): no pandas.
"""

import csv
import io
import re

import numpy as np

from gru_viz.cells.gru import GRUTrace
from gru_viz.cells.lstm import LSTMTrace
from gru_viz.cells.rnn import RNNTrace

LSTM_GATES = ("i", "f", "g", "o")  # PyTorch's order of the blocks of LSTMTrace.a

# Spreadsheets run a cell that starts with one of these as a formula; tokens come from a learner's
# text, possibly through someone else's link, so such a token is written with a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _columns(trace):
    """[(column name, (T, H) array)] of a cell trace, in the order the CSV writes them."""
    if isinstance(trace, GRUTrace):
        names = ("h_prev", "r", "z", "h_tilde", "h", "a_r", "a_z", "h_tilde_rec", "a_h_tilde")
        return [(name, getattr(trace, name)) for name in names]
    if isinstance(trace, LSTMTrace):
        names = ("h_prev", "c_prev", "i", "f", "g", "o", "c", "c_tanh", "h")
        H = trace.h.shape[-1]
        blocks = [(f"a_{gate}", trace.a[..., k * H : (k + 1) * H]) for k, gate in enumerate(LSTM_GATES)]
        return [(name, getattr(trace, name)) for name in names] + blocks
    if isinstance(trace, RNNTrace):
        return [(name, getattr(trace, name)) for name in ("h_prev", "h", "a")]
    raise TypeError(
        f"trace_csv takes one cell's trace (GRUTrace, LSTMTrace or RNNTrace), got {type(trace).__name__}; "
        "for a network's trace pass trace.cells[layer][direction]"
    )


def _safe_token(token):
    text = str(token)
    return "'" + text if text.startswith(_FORMULA_START) else text


def trace_csv(trace, tokens=None) -> str:
    """One cell trace as CSV text: a header, then one row per (step, unit), steps in order, units in
    order within a step (T * H rows). tokens: T labels for the token column (empty without them);
    one that a spreadsheet would run as a formula (starting with =, +, -, @) gets a leading '."""
    columns = _columns(trace)
    if trace.h.ndim != 2:
        raise ValueError(f"trace_csv writes one sequence; this trace is batched, h has shape {trace.h.shape}")
    T, H = trace.h.shape
    I = trace.x.shape[-1]
    if tokens is None:
        tokens = [""] * T
    elif len(tokens) != T:
        raise ValueError(f"tokens: expected {T} labels, one per step, got {len(tokens)}")
    x = np.asarray(trace.x, dtype=np.float64).tolist()  # Python floats, whose repr is the shortest exact one
    values = [np.asarray(array, dtype=np.float64).tolist() for _, array in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["step", "token", "unit", *(f"x_{k}" for k in range(I)), *(name for name, _ in columns)])
    for t in range(T):
        lead = [str(t), _safe_token(tokens[t])]
        inputs = [repr(v) for v in x[t]]
        for u in range(H):
            writer.writerow([*lead, str(u), *inputs, *(repr(column[t][u]) for column in values)])
    return out.getvalue()


# Short names for the parameters most file names carry.
_SHORT = {"z_convention": "z", "reset": "reset", "step": "step", "unit": "unit", "layer": "layer"}
_UNSAFE = re.compile(r"[^a-z0-9_]+")
MAX_NAME = 120


def _part(text):
    """Lowercase, runs of anything but a-z, 0-9 and _ as one _, no _ at either end."""
    return _UNSAFE.sub("_", str(text).lower()).strip("_")


def _number(value):
    """A number in a file name: 3, 0p5 for 0.5, m1 for -1 (no '.', no '-': those separate)."""
    text = str(int(value)) if isinstance(value, int | np.integer) else format(float(value), "g")
    return text.replace("-", "m").replace(".", "p").replace("+", "")


def figure_filename(page, figure, state_or_params=None) -> str:
    """A file name, without extension, for an export: "gru-cell-diagram-step3-z_takes_new-reset_before".

    page, figure: short names ("cell", "diagram"; a figure named like its page is said once);
    state_or_params: an AppState (its step, z convention and reset position are named), a dict of
    parameters in the order to name them ({"unit": 2, "z_convention": "keeps_old"}: "unit2-z_keeps_old";
    numbers follow their name directly (0.5 as 0p5, -1 as m1), text after an underscore, True as the
    name alone, None and False are left out), or None.
    Only a-z, 0-9, _ and - appear, at most MAX_NAME characters.
    """
    if state_or_params is None:
        params = {}
    elif isinstance(state_or_params, dict):
        params = state_or_params
    else:
        params = {name: getattr(state_or_params, name) for name in ("step", "z_convention", "reset")}
    parts = ["gru", _part(page)]
    if _part(figure) != parts[-1]:
        parts.append(_part(figure))
    for name, value in params.items():
        if value is None or isinstance(value, bool) and not value:
            continue
        key = _SHORT.get(name, _part(name))
        if isinstance(value, bool):
            parts.append(key)
        elif isinstance(value, int | float | np.integer | np.floating):
            parts.append(f"{key}{_part(_number(value))}")
        else:
            parts.append(f"{key}_{_part(value)}")
    name = "-".join(part for part in parts if part)
    return name[:MAX_NAME].rstrip("-_")
