"""The drawing parts that the GRU and LSTM cell diagrams share: number text, arrows, nodes, and
the one-call figure.

A node is (x, y, label, value text, colour, "rect" or "circle"); an edge is an arrow annotation.
The figure is made in one call with every shape and label: adding them one by one re-validates
the layout each time and costs about ten times as much, and these figures are rebuilt at every step.
"""

import numpy as np
import plotly.graph_objects as go

from . import style

ARROW = dict(
    xref="x",
    yref="y",
    axref="x",
    ayref="y",
    text="",
    showarrow=True,
    arrowhead=2,
    arrowsize=1.2,
    arrowwidth=1.6,
    arrowcolor="#888",
)


def vector_text(vector, unit):
    """A box's number text: one unit's value, or the whole (short) vector."""
    vector = np.atleast_1d(vector)
    if unit is not None:
        return f"{vector[unit]:+.3f}"
    return "[" + ", ".join(f"{v:+.2f}" for v in vector) + "]"


def arrow(start, end, standoff=0):
    """An arrow annotation from `start` to `end` (axis coordinates), stopping `standoff` px short."""
    (x0, y0), (x1, y1) = start, end
    return dict(ARROW, x=x1, y=y1, ax=x0, ay=y0, standoff=standoff, startstandoff=standoff)


def node_parts(nodes, half_width, half_height):
    """(shapes, annotations) that draw every node: an outlined box or ellipse with its label and value."""
    shapes, annotations = [], []
    for name, (x, y, label, value, colour, shape) in nodes.items():
        shapes.append(
            dict(
                type="rect" if shape == "rect" else "circle",
                x0=x - half_width,
                x1=x + half_width,
                y0=y - half_height,
                y1=y + half_height,
                line=dict(color=colour, width=2.5),
                fillcolor="white",
                layer="below",
            )
        )
        annotations.append(
            dict(
                x=x,
                y=y,
                text=f"<b>{label}</b><br>{value}",
                showarrow=False,
                font=dict(size=13, color="#222"),
                name=name,
            )
        )
    return shapes, annotations


def note(x, y, text):
    """A small grey line of text at (x, y)."""
    return dict(x=x, y=y, text=text, showarrow=False, font=dict(size=12, color="#555"))


def diagram_figure(shapes, annotations, *, title, height, y_range):
    """The diagram as one go.Figure: hidden axes over x in [-0.3, 14.7] and the given y range."""
    return go.Figure(
        layout=dict(
            annotations=annotations,
            shapes=shapes,
            title=title,
            font=style.FONT,
            height=height,
            margin=dict(l=10, r=10, t=50, b=10),
            plot_bgcolor="white",
            showlegend=False,
            dragmode=False,
            xaxis=dict(visible=False, range=[-0.3, 14.7]),
            yaxis=dict(visible=False, range=list(y_range)),
        )
    )
