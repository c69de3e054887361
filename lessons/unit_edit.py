"""One followed unit's weights, to edit in a model of real size: its rows of every gate, nothing else.

A unit of a GRU of 512 units with 64 inputs reads 576 weights and two biases per gate. Its rows
are a table, one line per weight (each bias, then each input x[i], then each unit's state h[j] of
the step before) and one column per gate, in the file's own layout (gru_viz.cells.weights: PyTorch's
gate blocks, r, z, h~ for a GRU). Writing a table back makes a new model in which that unit's rows
alone differ; every other number stays the file's. No Streamlit here.
"""

import dataclasses

import numpy as np
import pandas as pd

from gru_viz import Stack

from .state import MAX_WEIGHT, StateError

GATES = {"GRU": ("r", "z", "h̃"), "LSTM": ("i", "f", "g", "o"), "RNN": ("h",)}


def cell_of(recurrent, layer, direction):
    """The CellWeights of one layer and direction of a network or a Stack."""
    network = recurrent.layers[layer] if isinstance(recurrent, Stack) else recurrent
    return network.layers[0 if isinstance(recurrent, Stack) else layer][direction]


def unit_table(recurrent, layer, direction, unit, kind):
    """The unit's rows: a DataFrame indexed by what each weight multiplies, a column per gate."""
    cell = cell_of(recurrent, layer, direction)
    H, I = cell.hidden_size, cell.input_size
    rows = [cell.W_ih[g * H + unit] for g in range(len(GATES[kind]))]
    recurrent_rows = [cell.W_hh[g * H + unit] for g in range(len(GATES[kind]))]
    index, columns = [], []
    for name in ("b_ih", "b_hh"):
        bias = getattr(cell, name)
        if bias is not None:
            index.append(f"bias {name}")
            columns.append([bias[g * H + unit] for g in range(len(GATES[kind]))])
    index += [f"input x[{i}]" for i in range(I)] + [f"state h[{j}] before" for j in range(H)]
    values = np.vstack([np.array(columns).reshape(-1, len(GATES[kind])), np.array(rows).T, np.array(recurrent_rows).T])
    return pd.DataFrame(values, index=index, columns=list(GATES[kind]))


def with_unit_table(model, layer, direction, unit, kind, table):
    """`model` (a WholeModel) with the unit's rows replaced by `table`'s numbers (as unit_table lays
    them out), or StateError saying why not: every number finite and within ±MAX_WEIGHT."""
    original = unit_table(model.recurrent, layer, direction, unit, kind)
    try:
        values = np.array(table, dtype=np.float64)
    except (TypeError, ValueError):
        raise StateError("every weight must be a number") from None
    if values.shape != original.shape:
        raise StateError(f"the table must have {original.shape[0]} rows of {original.shape[1]} gates")
    if not np.all(np.isfinite(values)):
        raise StateError("a weight is empty, NaN or infinite; only finite numbers are allowed")
    if np.any(np.abs(values) > MAX_WEIGHT):
        raise StateError(f"a weight is beyond ±{MAX_WEIGHT:g}, the limit")
    cell = cell_of(model.recurrent, layer, direction)
    H, G = cell.hidden_size, len(GATES[kind])
    arrays = {name: None if getattr(cell, name) is None else getattr(cell, name).copy()
              for name in ("W_ih", "W_hh", "b_ih", "b_hh")}
    k = 0
    for name in ("b_ih", "b_hh"):
        if arrays[name] is not None:
            arrays[name][unit::H][:G] = values[k]
            k += 1
    for g in range(G):
        arrays["W_ih"][g * H + unit] = values[k:k + cell.input_size, g]
        arrays["W_hh"][g * H + unit] = values[k + cell.input_size:, g]
    edited = dataclasses.replace(cell, **arrays)
    return dataclasses.replace(model, recurrent=replaced(model.recurrent, layer, direction, edited))


def replaced(recurrent, layer, direction, cell):
    """The network or Stack with one layer and direction's cell replaced."""
    if isinstance(recurrent, Stack):
        layers = list(recurrent.layers)
        layers[layer] = replaced(layers[layer], 0, direction, cell)
        return dataclasses.replace(recurrent, layers=tuple(layers))
    layers = [list(directions) for directions in recurrent.layers]
    layers[layer][direction] = cell
    return dataclasses.replace(recurrent, layers=tuple(tuple(d) for d in layers))
