"""Aligned heatmaps of a GRU over time: inputs, r, z, h~ and h, one row per unit, one shared time axis.

Data in (a GRUTrace, token labels), go.Figure out. Colours come from style.py and use fixed ranges,
so a colour means the same number on every page. A transparent marker sits on every cell of the
two gate maps (r and z): Plotly heatmaps report no selection events in Streamlit, markers do, so
clicking a gate cell can select that step; these markers carry the gate maps' hover text. Every
array goes out as a compact binary typed array (float32 values, int16 positions): at the page
limits (200 steps, 16 units) per-point lists of [value, token] made this figure 540 KB of JSON.

The subplots are laid out by hand (axis domains computed here) and the figure is made in one call:
make_subplots and one-by-one add_trace / add_vrect re-validate the figure at each call and cost
several times more, and this figure is rebuilt whenever the step moves.
"""

import numpy as np
import plotly.graph_objects as go

from . import style
from .text import plotly_literals

ROWS = ("x", "r", "z", "h_tilde", "h")
CLICKABLE = ("r", "z")  # the gate maps: a click on one of their cells selects its step
# Past this many cells a map, the click layer costs more than the chart: measured in chromium at the
# page limits (200 steps, 16 units), 6,400 markers added 120 ms to every redraw (Plotly.react 97 ms
# without them). Larger sequences are stepped with the slider; hover still shows every value.
MAX_CLICK_CELLS = 1600
MAX_LABELS = 40  # tick labels on the time axis; with more steps, every k-th step is labelled
# Up to this many steps, cells are wide enough for a 1 px gap between them. Past it the gap would eat
# a quarter of each cell, and without gaps Plotly draws a heatmap as one small image scaled up,
# instead of one rectangle per cell: at the page limits that took the five maps from ~70 ms to draw
# in chromium to a few.
MAX_GAPPED_STEPS = 60


def clickable(steps, units) -> bool:
    """Whether the gate maps of a trace of `steps` time steps and `units` units get the click layer."""
    return steps * units <= MAX_CLICK_CELLS


# A colour bar's title is an annotation of its own, rotated, a fixed TICK_ROOM px right of the bar:
# as the bar's own title (side "right"), Plotly placed it from tick label widths guessed before they
# were drawn, and with this figure's fixed margins "input" and "h̃ and h" ran over the tick labels.
COLORBARS = {
    "x": ("input", ("x",)),
    "r": ("gates, 0 to 1", ("r", "z")),
    "h_tilde": ("h̃ and h, −1 to 1", ("h_tilde", "h")),
}
TICK_ROOM = 50  # px from a colour bar's right edge to its title: "−0.5" in presentation mode's larger font
GAP = 0.045  # vertical space between panels, for their titles (fraction of the plot height)


def domains_for(heights, gap=GAP):
    """Top-down [bottom, top] fractions of the figure for panels of the given relative heights,
    `gap` (a fraction of the figure) apart."""
    usable = 1.0 - gap * (len(heights) - 1)
    total, top, domains = sum(heights), 1.0, []
    for h in heights:
        bottom = top - usable * h / total
        domains.append((max(bottom, 0.0), top))
        top = bottom - gap
    return domains


