"""The seed form of a GRU, both ways: one matrix per gate acting on [h_{t-1}, x_t].

    W_r, W_z, W_h  (H, H + I)   columns 0..H-1 multiply h_{t-1} (or r * h_{t-1} for W_h),
                                columns H.. multiply x_t
    b_r, b_z, b_h  (H,)         one bias per gate
Read as reset="before", z_convention="takes_new": h_t = (1 - z_t) * h_{t-1} + z_t * h~_t.
A stacked or bidirectional seed-form network suffixes every name with _l{k} and, for the backward
direction, _reverse (W_r_l1_reverse); a bare W_r means layer 0, forward.
"""

import re

import numpy as np

from ..models import GRU
from .errors import WeightsError, shown
from .outline import NUMBERS

KEY = re.compile(r"^(?P<kind>W|b)_(?P<gate>[rzh])(?:_l(?P<layer>\d+))?(?P<reverse>_reverse)?$")
GATES = ("r", "z", "h")


def is_seed(arrays):
    return any(KEY.match(name) for name in arrays)


def from_seed(arrays, limits, build=NUMBERS):
    """(GRU, notes, stored parameter count) from seed names; any other key is refused. `build`
    converts the arrays and makes the cells (outline.py)."""
    groups = {}
    for name, value in arrays.items():
        match = KEY.match(name)
        if not match:
            raise WeightsError(f"unknown key {shown(name)} next to seed-form keys; expected only W_r, W_z, W_h, "
                               "b_r, b_z, b_h (with _l{k} / _reverse suffixes for stacked or bidirectional)")
        key = (int(match["layer"] or 0), bool(match["reverse"]))
        groups.setdefault(key, {})[f"{match['kind']}_{match['gate']}"] = build.array(name, value)
    num_layers = max(l for l, _ in groups) + 1
    D = 2 if any(d for _, d in groups) else 1
    W_r = groups.get((0, False), {}).get("W_r")
    H, I = (W_r.shape[0], W_r.shape[1] - W_r.shape[0]) if W_r is not None and W_r.ndim == 2 else (0, 0)
    limits.check_model(I, H, num_layers)
    layers = []
    for l in range(num_layers):
        directions = []
        for d in range(D):
            group = groups.get((l, bool(d)))
            suffix = f" (layer {l}{', reverse' if d else ''})"
            if group is None:
                raise WeightsError(f"no weights for layer {l}{' reverse' if d else ''}")
            missing = [f"{k}_{g}" for k in "Wb" for g in GATES if f"{k}_{g}" not in group]
            if missing:
                raise WeightsError(f"missing {', '.join(missing)}{suffix}")
            directions.append(seed_cell(group, suffix, build.cell))
        layers.append(tuple(directions))
    try:
        model = GRU(tuple(layers), reset="before", z_convention="takes_new")
    except ValueError as exc:
        raise WeightsError(f"inconsistent shapes: {exc}") from None
    notes = ["seed form: reset before W_h, z takes the new candidate (z_convention='takes_new')"]
    return model, notes, sum(value.size for value in arrays.values())


def seed_cell(group, suffix, cell):
    W = [group[f"W_{g}"] for g in GATES]
    b = [group[f"b_{g}"] for g in GATES]
    if W[0].ndim != 2 or any(w.shape != W[0].shape for w in W):
        raise WeightsError(f"W_r, W_z, W_h must share one shape (H, H + I){suffix}; got {[w.shape for w in W]}")
    H = W[0].shape[0]
    if W[0].shape[1] <= H:
        raise WeightsError(f"W_r has shape {W[0].shape}{suffix}; expected (H, H + I) with I >= 1")
    if any(v.shape != (H,) for v in b):
        raise WeightsError(f"b_r, b_z, b_h must have shape ({H},){suffix}; got {[v.shape for v in b]}")
    W_hh = np.concatenate([w[:, :H] for w in W])  # the columns that multiply h_{t-1}
    W_ih = np.concatenate([w[:, H:] for w in W])  # the columns that multiply x_t
    return cell(W_ih, W_hh, np.concatenate(b), None)


def to_seed(model):
    """Seed names for a reset='before' GRU (written with z taking the new candidate)."""
    if model.reset != "before":
        raise ValueError("only reset='before' GRUs have a seed form; this one is written with PyTorch names")
    model = model.with_z_convention("takes_new")
    H = model.hidden_size
    plain = model.num_layers == 1 and not model.bidirectional
    arrays = {}
    for l, directions in enumerate(model.layers):
        for d, cell in enumerate(directions):
            suffix = "" if plain else f"_l{l}{'_reverse' if d else ''}"
            bias = np.zeros(3 * H)
            for extra in (cell.b_ih, cell.b_hh):  # with r before W_hn every bias simply adds
                if extra is not None:
                    bias = bias + extra
            for k, g in enumerate(GATES):
                rows = slice(k * H, (k + 1) * H)
                arrays[f"W_{g}{suffix}"] = np.hstack([cell.W_hh[rows], cell.W_ih[rows]])
                arrays[f"b_{g}{suffix}"] = bias[rows]
    return arrays
