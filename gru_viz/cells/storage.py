"""Memory layout shared by the cell loops: one block per run, and a bias folded into the product.

Why one block: a run records about a dozen numbers per unit per step. Allocated as one array,
large traces get huge pages (NumPy asks for them above 4 MB), where a dozen separate arrays fault
page by page; each field is a view into the block, each step's row is contiguous.

Why a column of ones after h: [h, 1] @ [[W_hh.T], [b_hh]] = W_hh h + b_hh, so the recurrent bias
costs no extra operation per step. The state slot in the block is followed by a column of ones,
so each step reads the previous step's [h, 1] straight from the trace.
"""

import numpy as np


def allocate(T, batch, widths):
    """A (T, *batch, sum(widths) + 1) block and {name: view}; the field named 'h' is followed by
    the column of ones, exposed as 'h_aug' (h with its 1)."""
    total = sum(widths.values()) + 1
    block = np.empty((T, *batch, total))
    views, start = {}, 0
    for name, width in widths.items():
        views[name] = block[..., start : start + width]
        if name == "h":
            block[..., start + width] = 1.0
            views["h_aug"] = block[..., start : start + width + 1]
            start += 1
        start += width
    return block, views


def augmented(W_hh, b_hh):
    """[[W_hh.T], [b_hh]]: (H + 1, rows), so [h, 1] @ it = W_hh h + b_hh (zeros for no bias)."""
    bias = np.zeros(W_hh.shape[0]) if b_hh is None else b_hh
    return np.vstack([W_hh.T, bias[None]])


def with_one(h0):
    """h0 with a trailing 1, the shape [h, 1] the loops multiply."""
    h_aug = np.empty((*h0.shape[:-1], h0.shape[-1] + 1))
    h_aug[..., :-1] = h0
    h_aug[..., -1] = 1.0
    return h_aug


def product(x):
    """np.dot for one sequence (it is faster on vectors), np.matmul for a batch."""
    return np.dot if x.ndim == 2 else np.matmul


def fill_previous(previous, states, first, reverse):
    """previous[t] = the state before step t: `first` at the first step read, then states one late."""
    if reverse:
        previous[-1] = first
        previous[:-1] = states[1:]
    else:
        previous[0] = first
        previous[1:] = states[:-1]
    return previous
