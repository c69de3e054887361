"""Gated Recurrent Unit: one layer in one direction, with every gate recorded at every step.

Sources: Cho et al. 2014, "Learning Phrase Representations using RNN Encoder-Decoder" (eq. 5-8);
the PyTorch `torch.nn.GRU` documentation; the Keras `keras.layers.GRU` documentation.

Read gru_step first: it is the definition, the equations below in code. gru_forward, which the
app and the trainer run, is an optimisation of running gru_step over a sequence, and
tests/cells/test_fast_loops.py holds the two equal.

Notation (the code's own names)
    x_t                   input at step t, (I,)
    h_prev                h_{t-1}, the state before step t, (H,)
    W_ir, W_iz, W_in      input weights of the reset gate, update gate and candidate, (H, I) each,
                          stacked by row as W_ih (3H, I) in PyTorch's order r, z, n (n is h~)
    W_hr, W_hz, W_hn      recurrent weights, (H, H) each, stacked as W_hh (3H, H)
    b_ir ... b_hn         input and recurrent biases, (H,) each; either set may be absent
    The seed writes W_r [h_{t-1}, x_t] with W_r = [W_hr | W_ir] of shape (H, H + I): the same
    numbers, split by what they multiply.
    A batch adds a leading axis: x_t (B, I), h_prev (B, H).

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
sigmoid is activations.sigmoid, precise for small gates too (z = 4.2e-18 at a = -40, not 0).

Backward: gru_backward (below gru_forward) holds the backpropagation-through-time equations; it
reads only what gru_forward recorded.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ..conventions import RESET_POSITIONS, Z_CONVENTIONS, kept, taken
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


def check_conventions(reset, z_convention):
    """A ValueError naming the choices, unless both conventions are known."""
    if reset not in RESET_POSITIONS:
        raise ValueError(f"reset must be one of {RESET_POSITIONS}, got {reset!r}")
    if z_convention not in Z_CONVENTIONS:
        raise ValueError(f"z_convention must be one of {Z_CONVENTIONS}, got {z_convention!r}")


class GRUStep(NamedTuple):
    """What one GRU step computes: GRUTrace's per-step fields, (H,) each, or (B, H) for a batch."""

    a_r: np.ndarray
    a_z: np.ndarray
    r: np.ndarray
    z: np.ndarray
    h_tilde_rec: np.ndarray
    a_h_tilde: np.ndarray
    h_tilde: np.ndarray
    h: np.ndarray


def gru_step(weights: CellWeights, x_t, h_prev, *, reset, z_convention) -> GRUStep:
    """One GRU step, the definition: the module docstring's equations, line for line.

    x_t (I,) and h_prev (H,), or a batch: (B, I) and (B, H). `reset` is "before" or "after",
    `z_convention` "takes_new" or "keeps_old" (see the module docstring).
    """
    check_conventions(reset, z_convention)
    W_ir, W_iz, W_in = weights.blocks("W_ih")  # (H, I) each
    W_hr, W_hz, W_hn = weights.blocks("W_hh")  # (H, H) each
    b_ir, b_iz, b_in = weights.blocks("b_ih")  # (H,) each; zeros if the cell has no such bias
    b_hr, b_hz, b_hn = weights.blocks("b_hh")

    a_r = (x_t @ W_ir.T + b_ir) + (h_prev @ W_hr.T + b_hr)  # (H,), or (B, H) for a batch
    r = sigmoid(a_r)  # reset gate: how much of the past the candidate may see
    a_z = (x_t @ W_iz.T + b_iz) + (h_prev @ W_hz.T + b_hz)
    z = sigmoid(a_z)  # update gate: how much of the state to replace (keeps_old: to keep)
    if reset == "before":  # r hides part of the past before W_hn reads it
        h_tilde_rec = (r * h_prev) @ W_hn.T + b_hn
        a_h_tilde = (x_t @ W_in.T + b_in) + h_tilde_rec
    else:  # W_hn reads the whole past; r scales what it made of it
        h_tilde_rec = h_prev @ W_hn.T + b_hn
        a_h_tilde = (x_t @ W_in.T + b_in) + r * h_tilde_rec
    h_tilde = tanh(a_h_tilde)  # candidate: a new state proposed from x_t and the past r lets in
    if z_convention == "takes_new":
        h = (1 - z) * h_prev + z * h_tilde  # z is the share of the candidate taken
    else:
        h = z * h_prev + (1 - z) * h_tilde  # z is the share of the old state kept
    return GRUStep(a_r, a_z, r, z, h_tilde_rec, a_h_tilde, h_tilde, h)


