"""Stacked and bidirectional networks of recurrent cells, with PyTorch's semantics.

Layer 0 reads x; layer l+1 reads the outputs of layer l, the forward and backward directions
concatenated per step (forward first), exactly like `torch.nn.GRU(num_layers=L,
bidirectional=True)`. A backward direction reads x_{T-1} first; its records are stored in
input-time order, so that trace.output[t] lines up both directions' states for step t, like torch's
`output`. Shapes: x (T, I) for one sequence, or (T, B, I) for a batch (used by training).
"""

from dataclasses import dataclass

import numpy as np

from .cells.weights import CellWeights


@dataclass(frozen=True, eq=False)
class NetworkTrace:
    """What a network computed for one input.

    output   (T, D*H)  the last layer's states, directions concatenated (torch's output[:, 0])
    h_n      (L*D, H)  the final state of each layer and direction, torch's order (torch's h_n[:, 0])
    c_n      (L*D, H)  likewise for an LSTM's cell state; None for GRU and RNN
    cells    cells[layer][direction] is that cell's trace (GRUTrace, LSTMTrace or RNNTrace)
    """

    output: np.ndarray
    h_n: np.ndarray
    cells: tuple
    c_n: np.ndarray | None = None


def as_input(x, input_size, *, max_steps=None):
    """x as a float64 (T, I) or (T, B, I) array, or a ValueError that says what is wrong."""
    try:
        x = np.array(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the input must be numbers: {exc}") from None
    if x.ndim not in (2, 3):
        raise ValueError(f"the input must have shape (T, {input_size}), got {x.shape}")
    if x.shape[-1] != input_size:
        raise ValueError(f"the input has {x.shape[-1]} features per step; the model expects {input_size}")
    if x.shape[0] == 0:
        raise ValueError("the input has no time steps")
    if max_steps is not None and x.shape[0] > max_steps:
        raise ValueError(f"the input has {x.shape[0]} steps; the limit is {max_steps}")
    if not np.all(np.isfinite(x)):
        raise ValueError("the input contains NaN or inf")
    return x


def as_state(value, name, shape):
    """An initial state of shape (L*D, H) (or (L*D, B, H)), zeros when None."""
    if value is None:
        return np.zeros(shape)
    try:
        state = np.array(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers: {exc}") from None
    if state.shape != shape and shape[0] == 1 and state.shape == shape[1:]:
        state = state[None]
    if state.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {state.shape}")
    if not np.all(np.isfinite(state)):
        raise ValueError(f"{name} contains NaN or inf")
    return state


def freeze(trace):
    """Mark every array of a trace read-only, so a cached trace cannot be edited by a view."""
    for value in vars(trace).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return trace


class Network:
    """Shared shape, stacking and bookkeeping of GRU, LSTM and RNN models.

    Subclasses are frozen dataclasses with a field `layers`: a tuple (one entry per layer) of
    tuples (one CellWeights per direction), and implement `_run_cell`.
    """

    num_gates = 1

    def _check_layers(self):
        layers = tuple(tuple(directions) for directions in self.layers)
        object.__setattr__(self, "layers", layers)
        if not layers or not layers[0]:
            raise ValueError("a model needs at least one layer")
        D = len(layers[0])
        if D not in (1, 2):
            raise ValueError(f"a layer has 1 or 2 directions, got {D}")
        H = layers[0][0].hidden_size
        for l, directions in enumerate(layers):
            if len(directions) != D:
                raise ValueError(f"layer {l} has {len(directions)} directions; layer 0 has {D}")
            expected_input = layers[0][0].input_size if l == 0 else D * H
            for d, cell in enumerate(directions):
                if not isinstance(cell, CellWeights):
                    raise TypeError("layers must hold CellWeights")
                where = f"layer {l}{' reverse' if d else ''}"
                if cell.hidden_size != H:
                    raise ValueError(f"{where}: hidden size {cell.hidden_size}, expected {H}")
                if cell.num_gates != self.num_gates:
                    raise ValueError(
                        f"{where}: {cell.num_gates} gate blocks, a {type(self).__name__} has {self.num_gates}"
                    )
                if cell.input_size != expected_input:
                    raise ValueError(f"{where}: input size {cell.input_size}, expected {expected_input}")

    @property
    def input_size(self):
        return self.layers[0][0].input_size

    @property
    def hidden_size(self):
        return self.layers[0][0].hidden_size

    @property
    def num_layers(self):
        return len(self.layers)

    @property
    def num_directions(self):
        return len(self.layers[0])

    @property
    def bidirectional(self):
        return self.num_directions == 2

    @property
    def num_parameters(self):
        """The number of numbers the model stores (absent biases not counted)."""
        return sum(cell.num_parameters for directions in self.layers for cell in directions)

    def run(self, x, h0=None, **initial):
        """Run the network over x and record every cell; see NetworkTrace for what comes back."""
        x = as_input(x, self.input_size)
        state_shape = (self.num_layers * self.num_directions, *x.shape[1:-1], self.hidden_size)
        states = {"h0": as_state(h0, "h0", state_shape)}
        states.update({k: as_state(v, k, state_shape) for k, v in initial.items()})
        cells, layer_input = [], x
        h_n = np.empty(state_shape)
        c_n = np.empty(state_shape) if "c0" in states else None
        for l, directions in enumerate(self.layers):
            traces = []
            for d, cell in enumerate(directions):
                k = l * self.num_directions + d
                trace = freeze(self._run_cell(cell, layer_input, {n: s[k] for n, s in states.items()}, d == 1))
                last = 0 if trace.reverse else -1  # the state after the last step this direction read
                h_n[k] = trace.h[last]
                if c_n is not None:
                    c_n[k] = trace.c[last]
                traces.append(trace)
            cells.append(tuple(traces))
            layer_input = np.concatenate([t.h for t in traces], axis=-1) if len(traces) > 1 else traces[0].h
        return freeze(NetworkTrace(output=layer_input, h_n=h_n, c_n=c_n, cells=tuple(cells)))

    def _run_cell(self, cell, x, initial, reverse):
        raise NotImplementedError
