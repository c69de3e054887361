"""One place for what colour means: the same scale for the same quantity on every page.

Gates live in [0, 1] and get a sequential, colour-vision-deficiency-safe scale (cividis: dark blue
for 0, yellow for 1). The candidate and the state live in [-1, 1] and get a diverging scale
centred on 0 (ColorBrewer RdBu: red for negative, white for 0, blue for positive). Inputs are
unbounded and share the diverging scale over a symmetric range that fits them. Lines and bars use
Okabe and Ito's palette. `colour_legend` says in words what bright and dark (or red and blue) mean.

All of it was checked under simulated deuteranomaly, protanomaly and tritanomaly at full severity
(scripts/check_colours.py, docs/colours.md; tests/figures/test_colour_vision.py keeps it so).
What z near 1 and near 0 do under each convention comes from gru_viz.conventions.
"""

from ..conventions import convention

GATE_SCALE = "cividis"
STATE_SCALE = "RdBu"
# What a reader sees at each end of the two scales, as colour_legend words it; the colour-vision
# test checks these words against the sampled scales, so a new scale needs new words.
GATE_ENDS = ("dark", "bright")  # value 0, value 1
STATE_ENDS = ("red", "blue")  # value -1, value +1
RANGES = {"r": (0.0, 1.0), "z": (0.0, 1.0), "h_tilde": (-1.0, 1.0), "h": (-1.0, 1.0)}
SCALES = {"r": GATE_SCALE, "z": GATE_SCALE, "h_tilde": STATE_SCALE, "h": STATE_SCALE}
LABELS = {"x": "input x", "r": "reset gate r", "z": "update gate z", "h_tilde": "candidate h̃", "h": "state h"}
SYMBOLS = {"x": "x", "r": "r", "z": "z", "h_tilde": "h̃", "h": "h", "h_prev": "h₋₁"}

# Line and bar colours: Okabe-Ito, one indigo from Paul Tol and greys. Colours drawn together in one
# figure stay pairwise distinct under the three simulated deficiencies (docs/colours.md).
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
    "shortcut": "#666666",  # not #999999: too close to lstm's green under deuteranomaly, and under 3:1 on white
    "i": "#CC79A7",  # LSTM input gate, the "write" side (like r's purple)
    "f": "#D55E00",  # LSTM forget gate, the "keep" side (like z)
    "g": "#E69F00",  # LSTM cell candidate (like h~)
    "o": "#332288",  # LSTM output gate; Paul Tol's indigo: Okabe-Ito's sky blue is x's, in the same diagram
    "c": "#444444",  # LSTM cell state
    "r_closed": "#CC79A7",  # a reset gate forced to 0
    "r_open": "#0072B2",  # a reset gate forced to 1
}
FONT = dict(family="Source Sans Pro, sans-serif", size=14)
SELECTED = "rgba(0, 0, 0, 0.85)"  # the outline of the selected step


# Gates on the sequential scale: what a gate near 1 and near 0 does.
_GATE_SIDES = {
    "r": ("Reset gate r", "lets the past into the candidate", "hides it"),
    "i": ("Input gate i", "writes the candidate into the cell", "writes nothing"),
    "f": ("Forget gate f", "keeps the old cell", "forgets it"),
    "o": ("Output gate o", "shows the cell in h", "hides it"),
}
# Quantities on the diverging scale, and the range it spans for each.
_SIGNED = {
    "h_tilde": ("Candidate h̃", "−1 to 1"),
    "h": ("State h", "−1 to 1"),
    "x": ("Input x", "range fitted to the inputs"),
}


def colour_legend(quantity, z_convention):
    """A one-line caption: what the colours of `quantity` ('r', 'z', 'h_tilde', 'h', 'x', or an
    LSTM gate 'i', 'f', 'o') mean on their scale, with z read under `z_convention`."""
    meaning = convention(z_convention)  # a ValueError for an unknown one, whatever the quantity
    dark, bright = GATE_ENDS
    if quantity == "z":
        return f"Update gate z: {bright} (z≈1) {meaning.z_near_1}, {dark} (z≈0) {meaning.z_near_0}."
    if quantity in _GATE_SIDES:
        label, one, zero = _GATE_SIDES[quantity]
        return f"{label}: {bright} ({quantity}≈1) {one}, {dark} ({quantity}≈0) {zero}."
    if quantity in _SIGNED:
        label, span = _SIGNED[quantity]
        negative, positive = STATE_ENDS
        return f"{label}: {positive} positive, {negative} negative, white near 0 ({span})."
    known = ("z", *_GATE_SIDES, *_SIGNED)
    raise ValueError(f"quantity must be one of {known}, got {quantity!r}")