@dataclass(frozen=True, eq=False)
class GRUTrace:
    """Everything one GRU cell computed, in input-time order (index t is the step that read x_t,
    also for a cell that runs backwards over time). Shapes are (T, H) unless noted; a batched run
    puts the batch axis second, (T, B, H). Each step's fields are those of gru_step's GRUStep.

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

    __repr__ = trace_repr  # one line: sizes, direction, conventions; never the arrays

    @property
    def keep(self) -> np.ndarray:
        """The share of h_{t-1} each unit keeps at each step: 1 - z (takes_new) or z (keeps_old)."""
        return read_only(kept(self.z, self.z_convention))

    @property
    def take(self) -> np.ndarray:
        """The share of h~_t each unit takes at each step: z (takes_new) or 1 - z (keeps_old); keep + take == 1."""
        return read_only(taken(self.z, self.z_convention))


def read_only(array):
    """`array`, marked read-only like every array of a trace."""
    array.flags.writeable = False
    return array


def gru_forward(weights: CellWeights, x, h0, *, reset, z_convention, reverse=False) -> GRUTrace:
    """Run one GRU cell over x (T, I) or a batch (T, B, I) from h0 (H,) or (B, H), recording all.

    The definition is gru_step: this gives the trace that running gru_step over x step by step
    would (from the last step back with reverse=True), to rounding; tests/cells/test_fast_loops.py
    holds the two within 1e-15. It is an optimisation of that loop, because every rerun of the app
    runs it (about a dozen NumPy calls a step):
    - the input parts of all gates come from one matrix product up front;
    - recurrent biases ride in the matrix product (see storage.py), and each step writes straight
      into its row of one preallocated block;
    - one call of the same sigmoid as gru_step's gives r and z together.
    """
    check_conventions(reset, z_convention)
    H = weights.hidden_size
    W_ih_T, W_aug, W_hn_aug = weights.prepared(("gru_forward", reset), lambda w: prepare_gru(w, reset))
    block, v = allocate(x.shape[0], x.shape[1:-1], {
        "gi_rz": 2 * H, "gi_h": H, "a_rz": 2 * H, "rz": 2 * H, "gh": 3 * H,
        "a_h_tilde": H, "h_tilde": H, "h": H, "h_prev": H,
    })
    gi = block[..., : 3 * H]  # gi_rz and gi_h side by side: W_i* x_t + b_i* for every step
    np.matmul(x, W_ih_T, out=gi)
    if weights.b_ih is not None:
        gi += weights.b_ih
    if reset == "before":
        rh_aug = with_one(np.zeros_like(h0))  # [r * h_prev, 1]
        rh = rh_aug[..., :H]
    step_up, spare = np.empty_like(h0), np.empty((*h0.shape[:-1], 2 * H))
    h_prev, h_aug = h0, with_one(h0)
    fields = {
        "gi_rz": v["gi_rz"], "gi_h": v["gi_h"], "a_rz": v["a_rz"], "rz": v["rz"],
        "r": v["rz"][..., :H], "z": v["rz"][..., H:], "gh": v["gh"], "gh_rz": v["gh"][..., : 2 * H],
        "rec": v["gh"][..., 2 * H :], "a_h_tilde": v["a_h_tilde"], "h_tilde": v["h_tilde"], "h": v["h"],
        "h_aug": v["h_aug"],
    }
    rows = zip(*(field[::-1] if reverse else field for field in fields.values()))
    # Local names: each global lookup costs as much as a small array operation here.
    dot, add, subtract, multiply = product(x), np.add, np.subtract, np.multiply
    after, takes_new = reset == "after", z_convention == "takes_new"

    for gi_rz, gi_h, a_rz, rz, r, z, gh, gh_rz, rec, a_h_tilde, h_tilde, h, h_aug_new in rows:
        if after:
            dot(h_aug, W_aug, gh)  # W_h* h_prev + b_h* for all three blocks
            add(gi_rz, gh_rz, a_rz)
        else:
            dot(h_aug, W_aug, a_rz)
            a_rz += gi_rz
        sigmoid(a_rz, rz, spare)  # r in the first H, z in the second
        if after:
            multiply(r, rec, a_h_tilde)  # r scales the recurrent part of the candidate
            a_h_tilde += gi_h
        else:
            multiply(r, h_prev, rh)  # r hides part of the past first
            dot(rh_aug, W_hn_aug, rec)
            add(gi_h, rec, a_h_tilde)
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
    """The matrices gru_forward multiplies: W_ih.T, and the recurrent weights with their biases
    as a last row (storage.augmented). reset="after": one product a step gives W_hr, W_hz and W_hn
    h_prev together; reset="before": W_hr, W_hz on h_prev, then W_hn on r * h_prev."""
    H, b_hh = weights.hidden_size, weights.b_hh
    W_ih_T = np.ascontiguousarray(weights.W_ih.T)
    if reset == "after":
        return W_ih_T, augmented(weights.W_hh, b_hh), None
    W_rz_aug = augmented(weights.W_hh[: 2 * H], None if b_hh is None else b_hh[: 2 * H])
    W_hn_aug = augmented(weights.W_hh[2 * H :], None if b_hh is None else b_hh[2 * H :])
    return W_ih_T, W_rz_aug, W_hn_aug


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
