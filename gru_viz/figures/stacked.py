"""Stacked and bidirectional GRUs: a wiring diagram, and one heatmap per layer and direction.

Data in (sizes, or a NetworkTrace), go.Figure out. The wiring is PyTorch's (gru_viz.network):
layer 0 reads x; each later layer reads the outputs of the layer below, the forward and backward
states of a step concatenated (forward first); the backward direction reads the sequence from its
last step to its first, and its states are stored in input-time order.
"""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import style
from .text import plotly_literals

DIRECTION = ("forward", "backward")
# Half the height of every box, in axis units (rows are 1 apart). A box holds one line of text: with
# two ("layer 0, forward" over "reads x0 → x11") the boxes ran out of height once presentation mode
# fitted the figure to a projector's screen with its text 1.45 times larger.
HALF = 0.3


def stack_diagram(num_layers, bidirectional, input_size, hidden_size, *, steps, title=None,
                  height=None) -> go.Figure:
    """The wiring of a stacked (and bidirectional) GRU, top to bottom, with the numbers on each arrow.

    x, each layer's directions, the concatenation that feeds the next layer (bidirectional only),
    and the output; each arrow says how many numbers travel along it at a step.

    Parameters
    ----------
    num_layers: int
        The number of stacked layers, L.
    bidirectional: bool
        Whether each layer has a backward direction beside the forward one.
    input_size, hidden_size: int
        I, the numbers in x at a step, and H, a direction's units.
    steps: int
        T, the number of time steps (a count, as everywhere here).
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int or None (default `None`)
        The figure height in pixels; None: fitted to the number of rows.

    Returns
    -------
        plotly.graph_objects.Figure: a diagram on hidden axes (layout shapes for the boxes, layout
        annotations for their text and the arrows).
    """
    D, H, T = 2 if bidirectional else 1, hidden_size, steps
    centre, spread = 6.0, 2.4
    xs = [centre] if D == 1 else [centre - spread, centre + spread]
    colour = (style.COLOURS["gru"], style.COLOURS["h_tilde"])
    boxes, arrows = [], []  # boxes: (x, y, half width, text, colour, shape); arrows: (from, to, label)
    boxes.append((centre, 0.0, 2.0, f"<b>input x</b>: {T} steps × {input_size}", style.COLOURS["x"], "rect"))
    above, width, y = [0], input_size, 0.0
    for l in range(num_layers):
        y -= 1.0
        here = []
        for d, x in enumerate(xs):
            order = f"x<sub>0</sub> → x<sub>{T - 1}</sub>" if d == 0 else f"x<sub>{T - 1}</sub> → x<sub>0</sub>"
            boxes.append((x, y, 1.9, f"<b>layer {l}, {DIRECTION[d]}</b>: reads {order}", colour[d], "rect"))
            here.append(len(boxes) - 1)
            for a in above:
                arrows.append((a, here[-1], f"{width} numbers a step" if d == D - 1 and a == above[-1] else None))
        last = l == num_layers - 1
        if D == 2 or last:
            y -= 1.0
            text = (f"<b>[h→ ; h←]</b> concatenated: {2 * H} numbers a step" if D == 2 else f"<b>h</b>: {H} a step")
            if last:
                text = f"<b>output</b>: {T} steps × {D * H}" + (" = [h→ ; h←]" if D == 2 else "")
            boxes.append((centre, y, 2.4 if last else 2.9, text, style.COLOURS["h"], "rect" if last else "circle"))
            arrows += [(b, len(boxes) - 1, None) for b in here]
            above, width = [len(boxes) - 1], D * H
        else:
            above, width = here, H
    fig = go.Figure()
    for a, b, label in arrows:
        (x0, y0), (x1, y1) = boxes[a][:2], boxes[b][:2]
        fig.add_annotation(x=x1, y=y1 + HALF, ax=x0, ay=y0 - HALF, xref="x", yref="y", axref="x", ayref="y", text="",
                           showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=1.6, arrowcolor="#888")
        if label:
            fig.add_annotation(x=max(x0, x1) + 0.15, y=(y0 + y1) / 2, text=label, showarrow=False, xanchor="left",
                               font=dict(size=12, color="#555"))
    for x, y, half, text, line, shape in boxes:
        fig.add_shape(type=shape, x0=x - half, x1=x + half, y0=y - HALF, y1=y + HALF,
                      line=dict(color=line, width=2.2), fillcolor="white", layer="below")
        fig.add_annotation(x=x, y=y, text=text, showarrow=False, font=dict(size=13, color="#222"))
    if num_layers > 1:
        fig.add_annotation(x=centre + spread + 2.2, y=-1.5 if D == 1 else -2.0, xanchor="left", align="left",
                           showarrow=False, font=dict(size=12, color="#555"),
                           text="each layer's output<br>is the next layer's input")
    fig.update_xaxes(visible=False, range=[0.6, 13.2])
    fig.update_yaxes(visible=False, range=[y - 0.45, 0.45])
    fig.update_layout(title=title, font=style.FONT, height=height or int(40 + 72 * (1 - y)), showlegend=False,
                      margin=dict(l=10, r=10, t=40 if title else 10, b=10), plot_bgcolor="white", dragmode=False)
    return fig


