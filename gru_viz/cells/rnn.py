"""Plain (Elman) recurrent network with tanh: one layer in one direction, recorded step by step.

Source: the PyTorch `torch.nn.RNN` documentation (nonlinearity="tanh").

Equation
    h_t = tanh(W_ih x_t + b_ih + W_hh h_prev + b_hh)
Its Jacobian d h_t / d h_prev = diag(1 - h_t^2) W_hh is applied at every step, which is why its
gradients vanish or explode over long sequences.
"""

from dataclasses import dataclass

import numpy as np

from .storage import allocate, augmented, fill_previous, product, with_one
from .weights import CellWeights


@dataclass(frozen=True, eq=False)
class RNNTrace:
    """x (T, I); h_prev, a (the pre-activation) and h, (T, H) each, in input-time order."""

    x: np.ndarray
    h_prev: np.ndarray
    a: np.ndarray
    h: np.ndarray
    reverse: bool = False


def rnn_forward(weights: CellWeights, x, h0, *, reverse=False) -> RNNTrace:
    """Run one tanh RNN cell over x (T, I) or (T, B, I) from h0 (lean loop: see gru_forward)."""
    H = weights.hidden_size
    block, v = allocate(x.shape[0], x.shape[1:-1], {"gi": H, "a": H, "h": H, "h_prev": H})
    np.matmul(x, weights.W_ih.T, out=v["gi"])
    if weights.b_ih is not None:
        v["gi"] += weights.b_ih
    W_aug = augmented(weights.W_hh, weights.b_hh)
    dot = product(x)
    h_aug = with_one(h0)
    for gi, a, h_aug_new in zip(*(v[k][::-1] if reverse else v[k] for k in ("gi", "a", "h_aug"))):
        dot(h_aug, W_aug, a)
        a += gi
        np.tanh(a, h_aug_new[..., :H])
        h_aug = h_aug_new
    h_prev = fill_previous(v["h_prev"], v["h"], h0, reverse)
    return RNNTrace(x=x, h_prev=h_prev, a=v["a"], h=v["h"], reverse=reverse)
