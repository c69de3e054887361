"""Plain (Elman) recurrent network with tanh: one layer in one direction, recorded step by step.

Source: the PyTorch `torch.nn.RNN` documentation (nonlinearity="tanh"); Elman 1990, "Finding
structure in time".

Read rnn_step first: it is the definition, the equation below in code. rnn_forward is an
optimisation of running rnn_step over a sequence (tests/cells/test_fast_loops.py holds
the two equal).

Equation (x_t (I,), h_prev (H,), or with a leading batch axis; W_ih (H, I), W_hh (H, H); b_ih,
b_hh (H,), either may be absent)
    h_t = tanh(W_ih x_t + b_ih + W_hh h_prev + b_hh)
Its Jacobian d h_t / d h_prev = diag(1 - h_t^2) W_hh is applied at every step, which is why its
gradients vanish or explode over long sequences.

Backward: rnn_backward (below rnn_forward) holds the backpropagation-through-time equations;
it reads only what rnn_forward recorded.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..reprs import trace_repr
from .activations import tanh
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


class RNNStep(NamedTuple):
    """What one RNN step computes: RNNTrace's per-step fields, (H,) each, or (B, H) for a batch."""

    a: np.ndarray
    h: np.ndarray


def rnn_step(weights: CellWeights, x_t, h_prev) -> RNNStep:
    """One tanh RNN step, the definition: x_t (I,) and h_prev (H,), or a batch (B, I) and (B, H)."""
    [W_ih], [W_hh] = weights.blocks("W_ih"), weights.blocks("W_hh")  # (H, I), (H, H)
    [b_ih], [b_hh] = weights.blocks("b_ih"), weights.blocks("b_hh")  # (H,) each; zeros if absent

    a = (x_t @ W_ih.T + b_ih) + (h_prev @ W_hh.T + b_hh)  # (H,), or (B, H) for a batch
    h = tanh(a)  # the new state: what came in and what was, mixed and squashed into [-1, 1]
    return RNNStep(a, h)


@dataclass(frozen=True, eq=False)
class RNNTrace:
    """x (T, I); h_prev, a (the pre-activation) and h, (T, H) each ((T, B, H) for a batch), in
    input-time order. Each step's fields are those of rnn_step's RNNStep."""

    x: np.ndarray
    h_prev: np.ndarray
    a: np.ndarray
    h: np.ndarray
    reverse: bool = False

    __repr__ = trace_repr  # one line: sizes and direction; never the arrays


def rnn_forward(weights: CellWeights, x, h0, *, reverse=False) -> RNNTrace:
    """Run one tanh RNN cell over x (T, I) or (T, B, I) from h0: rnn_step over time, made lean
    as gru_forward is (one input product up front, the bias in the recurrent product)."""
    H = weights.hidden_size
    W_ih_T, W_aug = weights.prepared(("rnn_forward",), prepare_rnn)
    block, v = allocate(x.shape[0], x.shape[1:-1], {"gi": H, "a": H, "h": H, "h_prev": H})
    np.matmul(x, W_ih_T, out=v["gi"])
    if weights.b_ih is not None:
        v["gi"] += weights.b_ih
    dot = product(x)
    h_aug = with_one(h0)
    for gi, a, h, h_aug_new in zip(*(v[k][::-1] if reverse else v[k] for k in ("gi", "a", "h", "h_aug"))):
        dot(h_aug, W_aug, a)
        a += gi
        tanh(a, h)
        h_aug = h_aug_new
    h_prev = fill_previous(v["h_prev"], v["h"], h0, reverse)
    return RNNTrace(x=x, h_prev=h_prev, a=v["a"], h=v["h"], reverse=reverse)


def prepare_rnn(weights):
    """The matrices rnn_forward multiplies: W_ih.T, and W_hh.T with b_hh as a last row."""
    return np.ascontiguousarray(weights.W_ih.T), augmented(weights.W_hh, weights.b_hh)


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
