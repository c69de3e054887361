"""The optimizer: gradient clipping by global norm, then Adam, on one flat vector of parameters.

Sources: Kingma and Ba 2015, "Adam: a method for stochastic optimization" (algorithm 1); the PyTorch
documentation of torch.optim.Adam (the same update, with eps added after the square root of the
bias-corrected second moment) and of torch.nn.utils.clip_grad_norm_ (the 1e-6 in the scale).

Equations, step t counted from 1, g the clipped gradient:
    ||g||     = sqrt(sum of every squared entry)          over all parameters together
    g        <- g * max_norm / (||g|| + 1e-6)            only when that factor is below 1
    m        <- beta1 m + (1 - beta1) g                   running mean of the gradient
    v        <- beta2 v + (1 - beta2) g^2                 running mean of its square
    p        <- p - lr / (1 - beta1^t) * m / (sqrt(v / (1 - beta2^t)) + eps)
Each parameter moves by at most about lr per step, whatever the gradient's scale: that is why Adam
trains recurrent networks, whose gradients differ by orders of magnitude from gate to gate.

Why one flat vector: a dozen NumPy calls per step whatever the number of arrays (the model's
weights and the read-out's are views into it; see params.py).
"""

import math

import numpy as np

BETAS = (0.9, 0.999)
EPS = 1e-8


def clip_by_global_norm(grad, max_norm):
    """Scale `grad` (in place) so its norm is at most max_norm (0 or None: no clipping).
    Returns the norm before clipping."""
    norm = math.sqrt(float(np.dot(grad, grad)))
    if max_norm:
        scale = max_norm / (norm + 1e-6)
        if scale < 1.0:
            grad *= scale
    return norm


def adam_update(params, grad, m, v, step, lr, betas=BETAS, eps=EPS, scratch=None):
    """One Adam step, in place on params, m and v (flat float64 arrays); `step` counts from 1."""
    beta1, beta2 = betas
    work = np.empty_like(grad) if scratch is None else scratch
    m *= beta1
    np.multiply(grad, 1.0 - beta1, out=work)
    m += work
    v *= beta2
    np.multiply(grad, grad, out=work)
    work *= 1.0 - beta2
    v += work
    np.sqrt(v, out=work)
    work *= 1.0 / math.sqrt(1.0 - beta2**step)
    work += eps  # the denominator
    np.divide(m, work, out=work)
    work *= lr / (1.0 - beta1**step)
    params -= work
