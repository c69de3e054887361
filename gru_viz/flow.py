"""How far back a gradient reaches: the norm of d h_{T-1} / d (the state or the input at step t).

    g = gru_viz.gradient_flow(model, x, wrt="state")   # (T,): || d h_{T-1} / d s_t ||_F
    g = gru_viz.gradient_flow(model, x, wrt="input")   # (T,): || d h_{T-1} / d x_t ||_F
    paths = gru_viz.gru_gradient_paths(model, x)       # paths.full (= g for "state"), paths.direct

Which h_{T-1}: the state after the last step of the last layer's forward direction (its h_n;
trace.output[-1, :H]). With wrt="state", s_t is that same cell's state after step t: h_t, or for
an LSTM h_t and c_t together, so the Jacobian is (H, H) or (H, 2H); g[T-1] = sqrt(H), the norm of
the identity. With wrt="input", x_t is the network's input (T, I), reached through every layer
and direction below, and the Jacobian is (H, I).

One pass, not T: row i of J_t = d h_{T-1} / d s_t is the gradient of h_{T-1}[i] with respect to
s_t, so backpropagating the H rows of the identity from step T-1 together (the cells' backward
with H gradients stacked, parameters skipped) yields every J_t, one (H, G*H) x (G*H, H) product
per step: J_t = J_{t+1} (d s_{t+1} / d s_t). Only very long runs of wide cells split the rows
into a few groups (row_groups), to bound memory; squared norms add up over the groups.

Exploding gradients. A Jacobian norm can pass float64's range (about 1.8e308): a GRU whose
recurrent weights are 1e6 and whose gates sit in their linear range multiplies it by about 1e5 a
step. When the one pass overflows, the norms are computed again one step at a time, the
gradient rescaled by a power of two (exact) after each step (rescaled_flow): every norm that fits
in a float64 comes out as in the one pass, and the ones that do not are inf, never NaN.

The GRU's gated shortcut. One step's Jacobian splits into a direct term and the rest,
    d h_t / d h_{t-1} = diag(1 - z_t) + (the paths through r_t, z_t and h~_t)
(takes_new; keeps_old writes diag(z_t)). The direct terms alone multiply to the diagonal matrix
P_t = prod_{k=t+1}^{T-1} diag(1 - z_k), with || P_t ||_F = sqrt(sum_i prod_k (1 - z_k[i])^2):
while z stays near 0 the shortcut passes the gradient on almost untouched, where a plain RNN's
diag(1 - h^2) W_hh shrinks it step after step (Pascanu, Mikolov and Bengio 2013, "On the
difficulty of training recurrent neural networks"; Cho et al. 2014; Chung et al. 2014,
"Empirical Evaluation of Gated Recurrent Neural Networks on Sequence Modeling").
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from .cells.gru import GRUTrace
from .cells.lstm import LSTMTrace
from .conventions import kept
from .gradients import cell_backward, layers_backward
from .stack import refuse_stack

WRT = ("state", "input")
ROW_BUDGET = 2**19  # numbers per stored (T, k, H) gradient field: 4 MB in float64


@dataclass(frozen=True, eq=False)
class GradientPaths:
    """For the last layer's forward GRU cell, per step t (T,):

    full     || d h_{T-1} / d h_t ||_F, every path (gradient_flow with wrt="state")
    direct   || prod_{k=t+1}^{T-1} diag(1 - z_k) ||_F, the gated shortcut alone (diag(z_k) keeps_old)
    """

    full: np.ndarray
    direct: np.ndarray


def gradient_flow(model, x, wrt="state", *, h0=None, c0=None) -> np.ndarray:
    """g (T,): g[t] = || d h_{T-1} / d s_t ||_F (wrt="state") or || d h_{T-1} / d x_t ||_F
    (wrt="input") for one sequence x (T, I), from h0 (and c0 for an LSTM); see the module docstring
    for which h and which state."""
    if wrt not in WRT:
        raise ValueError(f"wrt must be one of {WRT}, got {wrt!r}")
    refuse_stack(model, "gradient_flow")
    return flow_of_trace(model, run_one_sequence(model, x, h0, c0), wrt)



def flow_of_trace(model, trace, wrt):
    """gradient_flow from a run already made (one sequence); inf where a norm passes float64's range."""
    top = trace.cells[-1][0]
    T, H = top.h.shape
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow shows as inf or NaN: checked below
        squares = np.zeros(T)
        for rows in row_groups(T, H):
            squares += squared_jacobian_norms(model, trace, rows, wrt)
    if np.all(np.isfinite(squares)):
        return np.sqrt(squares)
    return rescaled_flow(model, trace, wrt)


def squared_jacobian_norms(model, trace, rows, wrt):
    """(T,): the squared Frobenius norms of rows `rows` of each J_t, by one backward pass."""
    top = trace.cells[-1][0]
    T, H = top.h.shape
    seeds = np.zeros((T, len(rows), H))  # the gradients arriving at the states: rows of I at step T-1
    seeds[-1] = np.eye(H)[rows]
    jacobians = cell_backward(model.layers[-1][0], top, seeds, parameters=False)
    if wrt == "state":
        squares = np.sum(jacobians.h**2, axis=(1, 2))
        if isinstance(top, LSTMTrace):
            squares += np.sum(jacobians.c**2, axis=(1, 2))
        return squares
    d_x = jacobians.x  # (T, rows, the top layer's input size)
    if model.num_layers > 1:
        _, d_x, _, _ = layers_backward(model, trace, d_x, None, None, top=model.num_layers - 2, parameters=False)
    return np.sum(d_x**2, axis=(1, 2))


