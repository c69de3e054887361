"""Losses for training: each returns the loss and its gradient, ready to hand to gru_viz.backward.

    trace = model.run(x)                                           # x (T, B, I)
    result = gru_viz.readout_loss(readout, trace.output, labels, loss="cross_entropy", steps="last")
    grads = gru_viz.backward(model, trace, d_output=result.d_output)
    result.d_readout.W, result.d_readout.b                         # the read-out's own gradients

Read-out: a linear map of a state h (..., F) to C numbers, prediction = h W^T + b, with W (C, F)
and b (C,) in torch.nn.Linear's layout; F is the network's output width D*H.

Equations (N counts what the mean runs over)
    mean_squared_error:     L = (1/N) sum (prediction - target)^2          N = every entry
                            dL/d prediction = 2 (prediction - target) / N
    softmax_cross_entropy:  L = -(1/N) sum_n log_softmax(logits_n)[label_n]  N = every position
                            dL/d logits_n = (softmax(logits_n) - onehot(label_n)) / N
    log_softmax(a) = a - m - log(sum_j exp(a_j - m)), m = max_j a_j: every exponent is <= 0 and the
                            sum is >= 1, so no overflow and no log(0) for any finite a
    through the read-out:   dL/dh = dL/d prediction W,  dL/dW = sum dL/d prediction^T h,
                            dL/db = sum dL/d prediction (over every step and sequence it read)
The means match torch.nn.functional.mse_loss and cross_entropy with reduction="mean".
Sources: Goodfellow, Bengio and Courville 2016, "Deep Learning", sections 4.1 (the log-sum-exp
trick) and 6.2.2.3 (softmax units and cross-entropy); the PyTorch nn.Linear documentation.
"""

from dataclasses import dataclass

import numpy as np

LOSSES = ("cross_entropy", "mse")
STEPS = ("all", "last")


@dataclass(frozen=True, eq=False)
class Readout:
    """A linear read-out, prediction = h W^T + b: W (C, F), b (C,) or None. Read-only float64 copies.
    Gradients come back as a Readout too: the same names and shapes."""

    W: np.ndarray
    b: np.ndarray | None = None

    def __post_init__(self):
        W = read_only(self.W)
        if W.ndim != 2:
            raise ValueError(f"W must have shape (outputs, features), got {W.shape}")
        object.__setattr__(self, "W", W)
        if self.b is not None:
            b = read_only(self.b)
            if b.shape != (W.shape[0],):
                raise ValueError(f"b must have shape ({W.shape[0]},), got {b.shape}")
            object.__setattr__(self, "b", b)

    @classmethod
    def random(cls, in_features, out_features, bias=True, seed=0):
        """torch.nn.Linear's initialisation: uniform(-1/sqrt(F), 1/sqrt(F)) (NumPy's generator)."""
        rng = np.random.default_rng(seed)
        k = 1.0 / np.sqrt(in_features)
        W = rng.uniform(-k, k, (out_features, in_features))
        return cls(W, rng.uniform(-k, k, out_features) if bias else None)

    def __call__(self, h):
        """The prediction for states h (..., F): (..., C)."""
        prediction = np.asarray(h, dtype=np.float64) @ self.W.T
        return prediction if self.b is None else prediction + self.b


@dataclass(frozen=True, eq=False)
class LossResult:
    """What readout_loss returns.

    loss        the scalar loss (a float)
    d_output    dL/d the output it was given, same shape (zeros before the last step with
                steps="last"): pass it to gru_viz.backward as d_output
    d_readout   dL/d W and dL/d b, as a Readout
    prediction  the read-out's output (the logits, for cross-entropy)
    """

    loss: float
    d_output: np.ndarray
    d_readout: Readout
    prediction: np.ndarray


def log_softmax(logits):
    """log softmax over the last axis, stable for any finite logits (see the module docstring)."""
    logits = np.asarray(logits, dtype=np.float64)
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def softmax_cross_entropy(logits, labels):
    """(L, dL/d logits) for logits (..., C) and integer labels (...) in [0, C); L is the mean over
    positions of -log softmax(logits)[label]."""
    logits = np.asarray(logits, dtype=np.float64)
    labels = as_labels(labels, logits.shape)
    log_p = log_softmax(logits)
    picked = np.take_along_axis(log_p, labels[..., None], axis=-1)
    n = max(labels.size, 1)
    d_logits = np.exp(log_p)  # softmax, from the stable log
    # p - 1 at the label, as expm1(log p): exact digits even when p is within 1e-16 of 1
    np.put_along_axis(d_logits, labels[..., None], np.expm1(picked), axis=-1)
    return float(-np.sum(picked) / n), d_logits / n


def mean_squared_error(prediction, target):
    """(L, dL/d prediction): L is the mean over every entry of (prediction - target)^2."""
    prediction = np.asarray(prediction, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if target.shape != prediction.shape:
        raise ValueError(f"the target must have the prediction's shape {prediction.shape}, got {target.shape}")
    error = prediction - target
    n = max(error.size, 1)
    return float(np.sum(error**2) / n), 2.0 * error / n


def readout_loss(readout, output, target, *, loss="cross_entropy", steps="all") -> LossResult:
    """The read-out applied to output (T, ..., F) at every step (steps="all") or at output[-1]
    (steps="last", the last step of the input: for a reverse direction, its first state), then
    the loss. target: integer labels (T, ...) or (...) for cross_entropy; values (T, ..., C) or
    (..., C) for mse."""
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    if steps not in STEPS:
        raise ValueError(f"steps must be one of {STEPS}, got {steps!r}")
    output = np.asarray(output, dtype=np.float64)
    if output.ndim < 2 or output.shape[-1] != readout.W.shape[1]:
        raise ValueError(f"the output must have shape (T, ..., {readout.W.shape[1]}), got {output.shape}")
    h = output if steps == "all" else output[-1]
    prediction = readout(h)
    if loss == "cross_entropy":
        value, d_prediction = softmax_cross_entropy(prediction, target)
    else:
        value, d_prediction = mean_squared_error(prediction, target)
    d_output = np.zeros_like(output)
    d_h = d_output if steps == "all" else d_output[-1]
    np.matmul(d_prediction, readout.W, out=d_h)
    d_rows, h_rows = d_prediction.reshape(-1, d_prediction.shape[-1]), h.reshape(-1, h.shape[-1])
    d_readout = Readout(d_rows.T @ h_rows, None if readout.b is None else d_rows.sum(axis=0))
    return LossResult(loss=value, d_output=d_output, d_readout=d_readout, prediction=prediction)


def as_labels(labels, logits_shape):
    """Integer labels of shape logits_shape[:-1], each in [0, C), or a ValueError saying why not."""
    array = np.asarray(labels)
    if array.shape != logits_shape[:-1]:
        raise ValueError(f"labels must have shape {logits_shape[:-1]}, got {array.shape}")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        if not np.all(array == np.round(array)):
            raise ValueError("labels must be whole numbers (class indices)")
    array = array.astype(np.intp)
    C = logits_shape[-1]
    if array.size and (array.min() < 0 or array.max() >= C):
        raise ValueError(f"labels must lie in [0, {C}), got values from {array.min()} to {array.max()}")
    return array


def read_only(value):
    """A read-only float64 copy: a read-out can be cached and shared like the model's weights."""
    array = np.array(value, dtype=np.float64, copy=True)
    array.setflags(write=False)
    return array
