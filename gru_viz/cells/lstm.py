"""Long Short-Term Memory: one layer in one direction, every gate recorded at every step.

Source: the PyTorch `torch.nn.LSTM` documentation (gate order i, f, g, o), after Hochreiter and
Schmidhuber 1997 with the forget gate of Gers et al. 2000.

Read lstm_step first: it is the definition, the equations below in code. lstm_forward is an
optimisation of running lstm_step over a sequence (tests/cells/test_fast_loops.py holds
the two equal).

Notation: x_t (I,), h_prev and c_prev (H,), or with a leading batch axis (B, I), (B, H); W_ih (4H, I)
and W_hh (4H, H) stack the blocks W_ii, W_if, W_ig, W_io and W_hi, W_hf, W_hg, W_ho of the input
gate i, forget gate f, cell candidate g and output gate o; b_ih, b_hh (4H,), either may be absent.

Equations
    i_t = sigmoid(W_ii x_t + b_ii + W_hi h_prev + b_hi)     how much of the candidate to write
    f_t = sigmoid(W_if x_t + b_if + W_hf h_prev + b_hf)     how much of the old cell to keep
    g_t = tanh(W_ig x_t + b_ig + W_hg h_prev + b_hg)        the cell candidate
    o_t = sigmoid(W_io x_t + b_io + W_ho h_prev + b_ho)     how much of the cell to show
    c_t = f_t * c_prev + i_t * g_t
    h_t = o_t * tanh(c_t)
An LSTM carries two vectors from step to step (h and c); a GRU carries one. sigmoid is
activations.sigmoid, precise for small gates too.

Backward: lstm_backward (below lstm_forward) holds the backpropagation-through-time equations;
it reads only what lstm_forward recorded.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..reprs import trace_repr
from .activations import sigmoid, tanh
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


class LSTMStep(NamedTuple):
    """What one LSTM step computes: LSTMTrace's per-step fields, (H,) each but a (4H,), with a
    leading batch axis for a batch."""

    a: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    c_tanh: np.ndarray
    h: np.ndarray


def lstm_step(weights: CellWeights, x_t, h_prev, c_prev) -> LSTMStep:
    """One LSTM step, the definition: the module docstring's equations, line for line.

    x_t (I,), h_prev and c_prev (H,), or a batch: (B, I), (B, H) and (B, H).
    """
    W_ii, W_if, W_ig, W_io = weights.blocks("W_ih")  # (H, I) each
    W_hi, W_hf, W_hg, W_ho = weights.blocks("W_hh")  # (H, H) each
    b_ii, b_if, b_ig, b_io = weights.blocks("b_ih")  # (H,) each; zeros if the cell has no such bias
    b_hi, b_hf, b_hg, b_ho = weights.blocks("b_hh")

    a_i = (x_t @ W_ii.T + b_ii) + (h_prev @ W_hi.T + b_hi)  # (H,), or (B, H) for a batch
    a_f = (x_t @ W_if.T + b_if) + (h_prev @ W_hf.T + b_hf)
    a_g = (x_t @ W_ig.T + b_ig) + (h_prev @ W_hg.T + b_hg)
    a_o = (x_t @ W_io.T + b_io) + (h_prev @ W_ho.T + b_ho)
    i = sigmoid(a_i)  # input gate: how much of the candidate to write
    f = sigmoid(a_f)  # forget gate: how much of the old cell to keep
    g = tanh(a_g)  # cell candidate: what could be written
    o = sigmoid(a_o)  # output gate: how much of the cell to show
    c = f * c_prev + i * g
    c_tanh = tanh(c)
    h = o * c_tanh
    a = np.concatenate([a_i, a_f, a_g, a_o], axis=-1)  # (4H,): PyTorch's order, as the trace keeps it
    return LSTMStep(a, i, f, g, o, c, c_tanh, h)


@dataclass(frozen=True, eq=False)
class LSTMTrace:
    """One LSTM cell's record in input-time order; (T, H) each unless noted, (T, B, H) for a batch.

    x (T, I); h_prev, c_prev: the states the step started from; a (T, 4H): pre-activations of
    i, f, g, o; i, f, g, o: the gates; c: the cell state; c_tanh: tanh(c_t); h: the new state.
    Each step's fields are those of lstm_step's LSTMStep.
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

    __repr__ = trace_repr  # one line: sizes and direction; never the arrays


