"""What the live view (ui/live_view.py, its scripts in static/live/) is given: plain data, no
Streamlit, so that AppTest and the browser tests build it the same way.

The browser computes every gate itself from the state's numbers (static/live/forward.js, a
transcription of gru_step held to the NumPy trace). It is also given the server's states h_t: where
its own differ from them by more than 1e-12 (weights that amplify rounding, see forward.js), it
runs each step from the server's h_{t-1}, which reproduces the server's trace exactly.

Words and colours come from the modules that say them once (gru_viz.conventions,
gru_viz.figures.style), so the browser never spells a convention on its own.
"""

from dataclasses import asdict
from functools import cache

import plotly.colors

from gru_viz.conventions import CONVENTIONS
from gru_viz.figures import style

from .state import AppState


def _rows(matrix):
    return [list(row) for row in matrix]


def state_data(state: AppState, unit: int) -> dict:
    """The numbers the browser's forward pass needs, as the state stores them, and where it is."""
    clamp = state.clamp
    return {
        "x": _rows(state.x),
        "W_ih": _rows(state.W_ih),
        "W_hh": _rows(state.W_hh),
        "b_ih": list(state.b_ih),
        "b_hh": None if state.b_hh is None else list(state.b_hh),
        "reset": state.reset,
        "z_convention": state.z_convention,
        "clamp": None if clamp is None else {"gate": clamp.gate, "value": clamp.value, "unit": clamp.unit},
        "step": state.step,
        "unit": unit,
        "text_mode": state.text is not None,  # the inputs are the text's embedding: not dragged
    }


@cache  # the same on every rerun: built once (Plotly's colour-scale lookups, the legends' sentences)
def style_data() -> dict:
    """Colours, colour scales (Plotly's own stops, so the heatmaps match every other chart), value
    ranges, labels and symbols, from gru_viz.figures.style."""
    return {
        "colours": dict(style.COLOURS),
        "scales": {name: plotly.colors.get_colorscale(scale) for name, scale in style.SCALES.items()},
        "ranges": {name: list(span) for name, span in style.RANGES.items()},
        "labels": dict(style.LABELS),
        "symbols": dict(style.SYMBOLS),
        "selected": style.SELECTED,
        "font": dict(style.FONT),
    }


@cache
def words_data(z_convention: str) -> dict:
    """The shown convention's words and formulas (gru_viz.conventions.Convention's fields), with the
    legend line of each heatmap's colours."""
    shown = asdict(CONVENTIONS[z_convention])
    shown["legends"] = {q: style.colour_legend(q, z_convention) for q in ("x", "r", "z", "h_tilde", "h")}
    return shown


def live_data(state: AppState, trace, *, view: str, unit: int, presentation: bool = False) -> dict:
    """Everything the live view draws from (its style and words shared between calls: read them,
    never change them): `view` is "cell", "sequence" or "edit"; `trace` the
    server's GRUTrace of the state (its states h go along, see the module docstring)."""
    return {
        "view": view,
        "state": state_data(state, unit),
        "states": trace.h.ravel().tolist(),
        "tokens": list(state.tokens()),
        "steps": state.steps,
        "words": words_data(state.z_convention),
        "style": style_data(),
        "presentation": bool(presentation),
    }
