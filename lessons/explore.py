"""From the app's state to a model and its trace: the one compute call every page makes.

A clamp ("force z of unit 2 to 0") is written as a change of weights, not a change of the loop:
the gate's rows of W_ih and W_hh become zero and its bias becomes logit(value), so
sigmoid(bias) = value exactly where the value is 0 or 1 (the bias is then ±800 and the sigmoid
saturates) and to rounding otherwise. Everything downstream (trace, gradients) needs no special
case, and the clamped gate shows its forced value in every view.
"""

import math

import numpy as np

from gru_viz.cells.weights import CellWeights
from gru_viz.models import GRU
from gru_viz.weights.outline import kind_of

from .state import MAX_HIDDEN, MAX_INPUT, AppState, StateError, arrays, validate

GATE_ROWS = {"r": 0, "z": 1}


def stored_model(state: AppState) -> GRU:
    """The GRU as stored: z takes the new candidate, the state's reset position."""
    cell = CellWeights(*arrays(state))
    return GRU(((cell,),), reset=state.reset, z_convention="takes_new")


def shown_model(state: AppState) -> GRU:
    """The GRU in the convention shown, with the clamp (if any) applied."""
    model = stored_model(state).with_z_convention(state.z_convention)
    if state.clamp is not None:
        model = clamped(model, state.clamp.gate, state.clamp.value, state.clamp.unit)
    return model


def clamped(model: GRU, gate, value, unit=None) -> GRU:
    """A one-layer GRU whose gate ('r' or 'z') is forced to `value` for `unit` (None: all units)."""
    H = model.hidden_size
    cell = model.layers[0][0]
    start = GATE_ROWS[gate] * H
    rows = np.arange(start, start + H) if unit is None else np.array([start + unit])
    new = {name: array.copy() for name, array in cell.arrays().items()}
    new["W_ih"][rows] = 0.0
    new["W_hh"][rows] = 0.0
    new["b_ih"][rows] = logit(value)
    if "b_hh" in new:
        new["b_hh"][rows] = 0.0
    return GRU(((CellWeights(**new),),), reset=model.reset, z_convention=model.z_convention)


def logit(value):
    """The pre-activation whose sigmoid is `value`; ±800 stands for 0 and 1 (sigmoid saturates)."""
    if value <= 0.0:
        return -800.0
    if value >= 1.0:
        return 800.0
    return math.log(value / (1.0 - value))


def run_state(state: AppState):
    """The trace of the shown model on the state's input (a NetworkTrace; cells[0][0] is the GRU)."""
    return shown_model(state).run(np.array(state.x))


def cell_inputs(model, layer):
    """How many inputs cell `layer` of a model (or a gru_viz ModelOutline) reads: layer 0 the
    model's input, every later layer the outputs of both directions below it."""
    return model.input_size if layer == 0 else model.num_directions * model.hidden_size


def layer_network(model, layer):
    """(the network that holds layer `layer` of `model`, that layer's index in it): a Network (or
    its outline) holds all its layers; a gru_viz.Stack (or its outline) holds a one-layer network
    per layer, each with its own kind, width and conventions."""
    if kind_of(model) == "Stack":
        return model.layers[layer], 0
    return model, layer


def beyond_limits(input_size, hidden_size):
    """The StateError validate() would raise for a cell of these sizes, or None when it fits."""
    if input_size > MAX_INPUT:
        return StateError(f"the input has {input_size} features; the limit is {MAX_INPUT}")
    if hidden_size > MAX_HIDDEN:
        return StateError(f"the GRU has {hidden_size} hidden units; the limit is {MAX_HIDDEN}")
    return None


def explorable_cells(model):
    """The (layer, direction) cells of a GRU, or of the GRU layers of a stack (or of their outlines),
    that the explorer can show, from their sizes alone; [] where there is none."""
    cells = []
    for layer in range(model.num_layers):
        network, index = layer_network(model, layer)
        if kind_of(network) != "GRU":
            continue
        if beyond_limits(cell_inputs(network, index), network.hidden_size) is None:
            cells += [(layer, direction) for direction in range(network.num_directions)]
    return cells


def state_for_cell(model, current: AppState, layer=0, direction=0, label=""):
    """An app state that explores one cell (layer, direction) of a loaded GRU, or of a GRU layer of
    a loaded stack.

    The weights are stored as the app stores them (z takes new); the convention shown is the
    model's own, so a PyTorch or Keras GRU first appears as its framework writes it. The current
    input is kept, its feature columns cut or padded with zeros to the cell's input size.
    Raises StateError when the cell is beyond the explorer's limits, checked from its sizes before
    anything is converted; then only that cell is.
    """
    model, layer = layer_network(model, layer)
    kind = kind_of(model)
    if kind != "GRU":
        raise StateError(f"this layer is an {kind}; the explorer shows GRU cells")
    problem = beyond_limits(cell_inputs(model, layer), model.hidden_size)
    if problem is not None:
        raise problem
    cell = model.layers[layer][direction]
    if model.z_convention != "takes_new":  # as model.with_z_convention("takes_new"), for this cell only
        H = model.hidden_size
        cell = cell.replace_rows(slice(H, 2 * H), -1.0)
    x = np.zeros((current.steps, cell.input_size))
    keep = min(current.input_size, cell.input_size)
    x[:, :keep] = np.array(current.x)[:, :keep]
    b_ih = cell.b_ih if cell.b_ih is not None else np.zeros(cell.W_ih.shape[0])
    return validate(
        AppState(
            x=x, W_ih=cell.W_ih, W_hh=cell.W_hh, b_ih=b_ih, b_hh=cell.b_hh, reset=model.reset,
            z_convention=model.z_convention, step=current.step, example=label[:100],
        )
    )