def layer_heatmaps(trace, tokens, *, gate="h", title=None, height=None) -> go.Figure:
    """A heatmap (units by time) of one recorded quantity for every layer and direction of a GRU.

    Layers are rows and directions columns; each map is titled with the order in which its
    direction reads the steps, and an arrow along its top edge points that way.

    Parameters
    ----------
    trace: NetworkTrace
        A GRU's record (`trace.cells[layer][direction]`, GRUTraces of T steps, H units).
    tokens: list of str, (T,)
        The time axis labels (a leading "t=" is dropped; drawn up to 30 steps) and hover text.
    gate: str, "r", "z", "h_tilde" or "h" (default `"h"`)
        The cell field drawn: a gate (on the gate scale over [0, 1]) or the candidate or state (on
        the diverging scale over [-1, 1]).
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int or None (default `None`)
        The figure height in pixels; None: fitted to the layers and units.

    Returns
    -------
        plotly.graph_objects.Figure: one go.Heatmap per layer and direction, z = values.T (H, T).
    """
    cells = trace.cells
    tokens = plotly_literals(tokens)  # a learner's tokens, shown as typed
    L, D = len(cells), len(cells[0])
    T, H = cells[0][0].h.shape
    titles = [f"layer {l}, {DIRECTION[d]}: reads {'0 → ' + str(T - 1) if d == 0 else str(T - 1) + ' → 0'}"
              for l in range(L) for d in range(D)]
    fig = make_subplots(rows=L, cols=D, shared_xaxes=True, horizontal_spacing=0.06,
                        vertical_spacing=0.2 / max(L - 1, 1) if L > 1 else 0.0, subplot_titles=titles)
    fig.update_annotations(yshift=12)  # the titles sit above the arrows drawn along each map's top edge
    zmin, zmax = style.RANGES[gate]
    for l in range(L):
        for d in range(D):
            values = np.asarray(getattr(cells[l][d], gate), dtype=np.float64).T  # (H, T)
            fig.add_trace(
                go.Heatmap(z=values, x=np.arange(T), y=np.arange(H), zmin=zmin, zmax=zmax,
                           colorscale=style.SCALES[gate], showscale=(l, d) == (0, 0), xgap=1, ygap=1,
                           colorbar=dict(title=dict(text=style.LABELS[gate], side="right"), thickness=12, x=1.01),
                           customdata=np.broadcast_to(np.asarray(tokens, dtype=object), values.shape),
                           hovertemplate=f"layer {l} {DIRECTION[d]}, unit %{{y}}, step %{{x}} (%{{customdata}}): "
                           "%{z:.4f}<extra></extra>"),
                row=l + 1, col=d + 1,
            )
            fig.update_yaxes(autorange="reversed", tickvals=list(range(H)) if H <= 8 else None,
                             title_text="unit" if d == 0 else None, row=l + 1, col=d + 1)
            k = l * D + d + 1
            suffix = "" if k == 1 else str(k)
            start, end = (-0.5, T - 0.5) if d == 0 else (T - 0.5, -0.5)
            fig.add_annotation(x=end, y=1.0, ax=start, ay=1.0, xref=f"x{suffix}", yref=f"y{suffix} domain",
                               axref=f"x{suffix}", ayref=f"y{suffix} domain", text="", showarrow=True,
                               arrowhead=2, arrowsize=1.0, arrowwidth=2.5, arrowcolor=style.COLOURS["gru"] if d == 0
                               else style.COLOURS["h_tilde"], standoff=0, startstandoff=0)
    labels = [str(t).removeprefix("t=") for t in tokens]
    fig.update_xaxes(tickmode="array", tickvals=np.arange(T) if T <= 30 else None,
                     ticktext=labels if T <= 30 else None, range=[-0.5, T - 0.5], showgrid=False)
    for d in range(D):
        fig.update_xaxes(title_text="time step", row=L, col=d + 1)
    fig.update_annotations(font=dict(size=13))
    fig.update_layout(title=title, font=style.FONT, height=height or 60 + L * (40 + 24 * H + 60),
                      margin=dict(l=55, r=10, t=70 if title else 50, b=45), dragmode=False, plot_bgcolor="white")
    return fig
