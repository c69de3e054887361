"""A diagram of one GRU step, drawn from the live trace: every box shows the selected step's numbers.

Data in (a GRUTrace, a step, optionally one unit), go.Figure out. The wiring follows the trace's
own conventions: which side z multiplies (the 1 - z branch moves with it) and where r acts
(on h_{t-1} before W_h, or on W_hn h_{t-1} after it). For a few units each box lists the vector;
for more, the chosen unit's value.
"""

import re

import plotly.graph_objects as go

from ..conventions import convention, kept, taken
from . import style
from .diagram import arrows_trace, diagram_figure, edge_point, input_text, node_parts, note, vector_text

# Of every node, in axis units. The height leaves two lines of text room to spare: presentation mode
# draws the text 1.45 times larger in a figure at most as much taller (ui/charts.py).
HALF_WIDTH, HALF_HEIGHT = 1.15, 0.72


def cell_diagram(trace, step, *, unit=None, clamp=None, title=None, height=470) -> go.Figure:
    """The GRU cell at one step: x_t and h_{t-1} in, r, z, h~, the products, 1 - z, and h_t out.

    Parameters
    ----------
    trace: GRUTrace
        One GRU cell's record (T steps, H units); its z_convention and reset position set the wiring.
    step: int
        The time step drawn, 0 <= step < T.
    unit: int or None (default `None`)
        One unit's value in every box; None shows whole vectors (readable up to 3 units).
    clamp: (str, float, int or None) or None (default `None`)
        (gate, value, unit): the gate "r" or "z" that the caller forced to `value` for one unit (None:
        every unit). The gate's box is dashed and a note above it says so; None: no gate is forced.
    title: str or None (default `None`)
        The figure title; None gives "One GRU step at t = {step}".
    height: int (default `470`)
        The figure height in pixels.

    Returns
    -------
        plotly.graph_objects.Figure: a diagram on hidden axes (layout shapes for the boxes, one trace
        of arrows and one of node text whose `ids` are the node names); a clamp adds the
        annotation named "clamp".
    """
    t = int(step)
    meaning = convention(trace.z_convention)
    after = trace.reset == "after"
    v = {name: getattr(trace, name)[t] for name in ("x", "h_prev", "r", "z", "h_tilde", "h")}
    one_minus_z = 1.0 - v["z"]
    keep = kept(v["z"], trace.z_convention)  # the weight on h_{t-1}
    take = taken(v["z"], trace.z_convention)  # the weight on h~_t
    rec = trace.h_tilde_rec[t]
    reset_value = v["r"] * rec if after else v["r"] * v["h_prev"]
    suffix = "" if unit is None else f" (unit {unit})"
    x_text = input_text(v["x"])

    nodes = {  # name: (x, y, label, value, colour, shape)
        "h_prev": (0.9, 6.0, "h<sub>t−1</sub>", vector_text(v["h_prev"], unit), style.COLOURS["h_prev"], "rect"),
        "x": (0.9, 0.6, "x<sub>t</sub>", x_text, style.COLOURS["x"], "rect"),
        "r": (3.4, 2.9, "σ → r<sub>t</sub>", vector_text(v["r"], unit), style.COLOURS["r"], "rect"),
        "z": (6.0, 2.9, "σ → z<sub>t</sub>", vector_text(v["z"], unit), style.COLOURS["z"], "rect"),
        "one_minus": (6.0, 4.75, "1 − z", vector_text(one_minus_z, unit), style.COLOURS["z"], "circle"),
        "reset": (
            8.6,
            4.4,
            # A thin space after the subscript: without it the h touched the "hn" (a full space made
            # the label too wide for its box at 600 px)
            "r ⊙ (W<sub>hn</sub>\u2009h+b)" if after else "r ⊙ h<sub>t−1</sub>",
            vector_text(reset_value, unit),
            style.COLOURS["r"],
            "circle",
        ),
        "h_tilde": (
            8.6,
            2.0,
            "tanh → h̃<sub>t</sub>",
            vector_text(v["h_tilde"], unit),
            style.COLOURS["h_tilde"],
            "rect",
        ),
        "keep": (11.2, 6.0, "⊙ old part", vector_text(keep * v["h_prev"], unit), style.COLOURS["h_prev"], "circle"),
        "take": (11.2, 2.0, "⊙ new part", vector_text(take * v["h_tilde"], unit), style.COLOURS["h_tilde"], "circle"),
        "h": (13.5, 4.0, "+ → h<sub>t</sub>", vector_text(v["h"], unit), style.COLOURS["h"], "rect"),
    }
    edges = [
        ("h_prev", "keep"),
        ("h_prev", "r"),
        ("h_prev", "z"),
        ("h_prev", "reset"),
        ("x", "r"),
        ("x", "z"),
        ("x", "h_tilde"),
        ("r", "reset"),
        ("reset", "h_tilde"),
        ("h_tilde", "take"),
        ("keep", "h"),
        ("take", "h"),
    ]
    # z feeds the product of the side it multiplies; the 1 - z branch feeds the other.
    z_feeds, rest_feeds = ("keep", "take") if meaning.z_on == "h_prev" else ("take", "keep")
    edges += [("z", "one_minus"), ("one_minus", rest_feeds), ("z", z_feeds)]

    shapes, texts = node_parts(nodes, HALF_WIDTH, HALF_HEIGHT)
    notes = []
    if clamp is not None:
        gate, value, forced_unit = clamp
        shapes[list(nodes).index(gate)]["line"].update(dash="dash", width=3.5)
        notes.append(clamp_note(nodes[gate], gate, value, forced_unit))
    arrows = arrows_trace(
        (
            edge_point(nodes[a], nodes[b], HALF_WIDTH, HALF_HEIGHT),
            edge_point(nodes[b], nodes[a], HALF_WIDTH, HALF_HEIGHT),
        )
        for a, b in edges
    )
    z_note = f"{meaning.label}: {subscripts(meaning.formula)}"
    r_note = (
        "reset after W<sub>hn</sub> (PyTorch, Keras default)" if after else "reset before W<sub>h</sub> (Cho et al.)"
    )
    return diagram_figure(
        shapes,
        [arrows, texts],
        [note(7.2, -0.35, f"{z_note} · {r_note}"), *notes],
        title=title or f"One GRU step at t = {t}{suffix}",
        height=height,
        y_range=(-0.7, 6.8),
    )


def subscripts(text):
    """Plain-text subscripts as the HTML Plotly draws: "h_{t−1}", "h_t" as h<sub>t−1</sub>, h<sub>t</sub>."""
    return re.sub(r"_\{([^}]*)\}|_(\w)", lambda m: f"<sub>{m[1] or m[2]}</sub>", text)


def clamp_note(node, gate, value, unit):
    """The line above a forced gate's box: which units are clamped, and to what."""
    x, y, colour = node[0], node[1] + HALF_HEIGHT, node[4]
    who = "every unit" if unit is None else f"unit {unit}"
    return dict(
        x=x, y=y, yanchor="bottom", name="clamp", showarrow=False,
        text=f"<b>{gate} clamped to {value:.2f}</b> ({who})",
        font=dict(size=12, color=colour), bgcolor="rgba(255,255,255,0.85)",
    )