def lstm_forward(weights: CellWeights, x, h0, c0, *, reverse=False) -> LSTMTrace:
    """Run one LSTM cell over x (T, I) or (T, B, I) from (h0, c0), recording every gate.

    The definition is lstm_step; this is the same arithmetic over a whole sequence, made lean
    as gru_forward is (one input product up front, the recurrent bias in the recurrent product,
    every step writing into one preallocated block). One sigmoid call covers all four blocks and
    tanh then overwrites g's block: cheaper than three sigmoid calls on i, f and o apart.
    """
    H = weights.hidden_size
    W_ih_T, W_aug = weights.prepared(("lstm_forward",), prepare_lstm)
    block, v = allocate(x.shape[0], x.shape[1:-1], {
        "gi": 4 * H, "a": 4 * H, "gates": 4 * H, "c": H, "c_tanh": H, "h": H, "h_prev": H, "c_prev": H,
    })
    np.matmul(x, W_ih_T, out=v["gi"])
    if weights.b_ih is not None:
        v["gi"] += weights.b_ih
    gates = v["gates"]
    i, f, g, o = (gates[..., k * H : (k + 1) * H] for k in range(4))
    fields = (v["gi"], v["a"], v["a"][..., 2 * H : 3 * H], gates, i, f, g, o, v["c"], v["c_tanh"], v["h"],
              v["h_aug"])
    rows = zip(*(field[::-1] if reverse else field for field in fields))
    dot, multiply = product(x), np.multiply  # local names: a global lookup costs as much as a small op here
    written, spare = np.empty_like(h0), np.empty((*h0.shape[:-1], 4 * H))
    h_aug, c_prev = with_one(h0), c0

    for gi, a, a_g, gates_t, i_t, f_t, g_t, o_t, c, c_tanh, h, h_aug_new in rows:
        dot(h_aug, W_aug, a)
        a += gi
        sigmoid(a, gates_t, spare)  # i, f and o (and g's block, overwritten next)
        tanh(a_g, g_t)
        multiply(f_t, c_prev, c)  # keep some of the old cell
        multiply(i_t, g_t, written)  # write some of the candidate
        c += written
        tanh(c, c_tanh)
        multiply(o_t, c_tanh, h)  # show some of the cell
        h_aug, c_prev = h_aug_new, c

    return LSTMTrace(
        x=x,
        h_prev=fill_previous(v["h_prev"], v["h"], h0, reverse),
        c_prev=fill_previous(v["c_prev"], v["c"], c0, reverse),
        a=v["a"],
        i=i,
        f=f,
        g=g,
        o=o,
        c=v["c"],
        c_tanh=v["c_tanh"],
        h=v["h"],
        reverse=reverse,
    )


def prepare_lstm(weights):
    """The matrices lstm_forward multiplies: W_ih.T, and W_hh.T with b_hh as a last row."""
    return np.ascontiguousarray(weights.W_ih.T), augmented(weights.W_hh, weights.b_hh)


