"""One place for what colour means: the same scale for the same quantity on every page.

Gates live in [0, 1] and get a sequential, colour-vision-deficiency-safe scale (cividis: dark blue
for 0, yellow for 1). The candidate and the state live in [-1, 1] and get a diverging scale
centred on 0 (ColorBrewer RdBu: red for negative, white for 0, blue for positive). Inputs are
unbounded and share the diverging scale over a symmetric range that fits them.
"""

GATE_SCALE = "cividis"
STATE_SCALE = "RdBu"
RANGES = {"r": (0.0, 1.0), "z": (0.0, 1.0), "h_tilde": (-1.0, 1.0), "h": (-1.0, 1.0)}
SCALES = {"r": GATE_SCALE, "z": GATE_SCALE, "h_tilde": STATE_SCALE, "h": STATE_SCALE}
LABELS = {"x": "input x", "r": "reset gate r", "z": "update gate z", "h_tilde": "candidate h̃", "h": "state h"}
SYMBOLS = {"x": "x", "r": "r", "z": "z", "h_tilde": "h̃", "h": "h", "h_prev": "h₋₁"}

# Line and bar colours (Okabe-Ito, readable under every common colour-vision deficiency).
COLOURS = {
    "h_prev": "#0072B2",
    "h_tilde": "#E69F00",
    "h": "#009E73",
    "r": "#CC79A7",
    "z": "#D55E00",
    "x": "#56B4E9",
    "rnn": "#D55E00",
    "gru": "#0072B2",
    "lstm": "#009E73",
    "shortcut": "#999999",
    "i": "#CC79A7",  # LSTM input gate, the "write" side (like r's purple)
    "f": "#D55E00",  # LSTM forget gate, the "keep" side (like z)
    "g": "#E69F00",  # LSTM cell candidate (like h~)
    "o": "#56B4E9",  # LSTM output gate
    "c": "#444444",  # LSTM cell state
    "r_closed": "#CC79A7",  # a reset gate forced to 0
    "r_open": "#0072B2",  # a reset gate forced to 1
}
FONT = dict(family="Source Sans Pro, sans-serif", size=14)
SELECTED = "rgba(0, 0, 0, 0.85)"  # the outline of the selected step


def z_meaning(z_convention):
    """What a bright (z near 1) cell means under the convention shown."""
    if z_convention == "takes_new":
        return "z≈1 takes the new candidate, z≈0 keeps the old state"
    return "z≈1 keeps the old state, z≈0 takes the new candidate"
