"""Examples that teach something, and weight presets that fit any size.

Every example is written in the convention the app stores: reset before W_h, z takes the new
candidate (h_t = (1 - z_t) h_{t-1} + z_t h~_t, so z near 0 keeps the old state). Rows of W_ih and
W_hh are r (units 0..H-1), z, then h~; columns of W_ih are the input features.
"""

import numpy as np

from gru_viz.models import GRU

from .pretrained import pretrained_recall
from .state import AppState, validate


def _state(x, W_ih, W_hh, b_ih, example, step=0):
    return validate(
        AppState(
            x=np.asarray(x, float),
            W_ih=np.asarray(W_ih, float),
            W_hh=np.asarray(W_hh, float),
            b_ih=np.asarray(b_ih, float),
            example=example,
            step=step,
        )
    )


def write_once_carry():
    """Unit 0 writes x_0 when feature 1 says 'write' and keeps it; unit 1 just follows the input."""
    value = [0.3, -0.5, 0.9, 0.2, -0.7, 0.4, -0.1, 0.6, -0.8, 0.5, 0.0, -0.3]
    write = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    W_ih = [
        [0, 0],
        [0, 0],  # r: not used here
        [0, 10],
        [0, 0],  # z: unit 0 opens only on 'write'
        [2, 0],
        [2, 0],
    ]  # h~: both units see the value
    b_ih = [0, 0, -6, 3, 0, 0]  # z0 = sigmoid(-6) = 0.0025 keeps; z1 = sigmoid(3) = 0.95 follows
    return _state(np.c_[value, write], W_ih, np.zeros((6, 2)), b_ih, "Write once, carry", step=2)


def reset_wipes_the_past():
    """Two identical units that remember through W_hn; feature 1 resets unit 0 only."""
    value = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    reset = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    W_ih = [
        [0, -10],
        [0, 0],  # r: unit 0 closes (r near 0) on the reset signal
        [0, 0],
        [0, 0],
        [1, 0],
        [1, 0],
    ]
    W_hh = np.zeros((6, 2))
    W_hh[4, 0] = W_hh[5, 1] = 1.2  # each unit's candidate reads its own past
    b_ih = [4, 4, 1, 1, 0, 0]  # r = sigmoid(4) = 0.98 normally; z = sigmoid(1) = 0.73
    return _state(np.c_[value, reset], W_ih, W_hh, b_ih, "Reset wipes the past", step=5)


def two_speeds():
    """Unit 0 updates slowly (z near 0.05: long memory), unit 1 quickly (z near 0.95)."""
    t = np.arange(16)
    x = np.round(np.sin(2 * np.pi * t / 8), 2)[:, None]
    W_ih = [[0], [0], [0], [0], [1.5], [1.5]]
    b_ih = [0, 0, -3, 3, 0, 0]
    return _state(x, W_ih, np.zeros((6, 2)), b_ih, "Two units, two speeds", step=4)


def random_gru(input_size=3, hidden_size=4, steps=10, seed=0):
    """A GRU with PyTorch-style random weights on a random input."""
    cell = GRU.random(input_size, hidden_size, seed=seed).layers[0][0]
    x = np.round(np.random.default_rng(seed + 1).normal(size=(steps, input_size)), 2)
    return _state(x, cell.W_ih, cell.W_hh, cell.b_ih, f"Random GRU (seed {seed})")


EXAMPLES = {
    "Write once, carry": write_once_carry,
    "Reset wipes the past": reset_wipes_the_past,
    "Two units, two speeds": two_speeds,
    "Random GRU": random_gru,
    "Trained GRU: delayed recall": pretrained_recall,  # lessons/data/, made by scripts/train_pretrained.py
}


# ---- weight presets: new weights for the current sizes, input kept -------------------------------


def _gate_rows(H, gate):
    return slice({"r": 0, "z": 1, "h": 2}[gate] * H, ({"r": 0, "z": 1, "h": 2}[gate] + 1) * H)


def preset_weights(name, input_size, hidden_size, seed=0):
    """(W_ih, W_hh, b_ih) for a named preset: 'random', 'long memory', 'always reset', 'copy the input'."""
    I, H = input_size, hidden_size
    cell = GRU.random(I, H, seed=seed).layers[0][0]
    W_ih, W_hh, b_ih = cell.W_ih.copy(), cell.W_hh.copy(), cell.b_ih.copy()
    if name == "random":
        pass
    elif name == "long memory":  # unit 0's z near 0: it keeps what it holds
        row = _gate_rows(H, "z").start
        W_ih[row], W_hh[row], b_ih[row] = 0.0, 0.0, -6.0
    elif name == "always reset":  # every r near 0: the candidate never sees the past
        rows = _gate_rows(H, "r")
        W_ih[rows], W_hh[rows], b_ih[rows] = 0.0, 0.0, -6.0
    elif name == "copy the input":  # z near 1 and h~_u = tanh(x_u): h copies (squashed) input
        for gate, bias in (("r", 0.0), ("z", 6.0), ("h", 0.0)):
            rows = _gate_rows(H, gate)
            W_ih[rows], W_hh[rows], b_ih[rows] = 0.0, 0.0, bias
        for u in range(min(I, H)):
            W_ih[2 * H + u, u] = 1.0
    else:
        raise ValueError(f"unknown preset {name!r}")
    return W_ih, W_hh, b_ih


WEIGHT_PRESETS = ("random", "long memory", "always reset", "copy the input")
