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

Backward: lstm_backward (below lstm_forward) holds the backpropagation-through-time equations;
it reads only what lstm_forward recorded.
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
