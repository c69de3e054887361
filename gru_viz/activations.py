"""Numerically stable activations shared by every cell.

`sigmoid` is the logistic function 1 / (1 + exp(-a)), the formula PyTorch uses, evaluated on a
clipped argument so that weights up to 1e6 give gates in [0, 1] with no overflow warning.
Clipping at |a| = 700 changes nothing a float64 can hold: sigmoid(700) is 1.0 exactly and
sigmoid(-700) is about 1e-304, next to the true value of exactly zero in double precision.
"""

import numpy as np

_CLIP = 700.0


def sigmoid(a, out=None):
    """Logistic sigmoid, element-wise; writes into `out` when given."""
    out = np.clip(a, -_CLIP, _CLIP, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def tanh(a, out=None):
    """Hyperbolic tangent (already stable in NumPy); here so every cell imports one module."""
    return np.tanh(a, out=out)