def bar_ticks(low, high, length, size, pad=10):
    """A colour bar's tick settings (a dict for its colorbar) over [low, high] when it is `length`
    px long with `size` px tick labels (and Plotly's `pad` px at each end): its two ends, or its ends
    and middle, when Plotly's five ("−1, −0.5, 0, 0.5, 1") would stand closer than 1.4 em and
    overlap; {} when they fit. ui/charts.py asks again after presentation mode shrinks a bar."""
    fit = int((length - 2 * pad) // (1.4 * size)) + 1  # labels that fit along the bar
    if fit >= 5:
        return {}
    ticks = [low, high] if fit < 3 else [low, (low + high) / 2, high]
    return dict(tickmode="array", tickvals=ticks, ticktext=[f"{v:.2g}".replace("-", "−") for v in ticks])


def colour_bar_title(text, top, bottom, thickness, *, x=1.01, size=14):
    """The title of a colour bar at x (paper) spanning [bottom, top] (paper) as an annotation: rotated,
    TICK_ROOM px right of the bar, so clear of its tick labels whatever Plotly guessed of them."""
    return dict(
        text=text,
        x=x,
        xref="paper",
        xanchor="left",
        xshift=thickness + TICK_ROOM,
        y=(top + bottom) / 2,
        yref="paper",
        yanchor="middle",
        textangle=-90,
        showarrow=False,
        name="colour bar title",
        font=dict(size=size, color="#444"),
    )


def sequence_heatmaps(trace, tokens, *, step=None, title=None, height=None, compact=False) -> go.Figure:
    """Heatmaps (units by time) of the input and of r, z, h~ and h of one GRU cell, on one time axis.

    Parameters
    ----------
    trace: GRUTrace
        One GRU cell's record (T steps, H units, I input features).
    tokens: list of str, (T,)
        The time axis labels (at most MAX_LABELS of them drawn) and the input map's hover text.
    step: int or None (default `None`)
        The time step outlined in every panel; None: no outline.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int or None (default `None`)
        The figure height in pixels; None: fitted to I + 4 H rows.
    compact: bool (default `False`)
        Shorter rows, smaller margins and tick labels without their "t=", for a figure that sits
        beside other controls.

    Returns
    -------
        plotly.graph_objects.Figure: five go.Heatmap panels (x, r, z, h~, h), z = values.T
        (units, T) as float32 on fixed ranges, and on the r and z maps a layer of invisible
        markers (while clickable) that report clicks.
    """
    T, H = trace.h.shape
    I = trace.x.shape[1]
    heights = [max(I, 1)] + [H] * 4
    domains = dict(zip(ROWS, domains_for(heights)))
    t = np.arange(T)
    x_range = float(max(np.max(np.abs(trace.x)), 1e-9))
    token_array = np.asarray(plotly_literals(tokens), dtype=object)  # a learner's tokens, shown as typed
    click = clickable(T, H)
    gap = 1 if T <= MAX_GAPPED_STEPS else 0
    every = -(-T // MAX_LABELS)  # label every k-th step: 200 labels on 5 axes cost ~400 ms a redraw
    labels = plotly_literals(str(tok).removeprefix("t=") if compact else tok for tok in tokens)
    data, layout, bar_titles = [], {}, []
    for k, name in enumerate(ROWS, start=1):
        axis = "" if k == 1 else str(k)
        values = np.asarray(trace.x if name == "x" else getattr(trace, name), dtype=np.float32).T  # (units, T)
        units = values.shape[0]
        what = "feature" if name == "x" else "unit"
        zmin, zmax = (-x_range, x_range) if name == "x" else style.RANGES[name]
        heatmap = dict(
            type="heatmap",
            z=values,
            x=t,
            y=np.arange(units),
            zmin=zmin,
            zmax=zmax,
            xgap=gap,
            ygap=gap,
            colorscale=style.STATE_SCALE if name == "x" else style.SCALES[name],
            name=style.LABELS[name],
            xaxis=f"x{axis}",
            yaxis=f"y{axis}",
            showscale=name in COLORBARS,
        )
        if name == "x":
            heatmap.update(
                customdata=np.broadcast_to(token_array, values.shape),
                hovertemplate="x, feature %{y}, step %{x} (%{customdata}): %{z:.4f}<extra></extra>",
            )
        elif name in CLICKABLE and click:
            heatmap["hoverinfo"] = "skip"  # the markers below carry the hover
        else:
            heatmap["hovertemplate"] = f"{style.SYMBOLS[name]}, unit %{{y}}, step %{{x}}: %{{z:.4f}}<extra></extra>"
        if name in COLORBARS:
            label, spanned = COLORBARS[name]
            top, bottom = domains[spanned[0]][1], domains[spanned[-1]][0]
            thickness = 12 if compact else 14
            heatmap["colorbar"] = dict(y=top, yanchor="top", len=top - bottom, x=1.01, thickness=thickness)
            plot = (height or default_height(heights, compact)) - (95 if compact else 110)  # less its margins
            heatmap["colorbar"].update(bar_ticks(zmin, zmax, (top - bottom) * plot, style.FONT.get("size", 12)))
            bar_titles.append(colour_bar_title(label, top, bottom, thickness, size=13 if compact else 14))
        data.append(heatmap)
        if name in CLICKABLE and click:
            tt, uu = np.meshgrid(t.astype(np.int16), np.arange(units, dtype=np.int16))
            data.append(
                dict(  # invisible, but hovered and clicked (hoverinfo "skip" would silence clicks)
                    type="scatter",
                    x=tt.ravel(),
                    y=uu.ravel(),
                    mode="markers",
                    marker=dict(size=16, opacity=0.0),
                    customdata=values.ravel(),
                    hovertemplate=f"{style.SYMBOLS[name]}, unit %{{y}}, step %{{x}}: "
                    "%{customdata:.4f}<extra></extra>",
                    showlegend=False,
                    name=f"select {name}",
                    xaxis=f"x{axis}",
                    yaxis=f"y{axis}",
                )
            )
        last = k == len(ROWS)
        ticks = dict(tickmode="array", tickvals=t[::every], ticktext=labels[::every]) if last else {}
        layout[f"xaxis{axis}"] = dict(
            anchor=f"y{axis}",
            matches=None if k == 1 else "x",
            range=[-0.5, T - 0.5],
            showgrid=False,
            showticklabels=last,
            ticklabeloverflow="allow",  # Plotly's default measures every label to hide overflow: ~55 ms a draw
            title=dict(text="time step (token)") if last else None,
            **ticks,
        )
        layout[f"yaxis{axis}"] = dict(
            anchor=f"x{axis}",
            domain=list(domains[name]),
            autorange="reversed",
            tickmode="array",
            tickvals=list(range(units)),
            ticklabeloverflow="allow",
            title=dict(text=what + "s" if units > 1 else what),
        )
    shapes = []
    if step is not None:
        shapes = [
            dict(
                type="rect",
                xref=f"x{'' if k == 1 else k}",
                yref=f"y{'' if k == 1 else k} domain",
                x0=step - 0.5,
                x1=step + 0.5,
                y0=0,
                y1=1,
                line=dict(color=style.SELECTED, width=2),
                fillcolor="rgba(0,0,0,0)",
            )
            for k in range(1, len(ROWS) + 1)
        ]
    titles = [
        dict(
            text=style.LABELS[name],
            x=0.5,
            xref="paper",
            y=domains[name][1],
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            font=dict(size=13 if compact else 14, color="#444"),
        )
        for name in ROWS
    ]
    layout.update(
        title=title,
        font=style.FONT,
        shapes=shapes,
        annotations=titles + bar_titles,
        showlegend=False,
        plot_bgcolor="white",
        height=height or default_height(heights, compact),
        clickmode="event+select",
        dragmode=False,
        # Fixed margins (no autoexpand): the app outlines a step over this chart from its layout.
        margin=dict(l=45, r=115, t=40, b=55, autoexpand=False)  # b: the time axis title clear of its ticks
        if compact
        else dict(l=60, r=160, t=60, b=50, autoexpand=False),
    )
    return go.Figure(data=data, layout=layout)


def default_height(heights, compact):
    """The figure's height in px for panels of `heights` rows: a row 22 px (compact) or 34 px high."""
    return 130 + (22 if compact else 34) * sum(heights) + 5 * 40
