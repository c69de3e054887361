"""A diagram of one LSTM step, drawn from the live trace in the style of cell.py's GRU diagram.

Data in (an LSTMTrace, a step, optionally one unit), go.Figure out. Three gates (forget f, input
i, output o) and the cell candidate g all read [h_{t-1}, x_t] (the bus along the bottom); the cell
state c runs along the top, where f scales the old cell and i ⊙ g is added; h_t = o ⊙ tanh(c_t).
PyTorch's equations (gru_viz.cells.lstm).
"""

import plotly.graph_objects as go

from . import style
from .diagram import arrows_trace, diagram_figure, edge_point, input_text, node_parts, note, vector_text

BUS_Y = 0.45  # the line that carries [h_{t-1}, x_t] to every gate
W_BOX, H_BOX = 1.05, 0.68  # half width and half height of every node, in axis units (as cell.py's)


def lstm_diagram(trace, step, *, unit=None, title=None, height=470) -> go.Figure:
    """The LSTM cell at one step: c_{t-1}, h_{t-1} and x_t in; f, i, g, o; c_t and h_t out.

    Parameters
    ----------
    trace: LSTMTrace
        One LSTM cell's record (T steps, H units).
    step: int
        The time step drawn, 0 <= step < T.
    unit: int or None (default `None`)
        One unit's value in every box; None shows whole vectors (readable up to 3 units).
    title: str or None (default `None`)
        The figure title; None gives "One LSTM step at t = {step}".
    height: int (default `470`)
        The figure height in pixels.

    Returns
    -------
        plotly.graph_objects.Figure: a diagram on hidden axes (layout shapes for the boxes and the
        bus, one trace of arrows and one of node text whose `ids` are the node names).
    """
    t = int(step)
    v = {name: getattr(trace, name)[t] for name in ("x", "h_prev", "c_prev", "i", "f", "g", "o", "c", "c_tanh", "h")}
    suffix = "" if unit is None else f" (unit {unit})"
    x_text = input_text(v["x"])
    C = style.COLOURS
    nodes = {  # name: (x, y, label, value, colour, shape)
        "c_prev": (0.9, 6.0, "c<sub>t−1</sub>", vector_text(v["c_prev"], unit), C["c"], "rect"),
        "h_prev": (0.9, 3.6, "h<sub>t−1</sub>", vector_text(v["h_prev"], unit), C["h_prev"], "rect"),
        "x": (0.9, 1.6, "x<sub>t</sub>", x_text, C["x"], "rect"),
        "f": (3.9, 2.6, "σ → f<sub>t</sub>", vector_text(v["f"], unit), C["f"], "rect"),
        "i": (6.3, 2.6, "σ → i<sub>t</sub>", vector_text(v["i"], unit), C["i"], "rect"),
        "g": (8.7, 2.6, "tanh → g<sub>t</sub>", vector_text(v["g"], unit), C["g"], "rect"),
        "o": (11.1, 2.6, "σ → o<sub>t</sub>", vector_text(v["o"], unit), C["o"], "rect"),
        "forget": (3.9, 6.0, "f ⊙ c<sub>t−1</sub>", vector_text(v["f"] * v["c_prev"], unit), C["f"], "circle"),
        "write": (7.5, 4.3, "i ⊙ g", vector_text(v["i"] * v["g"], unit), C["i"], "circle"),
        "c": (7.5, 6.0, "+ → c<sub>t</sub>", vector_text(v["c"], unit), C["c"], "rect"),
        "c_tanh": (11.1, 4.6, "tanh c<sub>t</sub>", vector_text(v["c_tanh"], unit), C["c"], "circle"),
        "h": (13.5, 3.6, "o ⊙ → h<sub>t</sub>", vector_text(v["h"], unit), C["h"], "rect"),
        "c_out": (13.5, 6.0, "c<sub>t</sub> (next step)", vector_text(v["c"], unit), C["c"], "rect"),
    }
    edges = [
        ("c_prev", "forget"),
        ("f", "forget"),
        ("forget", "c"),
        ("i", "write"),
        ("g", "write"),
        ("write", "c"),
        ("c", "c_out"),
        ("c", "c_tanh"),
        ("c_tanh", "h"),
        ("o", "h"),
    ]
    segments = [
        (edge_point(nodes[a], nodes[b], W_BOX, H_BOX), edge_point(nodes[b], nodes[a], W_BOX, H_BOX)) for a, b in edges
    ]
    # The bus: h_{t-1} and x_t join into [h_{t-1}, x_t], which feeds every gate from below.
    bus, join = dict(color="#888", width=1.6), 2.45
    x_left, h_y = nodes["x"][0], nodes["h_prev"][1]
    shapes = [
        dict(type="line", x0=x_left, x1=nodes["o"][0], y0=BUS_Y, y1=BUS_Y, line=bus),
        dict(type="line", x0=x_left, x1=x_left, y0=BUS_Y, y1=nodes["x"][1] - H_BOX, line=bus),
        dict(type="line", x0=nodes["h_prev"][0] + W_BOX, x1=join, y0=h_y, y1=h_y, line=bus),
        dict(type="line", x0=join, x1=join, y0=BUS_Y, y1=h_y, line=bus),
    ]
    segments += [((nodes[gate][0], BUS_Y), (nodes[gate][0], nodes[gate][1] - H_BOX)) for gate in ("f", "i", "g", "o")]
    node_shapes, texts = node_parts(nodes, W_BOX, H_BOX)
    notes = [
        note(7.5, BUS_Y - 0.35, "[h<sub>t−1</sub>, x<sub>t</sub>] feeds all four"),
        note(
            7.2,
            -0.45,
            "c<sub>t</sub> = f ⊙ c<sub>t−1</sub> + i ⊙ g · h<sub>t</sub> = o ⊙ "
            "tanh(c<sub>t</sub>) · PyTorch's gate order i, f, g, o",
        ),
    ]
    return diagram_figure(
        shapes + node_shapes,
        [arrows_trace(segments), texts],
        notes,
        title=title or f"One LSTM step at t = {t}{suffix}",
        height=height,
        y_range=(-0.8, 6.8),
    )
