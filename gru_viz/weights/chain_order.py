"""The order of a file's recurrent layers when the file does not say it: the one in which each
layer reads what the one before gives, among the orders its names allow.

A Keras .weights.h5 file numbers the layers of one kind by their place in the model (gru, gru_1,
...) but says nothing between kinds; a PyTorch state_dict of several modules numbers them only if
its author did (encoder.gru1.*, encoder.gru2.*), and unnumbered modules leave it to the shapes.
Shapes then decide: each layer reads so many features per step and gives so many. The readers check
Limits.max_layers (4 by default) first, and every order of at most MAX_TRIED layers is tried.
"""

import itertools

from .errors import WeightsError, shown

MAX_TRIED = 8  # layers whose orders are tried (8! = 40,320); more is refused before any is tried


def chain_order(names, widths, before, advice, first_reads=None, what="recurrent layers"):
    """The one order (indices) of layers named `names`, with `widths[k]` = (features read, features
    given), in which each reads what the one before gives and the names allow it: `before(a, b)` is
    True when a must come before b, False when it must not, None when the names do not say.
    `first_reads`: how many features the first layer must read, where the file says it (a Keras
    embedding's width). Refused, with `advice` on how to make the order known, when no order or
    several fit; the message calls them `what`."""
    listed = ", ".join(map(shown, names))
    if len(names) > MAX_TRIED:
        raise WeightsError(f"{len(names)} {what} ({listed[:200]}) with no order given; {advice}")
    fits = []
    for order in itertools.permutations(range(len(names))):
        allowed = all(before(a, b) is not False and before(b, a) is not True
                      for i, a in enumerate(order) for b in order[i + 1:])
        chained = all(widths[order[k]][0] == widths[order[k - 1]][1] for k in range(1, len(order)))
        chained = chained and first_reads in (None, widths[order[0]][0])
        if allowed and chained:
            fits.append(order)
    if not fits:
        raise WeightsError(f"the {what} {listed} do not chain in any order (each layer's input must be the "
                           f"output of the one before); {advice}")
    if len(fits) > 1:
        raise WeightsError(f"the order of the {what} {listed} cannot be known from their names and shapes "
                           f"({len(fits)} orders fit); {advice}")
    return fits[0]
