"""Heatmaps (units by time) of any gates and states, stacked on one shared time axis.

Data in (named (T, n) arrays), go.Figure out: the general form of sequence.py's GRU heatmaps, for
pages that put other things side by side (two conventions, a GRU and an LSTM). Colours follow
style.py: gates in [0, 1] on the gate scale, h~, g and h in [-1, 1] on the diverging scale, and
unbounded values (an LSTM's cell state) on the diverging scale over a symmetric range that fits.
"""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import style

KINDS = ("gate", "state", "free")


def heatmap_stack(panels, tokens, *, step=None, title=None, height=None):
    """One heatmap row per panel, sharing the time axis.

    panels: (label, values (T, n), kind) with kind "gate" ([0, 1]), "state" ([-1, 1]) or "free"
    (symmetric range fitted to the values); tokens: T labels for the time axis; step: the outlined
    column.
    """
    T = len(tokens)
    sizes = [max(np.asarray(values).shape[1], 1) for _, values, _ in panels]
    height = height or 95 + sum(30 * n + 48 for n in sizes)
    top, bottom = (60 if title else 30), 45
    gap = 42 / max(height - top - bottom, 1)  # room for each panel's title, in pixels
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, vertical_spacing=gap,
                        row_heights=[n / sum(sizes) for n in sizes], subplot_titles=[label for label, _, _ in panels])
    shown = set()
    for row, (label, values, kind) in enumerate(panels, start=1):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        values = np.asarray(values, dtype=np.float64).T  # (units, T)
        if kind == "gate":
            zmin, zmax, scale = 0.0, 1.0, style.GATE_SCALE
        else:
            bound = 1.0 if kind == "state" else float(max(np.max(np.abs(values)), 1e-9))
            zmin, zmax, scale = -bound, bound, style.STATE_SCALE
        first_of_kind = kind not in shown
        shown.add(kind)
        fig.add_trace(
            go.Heatmap(
                z=values, x=np.arange(T), y=np.arange(values.shape[0]), zmin=zmin, zmax=zmax, colorscale=scale,
                showscale=first_of_kind and kind != "free",
                customdata=np.broadcast_to(np.asarray(tokens, dtype=object), values.shape),
                hovertemplate=f"{label}, unit %{{y}}, step %{{x}} (%{{customdata}}): %{{z:.4f}}<extra></extra>",
                xgap=1, ygap=1, name=label,
            ),
            row=row, col=1,
        )
        fig.update_yaxes(tickmode="array", tickvals=list(range(values.shape[0])) if values.shape[0] <= 8 else None,
                         autorange="reversed", title_text="unit", title_standoff=2, row=row, col=1)
        if step is not None:
            fig.add_vrect(x0=step - 0.5, x1=step + 0.5, line=dict(color=style.SELECTED, width=2),
                          fillcolor="rgba(0,0,0,0)", row=row, col=1)
    fig.update_xaxes(tickmode="array", tickvals=np.arange(T) if T <= 30 else None,
                     ticktext=[str(t).removeprefix("t=") for t in tokens] if T <= 30 else None,
                     range=[-0.5, T - 0.5], showgrid=False)
    fig.update_xaxes(title_text="time step", row=len(panels), col=1)
    for index, trace in enumerate(fig.data):  # each colour bar beside the panel it first explains
        if trace.showscale:
            lo, hi = fig.layout[f"yaxis{index + 1 if index else ''}"].domain
            trace.colorbar = dict(thickness=10, len=hi - lo, y=hi, yanchor="top", x=1.01, tickfont=dict(size=11))
    fig.update_annotations(font=dict(size=13))
    fig.update_layout(title=title, font=style.FONT, height=height, margin=dict(l=55, r=10, t=top, b=bottom),
                      dragmode=False, plot_bgcolor="white")
    return fig
