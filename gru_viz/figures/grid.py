"""Heatmaps (units by time) of any gates and states, stacked on one shared time axis.

Data in (named (T, n) arrays), go.Figure out: the general form of sequence.py's GRU heatmaps, for
pages that put other things side by side (two conventions, a GRU and an LSTM). Colours follow
style.py: gates in [0, 1] on the gate scale, h~, g and h in [-1, 1] on the diverging scale, and
unbounded values (an LSTM's cell state) on the diverging scale over a symmetric range that fits.
"""

import numpy as np
import plotly.graph_objects as go

from . import style
from .sequence import domains_for
from .text import plotly_literal, plotly_literals

KINDS = ("gate", "state", "free")
LABELLED_STEPS = 30  # up to this many steps, every step is labelled with its token (axis and hover)
# Past this many cells a panel is drawn as one image: with no gap between cells Plotly paints a
# heatmap as a small bitmap scaled up instead of one rectangle per cell (sequence.py measured the
# rectangles at ~70 ms a redraw at 3,200 cells), and its values go out as float32, which shows
# every digit of the hover's four.
MAX_RECTANGLES = 4000
ROW_PX, FEW_UNITS, MAX_PANEL_PX = 30, 16, 800  # a panel's height: 30 px a unit up to 16 units, then at most 800 px


def heatmap_stack(panels, tokens, *, step=None, units=None, title=None, height=None) -> go.Figure:
    """One heatmap (units by time) per panel, stacked on one shared time axis.

    Laid out by hand and made in one call, as sequence.py's figure (make_subplots cost about 22 ms
    a figure here, and these are rebuilt at every rerun of their pages).

    Parameters
    ----------
    panels: list of (str, array-like (T, n), str)
        (label, values, kind) per panel, top to bottom; kind "gate" draws the values on the gate
        scale over [0, 1], "state" on the diverging scale over [-1, 1], "free" on the diverging scale
        over a symmetric range fitted to the values. Any other kind is a ValueError.
    tokens: list of str, (T,)
        The time axis labels (a leading "t=" is dropped on the axis); each step is labelled, and its
        token shown on hover, up to LABELLED_STEPS steps.
    step: int or None (default `None`)
        The time step outlined in every panel; None: no outline.
    units: list of int or None (default `None`)
        The units (columns of every panel's values) drawn, top to bottom in this order, each row
        labelled with its unit's number; None: every unit, in order. Sorting and filtering a
        large layer's units is choosing this list.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int or None (default `None`)
        The figure height in pixels; None: fitted to the panels' units (at most 800 px a panel).

    Returns
    -------
        plotly.graph_objects.Figure: one go.Heatmap per panel, z = values.T (units, T); past
        MAX_RECTANGLES cells with no gaps, so that Plotly draws it as one image.
    """
    T = len(tokens)
    if units is not None:
        units = [int(u) for u in units]
        panels = [(label, np.asarray(values)[:, units], kind) for label, values, kind in panels]
    sizes = [max(np.asarray(values).shape[1], 1) for _, values, _ in panels]
    height = height or 95 + sum(panel_px(n) + 48 for n in sizes)
    top, bottom = (60 if title else 30), 45
    domains = domains_for(sizes, gap=42 / max(height - top - bottom, 1))  # room for each panel's title
    t = np.arange(T)
    labelled = T <= LABELLED_STEPS
    shown_tokens = plotly_literals(tokens)  # a learner's tokens, shown as typed
    data, layout, titles, shapes, shown = [], {}, [], [], set()
    for k, ((label, values, kind), (lo, hi)) in enumerate(zip(panels, domains), start=1):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        values = np.asarray(values, dtype=np.float64).T  # (units, T)
        label = plotly_literal(label)
        if kind == "gate":
            zmin, zmax, scale = 0.0, 1.0, style.GATE_SCALE
        else:
            bound = 1.0 if kind == "state" else float(max(np.max(np.abs(values)), 1e-9))
            zmin, zmax, scale = -bound, bound, style.STATE_SCALE
        axis, rows = ("" if k == 1 else str(k)), values.shape[0]
        image = values.size > MAX_RECTANGLES
        heatmap = dict(
            type="heatmap", z=values.astype(np.float32) if image else values, x=t, zmin=zmin, zmax=zmax,
            colorscale=scale, showscale=kind not in shown and kind != "free", xgap=0 if image else 1,
            ygap=0 if image else 1, name=label,
            xaxis=f"x{axis}", yaxis=f"y{axis}",
            hovertemplate=f"{label}, unit %{{y}}, step %{{x}}"
            + (" (%{customdata})" if labelled else "") + ": %{z:.4f}<extra></extra>",
        )
        # Chosen units are categories named by their numbers, so hover and ticks say which unit a row is.
        heatmap["y"] = np.arange(rows) if units is None else [str(u) for u in units]
        if labelled:
            heatmap["customdata"] = np.broadcast_to(np.asarray(shown_tokens, dtype=object), values.shape)
        if heatmap["showscale"]:  # each colour bar beside the panel it first explains
            heatmap["colorbar"] = dict(thickness=10, len=hi - lo, y=hi, yanchor="top", x=1.01, tickfont=dict(size=11))
        shown.add(kind)
        data.append(heatmap)
        last = k == len(panels)
        layout[f"xaxis{axis}"] = dict(
            anchor=f"y{axis}", matches=None if k == 1 else "x", range=[-0.5, T - 0.5], showgrid=False,
            showticklabels=last, title=dict(text="time step") if last else None,
            **(dict(tickmode="array", tickvals=t, ticktext=[tok.removeprefix("t=") for tok in shown_tokens])
               if labelled else {}),
        )
        layout[f"yaxis{axis}"] = dict(
            anchor=f"x{axis}", domain=[lo, hi], autorange="reversed", title=dict(text="unit", standoff=2),
            type="linear" if units is None else "category",
            **(dict(tickmode="array", tickvals=list(range(rows))) if units is None and rows <= 8 else {}),
        )
        titles.append(dict(text=label, x=0.5, xref="paper", y=hi, yref="paper", yanchor="bottom", showarrow=False,
                           font=dict(size=13)))
        if step is not None:
            shapes.append(dict(type="rect", xref=f"x{axis}", yref=f"y{axis} domain", x0=step - 0.5, x1=step + 0.5,
                               y0=0, y1=1, line=dict(color=style.SELECTED, width=2), fillcolor="rgba(0,0,0,0)"))
    layout.update(title=title, font=style.FONT, height=height, margin=dict(l=55, r=10, t=top, b=bottom),
                  dragmode=False, plot_bgcolor="white", annotations=titles, shapes=shapes, showlegend=False)
    return go.Figure(data=data, layout=layout)


def panel_px(units):
    """A panel's height in pixels for this many units: a 30 px row each up to 16, then rows thin
    out to fit 800 px (512 units: about 1.6 px each, still one row per unit)."""
    return ROW_PX * units if units <= FEW_UNITS else min(ROW_PX * FEW_UNITS + 2 * (units - FEW_UNITS), MAX_PANEL_PX)
