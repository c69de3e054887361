"""Plain (Elman) recurrent network with tanh: one layer in one direction, recorded step by step.

Source: the PyTorch `torch.nn.RNN` documentation (nonlinearity="tanh").

Equation
    h_t = tanh(W_ih x_t + b_ih + W_hh h_prev + b_hh)
Its Jacobian d h_t / d h_prev = diag(1 - h_t^2) W_hh is applied at every step, which is why its
gradients vanish or explode over long sequences.

Backward: rnn_backward (below rnn_forward) holds the backpropagation-through-time equations;
it reads only what rnn_forward recorded.
"""

from dataclasses import dataclass

import numpy as np

from .shared_backward import (
    CellBackward,
    CellGradients,
    backward_order,
    blocks,
    check_arriving,
    input_side,
    lifted,
    recurrent_side,
    require_matching_lead,
    vector_product,
)
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


def rnn_backward(weights: CellWeights, trace: RNNTrace, d_h, *, parameters=True) -> CellBackward:
    """Backpropagation through time for one tanh RNN cell, from its trace alone.

    d_h (T, *lead, H): the gradient arriving at each recorded h_t from outside the cell. Returns
    d loss / d the weights (unless parameters=False), x, h0 and every state h_t.

    Backward equations, step t, visited in the opposite order to the forward; tanh' = 1 - h^2
    from the recorded state:
        dh       = d_h[t] + (d h_prev of the step after t)
        d a      = dh * (1 - h_t^2)
        d h_prev = d a W_hh                     (so dh shrinks or grows by diag(1 - h^2) W_hh a step)
    After the loop (shared_backward): d W_ih = sum d a^T x, d W_hh = sum d a^T h_prev, d b_ih =
    d b_hh = sum d a, d x = d a W_ih.
    """
    d_h = check_arriving(d_h, trace.h)
    T, lead, H = d_h.shape[0], d_h.shape[1:-1], weights.hidden_size
    require_matching_lead(lead, trace.h, parameters)
    v = blocks(T, lead, {"dh": H, "d_a": H})
    h = lifted(trace.h, lead)
    np.multiply(h, h, out=v["d_a"])
    np.subtract(1.0, v["d_a"], out=v["d_a"])  # tanh' = 1 - h^2, which the loop scales in place by dh
    W_hh = weights.W_hh
    dot, add, multiply = vector_product(lead), np.add, np.multiply
    carry = np.zeros((*lead, H))
    fields = (d_h, v["dh"], v["d_a"])
    for d_h_t, dh, d_a in zip(*(backward_order(field, trace.reverse) for field in fields)):
        add(d_h_t, carry, dh)
        multiply(dh, d_a, d_a)
        dot(d_a, W_hh, carry)
    params = None
    if parameters:
        W_ih_grad, b_ih = input_side([v["d_a"]], trace.x, weights.b_ih)
        W_hh_grad, b_hh = recurrent_side([(v["d_a"], trace.h_prev)], weights.b_hh)
        params = CellGradients(W_ih=W_ih_grad, W_hh=W_hh_grad, b_ih=b_ih, b_hh=b_hh)
    return CellBackward(params=params, x=v["d_a"] @ weights.W_ih, h0=carry, h=v["dh"])
