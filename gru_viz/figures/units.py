"""A handful of followed units over time: one line per unit, one panel per gate or state.

Data in (named (T, n) arrays, as heatmap_stack takes them, and the units followed), go.Figure out.
At 512 units a heatmap row is a pixel or two high: following a unit reads its exact values step by
step, which is how a learner checks what a sorted heatmap suggests ("unit 17 keeps its state
across the sentence"). Gates share the fixed range [0, 1] and states [-1, 1] on every panel, as
on the heatmaps, so a line's height means the same number everywhere.
"""

import numpy as np
import plotly.graph_objects as go

from . import style
from .sequence import domains_for
from .text import plotly_literal, plotly_literals

# Okabe and Ito's palette without its yellow (under 3:1 on white) and sky blue (beside blue under
# tritanomaly), black last: lines a panel keeps apart by colour.
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#000000")
MAX_FOLLOWED = len(LINE_COLOURS)
RANGES = {"gate": (-0.05, 1.05), "state": (-1.08, 1.08)}
PANEL_PX = 190


def unit_lines(panels, tokens, *, units, step=None, title=None, height=None) -> go.Figure:
    """The followed units' values over time: one panel per quantity, one line (and colour) per unit.

    Parameters
    ----------
    panels: list of (str, array-like (T, n), str)
        (label, values, kind) per panel, top to bottom, as heatmap_stack takes them; kind "gate"
        draws over [0, 1], "state" over [-1, 1], "free" over a range fitted to the values.
    tokens: list of str, (T,)
        The time axis labels (a leading "t=" is dropped), each step's token on hover.
    units: list of int
        The units followed (columns of the values), 1 to MAX_FOLLOWED of them; unit k keeps its
        colour on every panel.
    step: int or None (default `None`)
        A time step marked by a vertical line on every panel; None: none.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int or None (default `None`)
        The figure height in pixels; None: 190 px a panel.

    Returns
    -------
        plotly.graph_objects.Figure: one go.Scatter per panel and unit, legend entries once per unit.
    """
    units = [int(u) for u in units]
    if not 1 <= len(units) <= MAX_FOLLOWED:
        raise ValueError(f"follow 1 to {MAX_FOLLOWED} units, got {len(units)}")
    T = len(tokens)
    t = np.arange(T)
    shown_tokens = plotly_literals(tokens)
    height = height or 110 + PANEL_PX * len(panels)
    top, bottom = (60 if title else 30), 80
    domains = domains_for([1] * len(panels), gap=46 / max(height - top - bottom, 1))
    data, layout, titles, shapes = [], {}, [], []
    for k, ((label, values, kind), (lo, hi)) in enumerate(zip(panels, domains), start=1):
        values = np.asarray(values, dtype=np.float64)[:, units]
        label = plotly_literal(label)
        axis = "" if k == 1 else str(k)
        for colour, (j, unit) in zip(LINE_COLOURS, enumerate(units)):
            data.append(dict(
                type="scatter", x=t, y=values[:, j], mode="lines" if T > 60 else "lines+markers",
                name=f"unit {unit}", legendgroup=str(unit), showlegend=k == 1, line=dict(color=colour, width=2),
                marker=dict(size=5, color=colour), xaxis=f"x{axis}", yaxis=f"y{axis}", customdata=shown_tokens,
                hovertemplate=f"unit {unit}, {label}, step %{{x}} (%{{customdata}}): %{{y:.4f}}<extra></extra>",
            ))
        if kind in RANGES:
            y_range = list(RANGES[kind])
        else:
            bound = float(max(np.max(np.abs(values)), 1e-9)) * 1.08
            y_range = [-bound, bound]
        last = k == len(panels)
        layout[f"xaxis{axis}"] = dict(anchor=f"y{axis}", matches=None if k == 1 else "x", range=[-0.5, T - 0.5],
                                      showticklabels=last, title=dict(text="time step") if last else None,
                                      showgrid=True, gridcolor="#eee", zeroline=False,
                                      **(dict(tickmode="array", tickvals=t, ticktext=[tok.removeprefix("t=") for tok
                                              in shown_tokens]) if T <= 30 else {}))
        layout[f"yaxis{axis}"] = dict(anchor=f"x{axis}", domain=[lo, hi], range=y_range,
                                      title=dict(text="value", standoff=2), showgrid=True, gridcolor="#eee",
                                      zeroline=kind != "gate", zerolinecolor="#bbb")
        titles.append(dict(text=label, x=0.5, xref="paper", y=hi, yref="paper", yanchor="bottom", showarrow=False,
                           font=dict(size=13)))
        if step is not None:
            shapes.append(dict(type="line", xref=f"x{axis}", yref=f"y{axis} domain", x0=step, x1=step, y0=0, y1=1,
                               line=dict(color=style.SELECTED, width=1.5, dash="dot")))
    layout.update(title=title, font=style.FONT, height=height, margin=dict(l=55, r=10, t=top, b=bottom),
                  plot_bgcolor="white", annotations=titles, shapes=shapes, hovermode="closest",
                  legend=dict(orientation="h", yanchor="top", y=-60 / max(height - top - bottom, 1), x=0.0))
    return go.Figure(data=data, layout=layout)
