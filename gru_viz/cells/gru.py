"""Gated Recurrent Unit: one layer in one direction, with every gate recorded at every step.

Sources: Cho et al. 2014, "Learning Phrase Representations using RNN Encoder-Decoder" (eq. 5-8);
the PyTorch `torch.nn.GRU` documentation; the Keras `keras.layers.GRU` documentation.

Notation (the code's own names)
    x_t                   input at step t, (I,)
    h_prev                h_{t-1}, the state before step t, (H,)
    W_ir, W_iz, W_in      input weights of the reset gate, update gate and candidate, (H, I) each,
                          stacked by row as W_ih (3H, I) in PyTorch's order r, z, n (n is h~)
    W_hr, W_hz, W_hn      recurrent weights, (H, H) each, stacked as W_hh (3H, H)
    b_ir ... b_hn         input and recurrent biases, (H,) each; either set may be absent
    The seed writes W_r [h_{t-1}, x_t] with W_r = [W_hr | W_ir] of shape (H, H + I): the same
    numbers, split by what they multiply.

Equations
    r_t       = sigmoid(W_ir x_t + b_ir + W_hr h_prev + b_hr)              reset gate
    z_t       = sigmoid(W_iz x_t + b_iz + W_hz h_prev + b_hz)              update gate
  reset="before"  (the seed form, Cho et al. 2014, Keras reset_after=False):
    h_tilde_t = tanh(W_in x_t + b_in + W_hn (r_t * h_prev) + b_hn)
  reset="after"   (PyTorch nn.GRU, Keras reset_after=True, the default):
    h_tilde_t = tanh(W_in x_t + b_in + r_t * (W_hn h_prev + b_hn))
  z_convention="takes_new"  (the seed's): h_t = (1 - z_t) * h_prev + z_t * h_tilde_t
  z_convention="keeps_old"  (Cho et al., PyTorch, Keras): h_t = z_t * h_prev + (1 - z_t) * h_tilde_t

The two z conventions describe the same family of functions (1 - sigmoid(a) = sigmoid(-a)); the two
reset positions do not, which is why a model carries its reset position as part of what it is.

Backward: gru_backward (below gru_forward) holds the backpropagation-through-time equations; it
reads only what gru_forward recorded.
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

RESET_POSITIONS = ("before", "after")
Z_CONVENTIONS = ("takes_new", "keeps_old")


@dataclass(frozen=True, eq=False)
class GRUTrace:
    """Everything one GRU cell computed, in input-time order (index t is the step that read x_t,
    also for a cell that runs backwards over time). Shapes are (T, H) unless noted; a batched run
    puts the batch axis second, (T, B, H).

    x            (T, I) the inputs
    h_prev       h_{t-1}: the state the step started from (h0 at the first step)
    a_r, a_z     pre-activations of the reset and update gates
    r, z         the gates, in [0, 1]
    h_tilde_rec  the recurrent part of the candidate's pre-activation: W_hn h_prev + b_hn
                 (reset="after", r multiplies it) or W_hn (r * h_prev) + b_hn (reset="before")
    a_h_tilde    the candidate's pre-activation
    h_tilde      the candidate, in [-1, 1]
    h            the new state h_t
    """

    x: np.ndarray
    h_prev: np.ndarray
    a_r: np.ndarray
    a_z: np.ndarray
    r: np.ndarray
    z: np.ndarray
    h_tilde_rec: np.ndarray
    a_h_tilde: np.ndarray
    h_tilde: np.ndarray
    h: np.ndarray
    reset: str
    z_convention: str
    reverse: bool = False


def gru_forward(weights: CellWeights, x, h0, *, reset, z_convention, reverse=False) -> GRUTrace:
    """Run one GRU cell over x (T, I) or a batch (T, B, I) from h0 (H,) or (B, H), recording all.

    Every rerun of the app runs this, so the loop is lean (about a dozen NumPy calls a step):
    - the input parts of all gates come from one matrix product up front;
    - sigmoid(a) = (1 + tanh(a / 2)) / 2: one tanh, no overflow for any a. Halving the r and z
      rows of the weights up front is exact in binary floating point, so the products give a / 2
      directly, and a is recovered exactly (times 2) after the loop;
    - recurrent biases ride in the matrix product (see storage.py), and each step writes straight
      into its row of one preallocated block.
    """
    if reset not in RESET_POSITIONS:
        raise ValueError(f"reset must be one of {RESET_POSITIONS}, got {reset!r}")
    if z_convention not in Z_CONVENTIONS:
        raise ValueError(f"z_convention must be one of {Z_CONVENTIONS}, got {z_convention!r}")
    H = weights.hidden_size
    W_ih_T, b_ih, W_aug, W_hn_aug, half = weights.prepared(("gru", reset), lambda w: prepare_gru(w, reset))
    block, v = allocate(x.shape[0], x.shape[1:-1], {
        "gi_rz": 2 * H, "gi_h": H, "a_rz": 2 * H, "rz": 2 * H, "gh": 3 * H,
        "a_h_tilde": H, "h_tilde": H, "h": H, "h_prev": H,
    })
    gi = block[..., : 3 * H]  # gi_rz and gi_h side by side: W_i* x_t + b_i* for every step
    np.matmul(x, W_ih_T, out=gi)
    if b_ih is not None:
        gi += b_ih
    if reset == "before":
        rh_aug = with_one(np.zeros_like(h0))  # [r * h_prev, 1]
    step_up = np.empty_like(h0)
    h_prev, h_aug = h0, with_one(h0)
    fields = {
        "gi_rz": v["gi_rz"], "gi_h": v["gi_h"], "half_a": v["a_rz"], "gates": v["rz"],
        "r": v["rz"][..., :H], "z": v["rz"][..., H:], "gh": v["gh"], "gh_rz": v["gh"][..., : 2 * H],
        "rec": v["gh"][..., 2 * H :], "a_h_tilde": v["a_h_tilde"], "h_tilde": v["h_tilde"], "h": v["h"],
        "h_aug": v["h_aug"],
    }
    rows = zip(*(field[::-1] if reverse else field for field in fields.values()))
    # Local names: each global lookup costs as much as a small array operation here.
    dot, add, subtract, multiply, tanh = product(x), np.add, np.subtract, np.multiply, np.tanh
    after, takes_new = reset == "after", z_convention == "takes_new"

    for gi_rz, gi_h, half_a, gates, r, z, gh, gh_rz, rec, a_h_tilde, h_tilde, h, h_aug_new in rows:
        if after:
            dot(h_aug, W_aug, gh)  # W_h* h_prev + b_h* for all three blocks
            add(gi_rz, gh_rz, half_a)  # a / 2 for r and z
        else:
            dot(h_aug, W_aug, half_a)
            half_a += gi_rz
        tanh(half_a, gates)
        gates *= half
        gates += half  # = sigmoid(a): r in the first H, z in the second
        if after:
            multiply(r, rec, a_h_tilde)  # r scales the recurrent part of the candidate
        else:
            multiply(r, h_prev, rh_aug[..., :H])  # r hides part of the past first
            dot(rh_aug, W_hn_aug, rec)
            a_h_tilde[...] = rec
        a_h_tilde += gi_h
        tanh(a_h_tilde, h_tilde)
        if takes_new:  # h = (1 - z) * h_prev + z * h_tilde
            subtract(h_tilde, h_prev, step_up)
            step_up *= z
            add(h_prev, step_up, h)
        else:  # h = z * h_prev + (1 - z) * h_tilde, in PyTorch's operation order
            subtract(h_prev, h_tilde, step_up)
            step_up *= z
            add(h_tilde, step_up, h)
        h_prev, h_aug = h, h_aug_new

    v["a_rz"] *= 2.0  # exact: undoes the halving
    return GRUTrace(
        x=x,
        h_prev=fill_previous(v["h_prev"], v["h"], h0, reverse),
        a_r=v["a_rz"][..., :H],
        a_z=v["a_rz"][..., H:],
        r=v["rz"][..., :H],
        z=v["rz"][..., H:],
        h_tilde_rec=v["gh"][..., 2 * H :],
        a_h_tilde=v["a_h_tilde"],
        h_tilde=v["h_tilde"],
        h=v["h"],
        reset=reset,
        z_convention=z_convention,
        reverse=reverse,
    )



def prepare_gru(weights, reset):
    """The matrices the loop multiplies, r and z rows halved (exact; see gru_forward)."""
    H = weights.hidden_size
    halve = np.repeat([0.5, 0.5, 1.0], H)
    W_ih_T = np.ascontiguousarray((weights.W_ih * halve[:, None]).T)
    b_ih = None if weights.b_ih is None else weights.b_ih * halve
    b_hh = None if weights.b_hh is None else weights.b_hh * halve
    if reset == "after":  # one product a step: W_hr, W_hz and W_hn h_prev (+ b_hh) together
        return W_ih_T, b_ih, augmented(weights.W_hh * halve[:, None], b_hh), None, halve[: 2 * H]
    # reset before: W_hr, W_hz on h_prev; then W_hn on r * h_prev (+ b_hn)
    W_rz_aug = augmented(weights.W_hh[: 2 * H] * 0.5, None if b_hh is None else b_hh[: 2 * H])
    W_hn_aug = augmented(weights.W_hh[2 * H :], None if b_hh is None else b_hh[2 * H :])
    return W_ih_T, b_ih, W_rz_aug, W_hn_aug, halve[: 2 * H]


def gru_backward(weights: CellWeights, trace: GRUTrace, d_h, *, parameters=True) -> CellBackward:
    """Backpropagation through time for one GRU cell, from its trace alone.

    d_h (T, *lead, H) is the gradient arriving at each recorded state h_t from outside the cell
    (the loss, the layer above, h_n); see shared_backward for `lead`. Returns d loss / d the
    weights (unless parameters=False), x, h0 and every state h_t.

    Backward equations, step t, visited in the opposite order to the forward (takes_new; keeps_old
    swaps z and 1 - z). Gate derivatives come from the recorded gates: sigmoid' = r (1 - r),
    tanh' = 1 - h_tilde^2; no pre-activation is recomputed.
        dh           = d_h[t] + (d h_prev of the step after t)
        d a_h_tilde  = dh * z * (1 - h_tilde^2)
        d a_z        = dh * (h_tilde - h_prev) * z (1 - z)
      reset="after":
        d rec        = d a_h_tilde * r                 rec = h_tilde_rec = W_hn h_prev + b_hn
        d a_r        = d a_h_tilde * rec * r (1 - r)
        d h_prev     = dh * (1 - z) + [d a_r, d a_z, d rec] W_hh
      reset="before":
        d rh         = d a_h_tilde W_hn                rh = r * h_prev
        d a_r        = d rh * h_prev * r (1 - r)
        d h_prev     = dh * (1 - z) + d rh * r + [d a_r, d a_z] [W_hr; W_hz]
    After the loop (shared_backward): d W_ih, d b_ih and d x from d a_r, d a_z, d a_h_tilde;
    d W_hh, d b_hh from d a_r, d a_z with h_prev, and d rec with h_prev (reset="after") or
    d a_h_tilde with rh (reset="before").

    Lean like the forward: every factor that does not depend on dh is read off the trace before
    the loop, for all steps at once, and written into the very rows that the loop then scales in
    place by its dh; the direct term dh * (1 - z) rides in the recurrent product as an identity
    block (as the forward's bias rides as a row of ones). A step with reset="after" is one add,
    one multiply and one product; reset="before" needs a second product, with W_hn, because r
    acts before W_hn does.
    """
    d_h = check_arriving(d_h, trace.h)
    T, lead, H = d_h.shape[0], d_h.shape[1:-1], weights.hidden_size
    require_matching_lead(lead, trace.h, parameters)
    after = trace.reset == "after"
    r, z, h_tilde, h_prev = (lifted(a, lead) for a in (trace.r, trace.z, trace.h_tilde, trace.h_prev))
    v = blocks(T, lead, {"dh": H, "g": 4 * H, "d_a_h_tilde": H, **({} if after else {"d_rh": H})})
    g = v["g"].reshape(*v["g"].shape[:-1], 4, H)  # per step, the four blocks that W_ext's rows multiply
    # after: [d a_r, d a_z, d rec, dh * direct], W_ext = [W_hr; W_hz; W_hn; I]
    # before: [d a_r, d rh * r, d a_z, dh * direct], W_ext = [W_hr; I; W_hz; I]
    d_a_r, d_a_z, direct = g[..., 0, :], g[..., 1 if after else 2, :], g[..., 3, :]
    d_a_h_tilde = v["d_a_h_tilde"]

    # Before the loop: the factors per unit of dh (of d rh for the first two blocks with reset before).
    takes_new = trace.z_convention == "takes_new"
    z_slope, r_slope = z * (1 - z), r * (1 - r)
    np.multiply(h_tilde, h_tilde, out=d_a_h_tilde)
    np.subtract(1.0, d_a_h_tilde, out=d_a_h_tilde)  # tanh' = 1 - h_tilde^2
    if takes_new:
        np.subtract(1.0, z, out=direct)
        d_a_h_tilde *= z
        np.subtract(h_tilde, h_prev, out=d_a_z)
    else:
        np.copyto(direct, z)
        np.subtract(1.0, z, out=d_a_z)
        d_a_h_tilde *= d_a_z
        np.subtract(h_prev, h_tilde, out=d_a_z)
    d_a_z *= z_slope
    if after:
        np.multiply(d_a_h_tilde, r, out=g[..., 2, :])
        np.multiply(d_a_h_tilde, lifted(trace.h_tilde_rec, lead), out=d_a_r)
        d_a_r *= r_slope
    else:
        np.multiply(h_prev, r_slope, out=d_a_r)
        np.copyto(g[..., 1, :], r)

    W_ext = weights.prepared(("gru_backward", trace.reset), lambda w: prepare_gru_backward(w, trace.reset))
    dot, add, multiply = vector_product(lead), np.add, np.multiply
    carry = np.zeros((*lead, H))  # d loss / d h_prev of the step just visited

    def visit(*fields):
        return zip(*(backward_order(field, trace.reverse) for field in fields))

    if after:
        for d_h_t, dh, dh_col, g_t, g_row in visit(d_h, v["dh"], v["dh"][..., None, :], g, v["g"]):
            add(d_h_t, carry, dh)
            multiply(dh_col, g_t, g_t)
            dot(g_row, W_ext, carry)
        d_a_h_tilde *= v["dh"]
    else:
        W_hn = np.ascontiguousarray(weights.W_hh[2 * H :])
        for d_h_t, dh, dh_col, d_ah, d_rh, d_rh_col, g_rh, g_dh, g_row in visit(
            d_h, v["dh"], v["dh"][..., None, :], d_a_h_tilde, v["d_rh"], v["d_rh"][..., None, :],
            g[..., :2, :], g[..., 2:, :], v["g"],
        ):
            add(d_h_t, carry, dh)
            multiply(dh, d_ah, d_ah)
            dot(d_ah, W_hn, d_rh)
            multiply(d_rh_col, g_rh, g_rh)
            multiply(dh_col, g_dh, g_dh)
            dot(g_row, W_ext, carry)

    gates = (d_a_r, d_a_z, d_a_h_tilde)  # the input side's gradients, PyTorch's row order r, z, n
    d_x = sum(part @ weights.W_ih[k * H : (k + 1) * H] for k, part in enumerate(gates))
    params = None
    if parameters:
        W_ih, b_ih = input_side(gates, trace.x, weights.b_ih)
        if after:
            W_hh, b_hh = recurrent_side([(v["g"][..., : 3 * H], trace.h_prev)], weights.b_hh)
        else:
            rh = trace.r * trace.h_prev
            W_hh, b_hh = recurrent_side([(d_a_r, trace.h_prev), (d_a_z, trace.h_prev), (d_a_h_tilde, rh)],
                                        weights.b_hh)
        params = CellGradients(W_ih=W_ih, W_hh=W_hh, b_ih=b_ih, b_hh=b_hh)
    return CellBackward(params=params, x=d_x, h0=carry, h=v["dh"])


def prepare_gru_backward(weights, reset):
    """The matrix each backward step multiplies: recurrent weights and identity blocks stacked by row
    (see gru_backward). reset="after": [W_hr; W_hz; W_hn; I]; reset="before": [W_hr; I; W_hz; I]."""
    H = weights.hidden_size
    W_hr, W_hz, W_hn = (weights.W_hh[k * H : (k + 1) * H] for k in range(3))
    identity = np.eye(H)
    stacked = [W_hr, W_hz, W_hn, identity] if reset == "after" else [W_hr, identity, W_hz, identity]
    return np.ascontiguousarray(np.vstack(stacked))
