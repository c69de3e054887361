"""How long a value lasts in a GRU, next to a plain RNN: keep factors, state Jacobians, resets.

    keep = trace.keep                              # (T, H): the share of h_{t-1} kept at each step
    left = survival(trace, start=3)                # (T, H): how much of h_3 each later h_t still holds
    J = step_jacobians(model.layers[0][0], trace)  # (T, H, H): d h_t / d h_{t-1}, from the trace alone
    jacobian_norms_from(J, start=3)                # (T,): || d h_t / d h_3 ||_2 for t >= 3

Survival. Unrolling h_t = keep_t * h_{t-1} + (1 - keep_t) * h~_t from step s on, the value h_s
reaches h_t multiplied by prod_{k=s+1}^{t} keep_k, unit by unit: that running product is what is
left of what the unit held at step s (its other paths, through the gates and the candidate, are
left out: they are what the Jacobian adds). A plain RNN has no such per-unit copy; the nearest
measure is the Jacobian d h_t / d h_s = prod_k diag(1 - h_k^2) W_hh, and its spectral norm says
by how much, at most, a small change of h_s still moves h_t.

The step Jacobian of a GRU (takes_new; keeps_old swaps z and 1 - z), from the recorded gates:
    d h_t / d h_{t-1} = diag(1 - z) + diag(h~ - h_{t-1}) dz + diag(z) dh~
    dz  = diag(z (1 - z)) W_hz,      dr = diag(r (1 - r)) W_hr
    dh~ = diag(1 - h~^2) W_hn (diag(r) + diag(h_{t-1}) dr)               reset before W_hn
    dh~ = diag(1 - h~^2) (diag(r) W_hn + diag(W_hn h_{t-1} + b_hn) dr)   reset after W_hn
Sources: Cho et al. 2014; Pascanu, Mikolov and Bengio 2013 for the RNN's Jacobian product.
"""

import numpy as np

from gru_viz.cells.gru import GRUTrace
from gru_viz.cells.rnn import RNNTrace
from gru_viz.cells.weights import CellWeights
from gru_viz.conventions import convention, kept, taken
from gru_viz.flow import unscaled
from gru_viz.models import GRU


def survival(trace: GRUTrace, start: int) -> np.ndarray:
    """(T, H): prod_{k=start+1}^{t} keep_k for t >= start (1 at start), NaN before start."""
    keep = trace.keep
    left = np.full(keep.shape, np.nan)
    left[start] = 1.0
    left[start + 1 :] = np.cumprod(keep[start + 1 :], axis=0)
    return left


def step_jacobians(weights: CellWeights, trace) -> np.ndarray:
    """(T, H, H): d h_t / d h_{t-1} for one forward GRU or RNN cell, from its trace (no rerun)."""
    H = weights.hidden_size
    if isinstance(trace, RNNTrace):
        return (1.0 - trace.h**2)[:, :, None] * weights.W_hh[None]  # diag(1 - h_t^2) W_hh
    if not isinstance(trace, GRUTrace):
        raise TypeError(f"step_jacobians needs a GRU or RNN trace, got {type(trace).__name__}")
    W_hr, W_hz, W_hn = weights.W_hh[:H], weights.W_hh[H : 2 * H], weights.W_hh[2 * H :]
    r, z, n, h_prev = trace.r, trace.z, trace.h_tilde, trace.h_prev  # (T, H) each
    dr = (r * (1 - r))[:, :, None] * W_hr  # (T, H, H)
    dz = (z * (1 - z))[:, :, None] * W_hz
    if trace.reset == "before":  # h~ reads W_hn (r * h_prev)
        inner = r[:, None, :] * np.eye(H) + h_prev[:, :, None] * dr  # d (r * h_prev) / d h_prev
        dn = (1 - n**2)[:, :, None] * np.matmul(W_hn, inner)
    else:  # h~ reads r * (W_hn h_prev + b_hn)
        dn = (1 - n**2)[:, :, None] * (r[:, :, None] * W_hn + trace.h_tilde_rec[:, :, None] * dr)
    # h = keep * h_prev + take * h~, and d h / d z = d keep / d z * (h_prev - h~)
    keep, take = kept(z, trace.z_convention), taken(z, trace.z_convention)
    towards = convention(trace.z_convention).kept_slope * (h_prev - n)
    direct = keep[:, :, None] * np.eye(H)
    return direct + towards[:, :, None] * dz + take[:, :, None] * dn


def jacobian_norms_from(jacobians: np.ndarray, start: int) -> np.ndarray:
    """(T,): the spectral norm of d h_t / d h_start = J_t ... J_{start+1} (1 at start, NaN before;
    inf where it passes float64's range, about 1.8e308)."""
    T, H, _ = jacobians.shape
    norms = np.full(T, np.nan)
    norms[start] = 1.0
    product, exponent = np.eye(H), 0  # the true product is product * 2**exponent
    for t in range(start + 1, T):
        product = jacobians[t] @ product
        # Large recurrent weights can grow the product by 1e5 a step: keep its largest entry near 1
        # by a power of two (exact), so 200 steps never overflow, and scale only the norm back.
        largest = np.max(np.abs(product))
        if largest > 0:
            shift = int(np.frexp(largest)[1])
            product = np.ldexp(product, -shift)
            exponent += shift
        norms[t] = unscaled(np.linalg.norm(product, 2), exponent)
    return norms


def with_update_shift(model: GRU, unit: int, shift: float) -> GRU:
    """A one-layer GRU whose update gate pre-activation of `unit` is `shift` larger (in the model's
    own convention), by adding it to that unit's input bias."""
    cell = model.layers[0][0]
    H = model.hidden_size
    new = {name: array.copy() for name, array in cell.arrays().items()}
    new.setdefault("b_ih", np.zeros(3 * H))[H + unit] += shift
    return GRU(((CellWeights(**new),),), reset=model.reset, z_convention=model.z_convention)


def candidate_without_past(model: GRU, x) -> np.ndarray:
    """(T, H): the first layer's candidate with the past removed, from x_t and the biases alone.

    What r = 0 leaves: tanh(W_in x_t + b_in + b_hn) with the reset before W_hn (r * h_{t-1} = 0
    still passes the bias), tanh(W_in x_t + b_in) with the reset after (r scales b_hn away too).
    """
    cell = model.layers[0][0]
    H = model.hidden_size
    a = np.asarray(x, dtype=np.float64) @ cell.W_ih[2 * H :].T
    if cell.b_ih is not None:
        a = a + cell.b_ih[2 * H :]
    if model.reset == "before" and cell.b_hh is not None:
        a = a + cell.b_hh[2 * H :]
    return np.tanh(a)
