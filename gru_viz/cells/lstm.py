"""Long Short-Term Memory: one layer in one direction, every gate recorded at every step.

Source: the PyTorch `torch.nn.LSTM` documentation (gate order i, f, g, o), after Hochreiter and
Schmidhuber 1997 with the forget gate of Gers et al. 2000.

Notation: x_t (I,), h_prev and c_prev (H,); W_ih (4H, I) and W_hh (4H, H) stack the blocks of the
input gate i, forget gate f, cell candidate g and output gate o; b_ih, b_hh (4H,).

Equations
    i_t = sigmoid(W_ii x_t + b_ii + W_hi h_prev + b_hi)     how much of the candidate to write
    f_t = sigmoid(W_if x_t + b_if + W_hf h_prev + b_hf)     how much of the old cell to keep
    g_t = tanh(W_ig x_t + b_ig + W_hg h_prev + b_hg)        the cell candidate
    o_t = sigmoid(W_io x_t + b_io + W_ho h_prev + b_ho)     how much of the cell to show
    c_t = f_t * c_prev + i_t * g_t
    h_t = o_t * tanh(c_t)
An LSTM carries two vectors from step to step (h and c); a GRU carries one.
"""

from dataclasses import dataclass

import numpy as np

from .storage import allocate, augmented, fill_previous, product, with_one
from .weights import CellWeights


@dataclass(frozen=True, eq=False)
class LSTMTrace:
    """One LSTM cell's record in input-time order; (T, H) each unless noted.

    x (T, I); h_prev, c_prev: the states the step started from; a (T, 4H): pre-activations of
    i, f, g, o; i, f, g, o: the gates; c: the cell state; c_tanh: tanh(c_t); h: the new state.
    """

    x: np.ndarray
    h_prev: np.ndarray
    c_prev: np.ndarray
    a: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    c_tanh: np.ndarray
    h: np.ndarray
    reverse: bool = False


def lstm_forward(weights: CellWeights, x, h0, c0, *, reverse=False) -> LSTMTrace:
    """Run one LSTM cell over x (T, I) or (T, B, I) from (h0, c0), recording every gate.

    Same lean loop as the GRU's (see gru_forward): i, f and o rows halved so that one tanh over
    all four blocks, then a scale and a shift, gives sigmoid for i, f, o and tanh for g.
    """
    H = weights.hidden_size
    halve = np.repeat([0.5, 0.5, 1.0, 0.5], H)
    block, v = allocate(x.shape[0], x.shape[1:-1], {
        "gi": 4 * H, "a": 4 * H, "gates": 4 * H, "c": H, "c_tanh": H, "h": H, "h_prev": H, "c_prev": H,
    })
    np.matmul(x, (weights.W_ih * halve[:, None]).T, out=v["gi"])
    if weights.b_ih is not None:
        v["gi"] += weights.b_ih * halve
    W_aug = augmented(weights.W_hh * halve[:, None], None if weights.b_hh is None else weights.b_hh * halve)
    shift = np.where(halve == 1.0, 0.0, 0.5)  # 0.5 for i, f, o; 0 for g
    dot = product(x)
    written = np.empty_like(h0)
    h_aug, c_prev = with_one(h0), c0
    rows = zip(*(v[k][::-1] if reverse else v[k] for k in ("gi", "a", "gates", "c", "c_tanh", "h_aug")))

    for gi, half_a, gates, c, c_tanh, h_aug_new in rows:
        dot(h_aug, W_aug, half_a)
        half_a += gi
        np.tanh(half_a, gates)
        gates *= halve
        gates += shift  # sigmoid for i, f, o; tanh for g
        i, f, g, o = (gates[..., k * H : (k + 1) * H] for k in range(4))
        np.multiply(f, c_prev, c)  # keep some of the old cell
        np.multiply(i, g, written)  # write some of the candidate
        c += written
        np.tanh(c, c_tanh)
        np.multiply(o, c_tanh, h_aug_new[..., :H])  # show some of the cell
        h_aug, c_prev = h_aug_new, c

    v["a"] /= halve  # exact: undoes the halving
    gates = v["gates"]
    return LSTMTrace(
        x=x,
        h_prev=fill_previous(v["h_prev"], v["h"], h0, reverse),
        c_prev=fill_previous(v["c_prev"], v["c"], c0, reverse),
        a=v["a"],
        i=gates[..., :H],
        f=gates[..., H : 2 * H],
        g=gates[..., 2 * H : 3 * H],
        o=gates[..., 3 * H :],
        c=v["c"],
        c_tanh=v["c_tanh"],
        h=v["h"],
        reverse=reverse,
    )
