"""How far back a gradient reaches in a plain RNN, a GRU and an LSTM on one input.

    x = extended_input(x, steps=200)                        # the input repeated to 200 steps
    rnn = scaled_recurrent(RNN.random(3, 4, seed=0), 1.5)   # W_hh of every cell times 1.5
    found = gradient_reach({"RNN": rnn, "GRU": gru, "LSTM": lstm}, x)
    steps_until_below(found["RNN"].state, 1e-3)             # steps back until it falls below 1e-3

The gradients are gru_viz.gradient_flow's (see flow.py): g[t] = || d h_{T-1} / d (h_t or x_t) ||_F.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from gru_viz.cells.gru import GRUTrace
from gru_viz.cells.weights import CellWeights
from gru_viz.flow import flow_of_trace, gru_gradient_paths
from gru_viz.models import GRU, LSTM


@dataclass(frozen=True, eq=False)
class Reach:
    """For one model, per step t (T,): the norms of d h_{T-1} / d h_t (state; for an LSTM h_t and
    c_t together) and / d x_t (input); for a GRU also its gated shortcut alone (direct), else None."""

    state: np.ndarray
    input: np.ndarray
    direct: np.ndarray | None = None


def extended_input(x, steps):
    """(steps, I): the rows of x repeated in order until there are `steps` of them (or cut)."""
    x = np.asarray(x, dtype=np.float64)
    return np.resize(x, (steps, x.shape[1]))


def scaled_recurrent(model, scale):
    """The same model with every cell's recurrent weights W_hh multiplied by `scale`."""
    layers = tuple(
        tuple(CellWeights(cell.W_ih, cell.W_hh * scale, cell.b_ih, cell.b_hh) for cell in directions)
        for directions in model.layers
    )
    return dataclasses.replace(model, layers=layers)


def gradient_reach(models, x):
    """{name: Reach} for each model on the same input x (T, I); one run per model."""
    reach = {}
    for name, model in models.items():
        trace = model.run(x)
        if isinstance(trace.cells[-1][0], GRUTrace):
            paths = gru_gradient_paths(model, x)
            reach[name] = Reach(paths.full, flow_of_trace(model, trace, "input"), paths.direct)
        else:
            reach[name] = Reach(flow_of_trace(model, trace, "state"), flow_of_trace(model, trace, "input"))
    return reach


def steps_until_below(g, threshold):
    """The fewest steps back (T-1-t) at which g[t] < threshold, or None if it never falls below."""
    below = np.flatnonzero(np.asarray(g)[::-1] < threshold)
    return int(below[0]) if below.size else None


def random_pair(input_size, hidden_size, reset="before", z_convention="takes_new", seed=0):
    """A GRU and an LSTM of the same sizes, PyTorch-style random weights from the same seed."""
    gru = GRU.random(input_size, hidden_size, reset=reset, z_convention=z_convention, seed=seed)
    return gru, LSTM.random(input_size, hidden_size, seed=seed)