def rescaled_flow(model, trace, wrt):
    """flow_of_trace one step at a time, for gradients that overflow in one pass.

    The rows of d h_{T-1} / d s_t are carried back as carry * 2**exponent, carry rescaled after
    every step so that its largest entry is below 1: one step multiplies it by about the square of
    the recurrent weights' size times H (1e14 at the app's limit of 1e6), far from overflowing.
    Each norm is then the carry's norm times 2**exponent: inf when that passes float64's range.
    Weights so large (past about 1e100) that a single step overflows give inf from that step back.
    With wrt="input" and several layers, the layers below the top one are undone in one pass on a
    common scale (the largest): contributions more than ~1e600 times smaller than the largest
    vanish, and a layer below that overflows on its own gives inf.
    """
    top, weights = trace.cells[-1][0], model.layers[-1][0]
    T, H = top.h.shape
    lstm = isinstance(top, LSTMTrace)
    carry_h, carry_c = np.eye(H), np.zeros((H, H)) if lstm else None  # arriving at step t
    exponent = 0
    norms = np.zeros(T)
    d_top = np.zeros((T, H, top.x.shape[-1])) if wrt == "input" else None
    exponents = np.zeros(T, dtype=np.int64)
    beyond = 0  # the steps before this one are past float64's range (a single step overflowed)
    for t in range(T - 1, -1, -1):
        if wrt == "state":
            state = carry_h if carry_c is None else np.hstack([carry_h, carry_c])
            norms[t] = unscaled(robust_norms(state[None])[0], exponent)
        with np.errstate(over="ignore", invalid="ignore"):
            result = cell_backward(weights, one_step(top, t), carry_h[None], carry_c, parameters=False)
        if wrt == "input":
            d_top[t], exponents[t] = result.x[0], exponent
        carry_h, carry_c = result.h0, result.c0
        largest = np.max(np.abs(carry_h)) if carry_c is None else max(np.max(np.abs(carry_h)), np.max(np.abs(carry_c)))
        if not np.isfinite(largest):
            beyond = t
            break
        if largest > 0:  # a carry of exact zeros stays zero: nothing earlier reaches h_{T-1}
            shift = int(np.frexp(largest)[1])
            carry_h = np.ldexp(carry_h, -shift)
            carry_c = None if carry_c is None else np.ldexp(carry_c, -shift)
            exponent += shift
    if wrt == "state":
        norms[:beyond] = np.inf
        return norms
    if model.num_layers == 1:
        found = unscaled(robust_norms(d_top), exponents)
        found[:beyond] = np.inf
        return np.where(np.isnan(found), np.inf, found)
    if beyond:  # every input reaches the overflowed step through the layers below
        return np.full(T, np.inf)
    common = int(exponents.max())
    d_top = np.ldexp(d_top, (exponents - common)[:, None, None])  # smaller contributions may underflow to 0
    with np.errstate(over="ignore", invalid="ignore"):
        _, d_x, _, _ = layers_backward(model, trace, d_top, None, None, top=model.num_layers - 2, parameters=False)
        found = unscaled(robust_norms(d_x), common)
    return np.where(np.isfinite(found), found, np.inf)


def one_step(cell_trace, t):
    """The trace of step t alone (every recorded array cut to row t), for a backward of one step."""
    cut = {f.name: getattr(cell_trace, f.name)[t : t + 1] for f in dataclasses.fields(cell_trace)
           if isinstance(getattr(cell_trace, f.name), np.ndarray)}
    return dataclasses.replace(cell_trace, **cut)


def robust_norms(a):
    """(T,): the Frobenius norm of each a[t] (T, k, n), scaled first so that squares cannot overflow."""
    largest = np.max(np.abs(a), axis=(1, 2))
    safe = np.where(largest > 0, largest, 1.0)
    with np.errstate(invalid="ignore"):  # an inf entry gives inf / inf: reported as inf below
        norms = largest * np.sqrt(np.sum((a / safe[:, None, None]) ** 2, axis=(1, 2)))
    return np.where(np.isnan(norms) & np.isinf(largest), np.inf, norms)


def unscaled(value, exponent):
    """value * 2**exponent, inf (no warning) where that passes float64's range."""
    with np.errstate(over="ignore"):
        return np.ldexp(value, exponent)


def row_groups(T, H):
    """The H rows of the Jacobians, in groups of k with T * k * H <= ROW_BUDGET: one group (one
    pass) for the app's sizes; for long sequences of wide cells, the stored gradients (a few
    (T, k, H) blocks per cell) stay within tens of megabytes."""
    k = max(1, min(H, ROW_BUDGET // (T * H)))
    return [np.arange(start, min(start + k, H)) for start in range(0, H, k)]


def gru_gradient_paths(model, x, *, h0=None) -> GradientPaths:
    """The GRU's gradient flow (wrt="state") beside the norm of the product of its direct terms."""
    trace = run_one_sequence(model, x, h0, None)
    top = trace.cells[-1][0]
    if not isinstance(top, GRUTrace):
        raise TypeError(f"gru_gradient_paths needs a GRU, got a {type(model).__name__}")
    direct = kept(top.z, top.z_convention)  # (T, H): diag(1 - z) (takes_new) or diag(z) (keeps_old)
    later = np.ones_like(direct)  # later[t] = prod over k > t of direct[k]; none after the last step
    later[:-1] = np.cumprod(direct[:0:-1], axis=0)[::-1]
    return GradientPaths(full=flow_of_trace(model, trace, "state"), direct=np.linalg.norm(later, axis=1))


def run_one_sequence(model, x, h0, c0):
    """model.run on a single sequence (T, I): a Jacobian per step is defined for one sequence."""
    if np.ndim(x) != 2:
        raise ValueError(f"gradient flow needs one sequence of shape (T, {model.input_size}), "
                         f"got shape {np.shape(x)}")
    return model.run(x, h0) if c0 is None else model.run(x, h0, c0)
