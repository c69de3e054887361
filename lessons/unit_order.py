"""Which of a layer's units to look at first: the sentence panel's sorts and filters, at real sizes.

A layer of 512 units on a 40-word sentence holds 20,000 values a gate. A learner looks for the
few units that do something: those that keep their state across the sentence (memory), those
whose state moves (activity), and those the prediction leans on (effect). Each order is a score
per unit, highest first, ties in the units' own order. No Streamlit here.
"""

import numpy as np

from .sentence import probabilities_of

NUMBER, MEMORY, ACTIVITY, EFFECT = "number", "memory", "activity", "effect"
SHOWN = (None, 64, 16)  # how many units a layer's heatmaps show, first in the chosen order (None: all)


def orders(kind, z_convention=None, with_effect=False):
    """{order: its label} for a cell of this kind, in the order a menu offers them.

    Memory needs a gate that keeps the old state (GRU's z, LSTM's f), so a plain RNN has none; the
    effect exists only for the layer a head reads (with_effect)."""
    offered = {NUMBER: "unit number"}
    if kind == "GRU":
        offered[MEMORY] = f"memory: mean z, {'highest' if z_convention == 'keeps_old' else 'lowest'} first"
    elif kind == "LSTM":
        offered[MEMORY] = "memory: mean forget gate f, highest first"
    offered[ACTIVITY] = "activity: variance of h, highest first"
    if with_effect:
        offered[EFFECT] = "effect on the prediction, largest first"
    return offered


HELP = ("Memory: the units that keep most of their state from step to step, over the whole sentence. "
        "Activity: the units whose state moves most. Effect on the prediction (the layer the head "
        "reads): how far the top class's probability moves when the unit's state, as the head reads "
        "it, is set to 0. Ties keep the units' own order.")


def scores(order, cell, kind, z_convention=None, effect=None):
    """One number per unit, higher meaning earlier in `order` (see orders)."""
    H = cell.h.shape[1]
    if order == NUMBER:
        return -np.arange(H, dtype=np.float64)
    if order == MEMORY and kind == "GRU":
        kept = cell.z if z_convention == "keeps_old" else 1.0 - cell.z  # the share of h_{t-1} that stays
        return kept.mean(axis=0)
    if order == MEMORY and kind == "LSTM":
        return cell.f.mean(axis=0)
    if order == ACTIVITY:
        return cell.h.var(axis=0)
    if order == EFFECT and effect is not None:
        return effect
    raise ValueError(f"a {kind} cell has no order {order!r} here")


def ranked(order, cell, kind, z_convention=None, effect=None, shown=None):
    """The units in `order`, the first `shown` of them (None: all)."""
    score = scores(order, cell, kind, z_convention, effect)
    units = np.argsort(-score, kind="stable")  # stable: equal scores keep the units' own order
    return [int(u) for u in units[:shown]]


def effects(model, trace, direction):
    """For each unit of the last layer's `direction`: |p - p'|, p the top class's (or next token's)
    probability after the sentence and p' the same with that unit's state, as the head reads it,
    set to 0. None for a model with no head. One batched pass of the head: it is cheap next to the
    recurrent layers, which silencing a unit the head reads does not rerun."""
    if not model.head:
        return None
    y = model.head_input(trace)
    if y.ndim == 2:
        y = y[-1]  # a head at every step: the prediction after the whole sentence
    H = trace.cells[-1][direction].h.shape[1]
    p, _ = probabilities_of(model, model.apply_head(y))
    top = int(np.argmax(p))
    silenced = np.repeat(y[None, :], H, axis=0)
    units = np.arange(H)
    silenced[units, direction * H + units] = 0.0
    q, _ = probabilities_of(model, model.apply_head(silenced))
    return np.abs(q[:, top] - p[top])