def lstm_backward(weights: CellWeights, trace: LSTMTrace, d_h, d_c_last=None, *, parameters=True) -> CellBackward:
    """Backpropagation through time for one LSTM cell, from its trace alone.

    d_h (T, *lead, H): the gradient arriving at each recorded h_t from outside the cell; d_c_last
    (*lead, H): the gradient arriving at the final cell state (the network's c_n), or None. Returns
    d loss / d the weights (unless parameters=False), x, h0, c0 and every state (h_t, c_t).

    Backward equations, step t, visited in the opposite order to the forward; derivatives from
    the recorded gates (sigmoid' = i (1 - i), tanh' = 1 - g^2, 1 - c_tanh^2), no pre-activation
    recomputed; the factors that do not depend on dh or dc are filled in before the loop, as in
    gru_backward:
        dh     = d_h[t] + (d h_prev of the step after t)
        dc     = (d c_prev of the step after t, or d_c_last) + dh * o * (1 - c_tanh^2)
        d a_i  = dc * g * i (1 - i)             d a_f = dc * c_prev * f (1 - f)
        d a_g  = dc * i * (1 - g^2)             d a_o = dh * c_tanh * o (1 - o)
        d c_prev = dc * f                       d h_prev = d a W_hh
    After the loop (shared_backward): d W_ih = sum d a^T x, d W_hh = sum d a^T h_prev, d b_ih =
    d b_hh = sum d a, d x = d a W_ih.
    """
    d_h = check_arriving(d_h, trace.h)
    T, lead, H = d_h.shape[0], d_h.shape[1:-1], weights.hidden_size
    require_matching_lead(lead, trace.h, parameters)
    v = blocks(T, lead, {"dh": H, "dc": H, "d_a": 4 * H})
    d_a = v["d_a"].reshape(*v["d_a"].shape[:-1], 4, H)
    d_a_i, d_a_f, d_a_g, d_a_o = (d_a[..., k, :] for k in range(4))
    # Before the loop: the factors per unit of dc (i, f, g blocks) and of dh (o block), written into
    # the rows the loop then scales in place, and d h / d c within a step.
    i, f, g, o, c_tanh, c_prev = (lifted(a, lead) for a in (trace.i, trace.f, trace.g, trace.o, trace.c_tanh,
                                                             trace.c_prev))
    np.subtract(1.0, i, out=d_a_i)
    d_a_i *= i
    d_a_i *= g
    np.subtract(1.0, f, out=d_a_f)
    d_a_f *= f
    d_a_f *= c_prev
    np.multiply(g, g, out=d_a_g)
    np.subtract(1.0, d_a_g, out=d_a_g)
    d_a_g *= i
    np.subtract(1.0, o, out=d_a_o)
    d_a_o *= o
    d_a_o *= c_tanh
    to_c = 1.0 - trace.c_tanh**2
    to_c *= trace.o
    W_hh = weights.W_hh
    dot, add, multiply = vector_product(lead), np.add, np.multiply
    carry_h = np.zeros((*lead, H))
    carry_c = np.zeros((*lead, H)) if d_c_last is None else np.array(np.broadcast_to(d_c_last, (*lead, H)))
    through_h = np.empty((*lead, H))

    def visit(*fields):
        return zip(*(backward_order(field, trace.reverse) for field in fields))

    for d_h_t, dh, dc, dc_col, d_a_ifg, d_a_o_t, d_a_t, to_c_t, f_t in visit(
        d_h, v["dh"], v["dc"], v["dc"][..., None, :], d_a[..., :3, :], d_a_o, v["d_a"], to_c, trace.f,
    ):
        add(d_h_t, carry_h, dh)
        multiply(dh, to_c_t, through_h)
        add(carry_c, through_h, dc)  # the cell state reaches the loss directly and through h_t
        multiply(dc_col, d_a_ifg, d_a_ifg)
        multiply(dh, d_a_o_t, d_a_o_t)
        multiply(dc, f_t, carry_c)  # the forget gate decides how much of dc reaches c_prev
        dot(d_a_t, W_hh, carry_h)

    # c[t], with h_t held fixed: what the step after t sent back (dc * f there), d_c_last at the end
    after = v["dc"] * f
    c_states = np.empty_like(after)
    last = 0 if trace.reverse else T - 1
    c_states[last] = 0.0 if d_c_last is None else d_c_last
    if trace.reverse:
        c_states[1:] = after[:-1]
    else:
        c_states[:-1] = after[1:]
    params = None
    if parameters:
        W_ih_grad, b_ih = input_side([v["d_a"]], trace.x, weights.b_ih)
        W_hh_grad, b_hh = recurrent_side([(v["d_a"], trace.h_prev)], weights.b_hh)
        params = CellGradients(W_ih=W_ih_grad, W_hh=W_hh_grad, b_ih=b_ih, b_hh=b_hh)
    return CellBackward(params=params, x=v["d_a"] @ weights.W_ih, h0=carry_h, h=v["dh"], c0=carry_c, c=c_states)
