"""What every cell's backward pass shares: its result, and the products that wait for the loop to end.

Backpropagation through time (Werbos 1990, "Backpropagation through time: what it does and how to
do it"; Goodfellow, Bengio and Courville 2016, "Deep Learning", section 10.2.2) walks a cell's
steps in the opposite order to its forward run, carrying d loss / d h_prev from each step to the
step before it. Each cell's backward (gru_backward, lstm_backward and rnn_backward, each right
below its forward) does only what the next step back needs inside the loop: multiply the arriving
gradient by derivatives read from the trace, and one product with the recurrent weights.
Everything else waits until after the loop, where one product over all steps gives each array:

    d W_ih = sum_t d a_t^T x_t          d b_ih = sum_t d a_t          d x_t = d a_t W_ih
    d W_hh = sum_t d g_t^T v_t          d b_hh = sum_t d g_t

d a_t is the gradient of the input side's pre-activation (W_ih x_t + b_ih), d g_t that of the
recurrent product (W_hh v_t + b_hh) and v_t what W_hh multiplied: h_prev, except in the GRU's
candidate with reset="before", where it is r_t * h_prev.

Shapes: the gradients arriving at the states have shape (T, *lead, H), where `lead` is the trace's
batch shape, or (K, *batch) to push K gradients through in one pass (gradient_flow pushes the H
rows of a Jacobian); the trace's arrays broadcast against them.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class CellGradients:
    """d loss / d each array of one cell's CellWeights: same names, same shapes (PyTorch's layout,
    gate blocks stacked by row); None where the cell has no such bias."""

    W_ih: np.ndarray
    W_hh: np.ndarray
    b_ih: np.ndarray | None = None
    b_hh: np.ndarray | None = None

    def arrays(self):
        """The gradients by name, absent biases left out (the keys of CellWeights.arrays())."""
        named = {"W_ih": self.W_ih, "W_hh": self.W_hh, "b_ih": self.b_ih, "b_hh": self.b_hh}
        return {k: v for k, v in named.items() if v is not None}


@dataclass(frozen=True, eq=False)
class CellBackward:
    """What one cell's backward pass returns; shapes as in the module docstring.

    params   CellGradients, or None when parameters=False was asked for
    x        d loss / d x_t, (T, *lead, I)
    h0       d loss / d h0, (*lead, H)
    h        d loss / d h_t for the state after each step, everything later counted: what arrived
             from outside at step t plus what came back through the later steps, (T, *lead, H)
    c0, c    LSTM only: the same for the cell state, c[t] taken with h_t held fixed (only the
             path into the next step; the path through h_t = o_t * tanh(c_t) is in h[t])
    """

    params: CellGradients | None
    x: np.ndarray
    h0: np.ndarray
    h: np.ndarray
    c0: np.ndarray | None = None
    c: np.ndarray | None = None


def check_arriving(d_h, trace_h, name="d_h"):
    """d_h as a float64 array of shape (T, *lead, H) whose lead broadcasts with the trace's batch."""
    d_h = np.asarray(d_h, dtype=np.float64)
    T, H = trace_h.shape[0], trace_h.shape[-1]
    batch = trace_h.shape[1:-1]
    lead = d_h.shape[1:-1]
    if d_h.ndim < 2 or d_h.shape[0] != T or d_h.shape[-1] != H or lead[len(lead) - len(batch) :] != batch:
        raise ValueError(f"{name} must have shape ({T}, ..., {', '.join(map(str, batch + (H,)))}), got {d_h.shape}")
    return d_h


def lifted(a, lead):
    """A trace array (T, *batch, n) viewed as (T, 1, ..., *batch, n), to broadcast against
    gradients (T, *lead, n) that stack several per sequence."""
    extra = len(lead) - (a.ndim - 2)
    return a.reshape(a.shape[:1] + (1,) * extra + a.shape[1:])


def blocks(T, lead, widths):
    """One (T, *lead, sum(widths)) block and a view per name: each step's row is contiguous (the
    same reason as the forward's storage.allocate)."""
    block = np.empty((T, *lead, sum(widths.values())))
    views, start = {}, 0
    for name, width in widths.items():
        views[name] = block[..., start : start + width]
        start += width
    return views


def backward_order(field, reverse):
    """Rows of a (T, ...) array in the order the backward pass visits them: the forward's reversed."""
    return field if reverse else field[::-1]


def vector_product(lead):
    """np.dot for a single gradient vector (faster on vectors), np.matmul for a stack of them."""
    return np.dot if not lead else np.matmul


def flat(a):
    """(T, *lead, n) -> (T * prod(lead), n): all steps and sequences as rows of one matrix."""
    return a.reshape(-1, a.shape[-1])


def input_side(parts, x, b_ih):
    """(d W_ih, d b_ih) from the input side's gradients, given as consecutive row blocks `parts`
    (T, *batch, rows) each, and x (T, *batch, I): one product over all steps per block."""
    X = flat(x)
    rows = [flat(part) for part in parts]
    W = np.concatenate([part.T @ X for part in rows])
    return W, None if b_ih is None else np.concatenate([part.sum(axis=0) for part in rows])


def recurrent_side(parts, b_hh):
    """(d W_hh, d b_hh) from pairs (d g, v) of consecutive row blocks: d g (T, *batch, rows) and
    what those rows of W_hh multiplied, v (T, *batch, H)."""
    rows = [(flat(d_g), flat(v)) for d_g, v in parts]
    W = np.concatenate([d_g.T @ v for d_g, v in rows])
    return W, None if b_hh is None else np.concatenate([d_g.sum(axis=0) for d_g, _ in rows])


def require_matching_lead(lead, trace_h, parameters):
    """Parameter gradients sum over the trace's own sequences; K stacked gradients have no such sum."""
    if parameters and lead != trace_h.shape[1:-1]:
        raise ValueError("parameter gradients need one arriving gradient per sequence of the trace; "
                         "pass parameters=False to push several gradients through at once")
