"""Backpropagation through a whole network: every parameter, the input and the initial states.

    trace = model.run(x, h0)
    grads = gru_viz.backward(model, trace, d_output, d_h_n)      # LSTM: d_c_n too
    grads.layers[l][d].W_hh           # d loss / d W_hh of layer l, direction d (0 forward, 1 reverse)
    grads.x, grads.h0                 # d loss / d x, d loss / d h0 (and grads.c0 for an LSTM)

The caller names the loss by its gradient with respect to what the network returned (d_output for
trace.output, d_h_n for trace.h_n): the chain rule needs nothing else. The network is undone in
the reverse order it was built (see network.py): the last layer first; a layer's cells each take
their slice of the gradient arriving at the layer's output (forward direction first), plus their
entry of d_h_n at the state they finished on (h[-1] forward, h[0] reverse); the gradients the
directions send to their shared input add up and arrive at the layer below, or at x. Each cell's
own backward (cells/gru.py, lstm.py, rnn.py, below the forwards) reads only its trace.
Sources: Werbos 1990, "Backpropagation through time"; the PyTorch nn.GRU documentation for the
stacking and the order of h_n.
"""

from dataclasses import dataclass

import numpy as np

from .cells.gru import GRUTrace, gru_backward
from .cells.lstm import LSTMTrace, lstm_backward
from .cells.rnn import RNNTrace, rnn_backward
from .cells.shared_backward import CellGradients
from .reprs import call_repr, cell_kind, steps_and_batch
from .stack import refuse_stack


@dataclass(frozen=True, eq=False)
class Gradients:
    """d loss / d everything a network's output depended on.

    layers   layers[l][d] is the CellGradients of layer l, direction d: W_ih, W_hh, b_ih, b_hh with
             the shapes of model.layers[l][d], None where the model has no such bias
    x        (T, I) or (T, B, I), like the input
    h0       (L*D, H) or (L*D, B, H), like trace.h_n (torch's h_0 order)
    c0       likewise for an LSTM's initial cell state; None for GRU and RNN
    """

    layers: tuple
    x: np.ndarray
    h0: np.ndarray
    c0: np.ndarray | None = None

    def __repr__(self):
        first = self.layers[0][0]
        steps, batch = steps_and_batch(self.x.shape)
        H = first.W_hh.shape[1]
        return call_repr("Gradients", cell_kind(first.W_hh.shape[0] // H), steps=steps, batch=batch,
                         layers=len(self.layers), directions=len(self.layers[0]), hidden_size=H)

    def arrays(self):
        """Every parameter gradient, {(layer, direction, name): array}, absent biases left out."""
        return {(l, d, name): array for l, directions in enumerate(self.layers)
                for d, cell in enumerate(directions) for name, array in cell.arrays().items()}


def backward(model, trace, d_output=None, d_h_n=None, d_c_n=None) -> Gradients:
    """Gradients of a scalar loss with respect to every parameter, x, h0 (and c0) of a run.

    model, trace  the model and what model.run(x, h0) returned for it (batched or not)
    d_output      d loss / d trace.output, shape (T, D*H) or (T, B, D*H); None: the loss ignores it
    d_h_n         d loss / d trace.h_n, (L*D, H) or (L*D, B, H); None: zeros
    d_c_n         d loss / d trace.c_n (LSTM only); None: zeros
    """
    refuse_stack(model, "backward")
    if len(trace.cells) != model.num_layers or len(trace.cells[0]) != model.num_directions:
        raise ValueError("the trace has a different number of layers or directions from the model; "
                         "pass the trace model.run returned")
    is_lstm = isinstance(trace.cells[0][0], LSTMTrace)
    if d_c_n is not None and not is_lstm:
        raise ValueError("d_c_n is only for an LSTM: a GRU or RNN has no cell state")
    d_output = zeros_or(d_output, trace.output.shape, "d_output")
    d_h_n = zeros_or(d_h_n, trace.h_n.shape, "d_h_n")
    d_c_n = zeros_or(d_c_n, trace.h_n.shape, "d_c_n") if is_lstm else None
    layers, d_x, d_h0, d_c0 = layers_backward(model, trace, d_output, d_h_n, d_c_n, top=model.num_layers - 1)
    return Gradients(layers=layers, x=d_x, h0=d_h0, c0=d_c0)


def layers_backward(model, trace, d_top, d_h_n, d_c_n, *, top, parameters=True):
    """Undo layers top, top - 1, ..., 0, starting from d_top, the gradient at layer top's output.

    d_top (T, *lead, D*H); d_h_n and d_c_n (L*D, *lead, H) or None. Returns (layers, d_x, d_h0,
    d_c0): per-cell CellGradients (None with parameters=False) for layers 0..top, and the
    gradients at x and the initial states (rows of layers above top stay zero).
    """
    D, H = model.num_directions, model.hidden_size
    lead = d_top.shape[1:-1]
    d_h0 = np.zeros((model.num_layers * D, *lead, H))
    d_c0 = None if d_c_n is None else np.zeros_like(d_h0)
    layers = [None] * (top + 1)
    for l in range(top, -1, -1):
        grads, d_below = [], 0.0
        for d in range(D):
            k, cell_trace = l * D + d, trace.cells[l][d]
            arriving = np.array(d_top[..., d * H : (d + 1) * H])  # a copy: h_n's share is added to it
            finished = 0 if cell_trace.reverse else -1  # the state this direction ended on: its h_n
            if d_h_n is not None:
                arriving[finished] += d_h_n[k]
            result = cell_backward(model.layers[l][d], cell_trace, arriving,
                                   None if d_c_n is None else d_c_n[k], parameters)
            grads.append(result.params)
            d_h0[k] = result.h0
            if d_c0 is not None:
                d_c0[k] = result.c0
            d_below = d_below + result.x  # both directions read the same input
        layers[l] = tuple(grads)
        d_top = d_below
    return tuple(layers), d_top, d_h0, d_c0


def cell_backward(weights, cell_trace, d_h, d_c_last=None, parameters=True):
    """The backward of whichever cell made cell_trace (see shared_backward.CellBackward)."""
    if isinstance(cell_trace, GRUTrace):
        return gru_backward(weights, cell_trace, d_h, parameters=parameters)
    if isinstance(cell_trace, LSTMTrace):
        return lstm_backward(weights, cell_trace, d_h, d_c_last, parameters=parameters)
    if isinstance(cell_trace, RNNTrace):
        return rnn_backward(weights, cell_trace, d_h, parameters=parameters)
    raise TypeError(f"no backward for a {type(cell_trace).__name__}")


def zeros_or(value, shape, name):
    """value as a float64 array of `shape` (a ValueError naming it if not), or zeros for None."""
    if value is None:
        return np.zeros(shape)
    array = np.asarray(value, dtype=np.float64)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (like the trace's), got {array.shape}")
    return array


__all__ = ["CellGradients", "Gradients", "backward", "cell_backward", "layers_backward"]
