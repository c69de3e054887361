"""The drawing parts that the GRU and LSTM cell diagrams share: number text, arrows, nodes, and
the one-call figure.

A node is (x, y, label, value text, colour, "rect" or "circle"): a box, or a pill (a box with round
corners) for an operation. Boxes and pills are layout shapes; every
arrow is a segment of one line trace with arrow-head markers, and every node's text is a point of
one text trace. Why traces rather than annotations: these figures are redrawn at every step, and
in the browser Plotly redraws 26 annotations (each arrow measured with getTotalLength) in about
10 ms against 6 ms for the same picture as two traces (Plotly.react, measured in chromium). The
figure is made in one call: adding parts one by one re-validates the layout each time.
"""

import numpy as np
import plotly.graph_objects as go

from . import style

ARROW_COLOUR = "#888"


PER_LINE = 2  # numbers on one line of a box: three did not fit a box 2.3 axis units wide at 720 px
SHOWN_INPUTS = 4  # an input vector up to this long is listed whole; a longer one is cut with "…"


def vector_text(vector, unit):
    """A box's number text: one unit's value, or the whole (short) vector, PER_LINE numbers a line."""
    vector = np.atleast_1d(vector)
    if unit is not None:
        return f"{vector[unit]:+.3f}"
    return _listed([f"{v:+.2f}" for v in vector])


def input_text(x):
    """The x_t box's number text: the input vector, its first line alone and its length when longer."""
    x = np.atleast_1d(x)
    if x.size <= SHOWN_INPUTS:
        return vector_text(x, None)
    return _listed([f"{v:+.2f}" for v in x[:PER_LINE]] + [f"… {x.size} numbers"])


def _listed(numbers):
    lines = [", ".join(numbers[i : i + PER_LINE]) for i in range(0, len(numbers), PER_LINE)]
    return "[" + ",<br>".join(lines) + "]"


def edge_point(node, towards, half_width, half_height):
    """Where the line from `node`'s centre towards another point leaves node's box (a pill's rounded
    corners are within the 2 px standoff of the arrow heads)."""
    (x, y), (x1, y1) = node[:2], towards[:2]
    dx, dy = x1 - x, y1 - y
    t = min(half_width / abs(dx) if dx else np.inf, half_height / abs(dy) if dy else np.inf)
    return x + t * dx, y + t * dy


def arrows_trace(segments):
    """One trace that draws every ((x0, y0), (x1, y1)) segment as an arrow ending at (x1, y1)."""
    xs, ys, sizes = [], [], []
    for (x0, y0), (x1, y1) in segments:
        xs += [x0, x1, None]
        ys += [y0, y1, None]
        sizes += [0, 11, 0]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines+markers",
        line=dict(color=ARROW_COLOUR, width=1.6),
        hoverinfo="skip",
        marker=dict(symbol="arrow", angleref="previous", size=sizes, color=ARROW_COLOUR, standoff=2),
        name="arrows",
    )


def node_parts(nodes, half_width, half_height):
    """(shapes, text trace) that draw every node: an outlined box or ellipse, its label and value.

    The text trace's `ids` are the node names, so a test can find a node's text.
    """
    shapes = [
        dict(
            **(box(x, y, half_width, half_height) if shape == "rect" else pill(x, y, half_width, half_height)),
            line=dict(color=colour, width=2.5),
            fillcolor="white",
            layer="below",
        )
        for x, y, label, value, colour, shape in nodes.values()
    ]
    texts = go.Scatter(
        x=[node[0] for node in nodes.values()],
        y=[node[1] for node in nodes.values()],
        text=[f"<b>{node[2]}</b><br>{node[3]}" for node in nodes.values()],
        ids=list(nodes),
        mode="text",
        textfont=dict(size=13, color="#222"),
        hoverinfo="skip",
        name="nodes",
    )
    return shapes, texts


def box(x, y, half_width, half_height):
    """A rectangle centred on (x, y), as a layout shape's geometry."""
    return dict(type="rect", x0=x - half_width, x1=x + half_width, y0=y - half_height, y1=y + half_height)


def pill(x, y, half_width, half_height, corner=0.6):
    """A box centred on (x, y) whose corners are rounded over `corner` of its half-height: the mark
    of an operation node. Not an ellipse: an ellipse as wide leaves its top and bottom lines of text
    about 20 % less room, and three-number vectors ran out of it at the app's usual widths."""
    ry = corner * half_height
    rx = min(1.2 * ry, half_width)  # an x unit is drawn about 1/1.2 of a y unit: round corners, not oval
    left, right, bottom, top = x - half_width, x + half_width, y - half_height, y + half_height
    path = (
        f"M {left + rx},{bottom} L {right - rx},{bottom} Q {right},{bottom} {right},{bottom + ry} "
        f"L {right},{top - ry} Q {right},{top} {right - rx},{top} L {left + rx},{top} "
        f"Q {left},{top} {left},{top - ry} L {left},{bottom + ry} Q {left},{bottom} {left + rx},{bottom} Z"
    )
    return dict(type="path", path=path)


def note(x, y, text):
    """A small grey line of text at (x, y)."""
    return dict(x=x, y=y, text=text, showarrow=False, font=dict(size=12, color="#555"))


def diagram_figure(shapes, traces, notes, *, title, height, y_range):
    """The diagram as one go.Figure: hidden axes over x in [-0.3, 14.7] and the given y range."""
    return go.Figure(
        data=traces,
        layout=dict(
            annotations=notes,
            shapes=shapes,
            title=title,
            font=style.FONT,
            height=height,
            margin=dict(l=10, r=10, t=50, b=10),
            plot_bgcolor="white",
            showlegend=False,
            dragmode=False,
            hovermode=False,
            xaxis=dict(visible=False, range=[-0.3, 14.7], fixedrange=True),
            yaxis=dict(visible=False, range=list(y_range), fixedrange=True),
        ),
    )
