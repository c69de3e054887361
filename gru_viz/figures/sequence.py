"""Aligned heatmaps of a GRU over time: inputs, r, z, h~ and h, one row per unit, one shared time axis.

Data in (a GRUTrace, token labels), go.Figure out. Colours come from style.py and use fixed ranges,
so a colour means the same number on every page. A transparent marker sits on every gate cell:
Plotly heatmaps report no selection events in Streamlit, markers do, so clicking a cell can select
that step.
"""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import style

ROWS = ("x", "r", "z", "h_tilde", "h")


def sequence_heatmaps(trace, tokens, *, step=None, z_convention="takes_new", title=None, height=None, compact=False):
    """Heatmaps (units by time) of the input and of r, z, h~ and h of one GRU cell trace.

    trace: a GRUTrace (T, H arrays); tokens: T labels for the time axis; step: outlined column;
    compact: shorter rows, for a figure that sits beside other controls.
    """
    T, H = trace.h.shape
    I = trace.x.shape[1]
    heights = [max(I, 1)] + [H] * 4
    fig = make_subplots(
        rows=5,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.035,
        row_heights=[h / sum(heights) for h in heights],
        subplot_titles=[style.LABELS[name] for name in ROWS],
    )
    t = np.arange(T)
    x_range = float(max(np.max(np.abs(trace.x)), 1e-9))
    for row, name in enumerate(ROWS, start=1):
        values = np.asarray(trace.x if name == "x" else getattr(trace, name), dtype=np.float32).T  # (units, T)
        units = values.shape[0]
        what = "feature" if name == "x" else "unit"
        zmin, zmax = (-x_range, x_range) if name == "x" else style.RANGES[name]
        fig.add_trace(
            go.Heatmap(
                z=values,
                x=t,
                y=np.arange(units),
                zmin=zmin,
                zmax=zmax,
                colorscale=style.STATE_SCALE if name == "x" else style.SCALES[name],
                coloraxis=None,
                showscale=name in ("x", "r", "h_tilde"),
                customdata=np.broadcast_to(np.asarray(tokens, dtype=object), values.shape),
                hovertemplate=f"{style.SYMBOLS[name]}, {what} %{{y}}, step %{{x}} (%{{customdata}}): "
                "%{z:.4f}<extra></extra>",
                hoverinfo="skip" if name != "x" else None,  # gate rows: their markers carry the hover
                xgap=1,
                ygap=1,
                name=style.LABELS[name],
            ),
            row=row,
            col=1,
        )
        if name != "x":
            tt, uu = np.meshgrid(t, np.arange(units))
            token_grid = np.broadcast_to(np.asarray(tokens, dtype=object), values.shape)
            fig.add_trace(
                go.Scatter(  # invisible, but hovered and clicked (hoverinfo "skip" would silence clicks)
                    x=tt.ravel(),
                    y=uu.ravel(),
                    mode="markers",
                    marker=dict(size=16, opacity=0.0),
                    customdata=np.stack([values.ravel().astype(object), token_grid.ravel()], axis=-1),
                    hovertemplate=f"{style.SYMBOLS[name]}, unit %{{y}}, step %{{x}} (%{{customdata[1]}}): "
                    "%{customdata[0]:.4f}<extra></extra>",
                    showlegend=False,
                    name=f"select {name}",
                ),
                row=row,
                col=1,
            )
        fig.update_yaxes(
            title_text=what + "s" if units > 1 else what,
            tickmode="array",
            tickvals=list(range(units)),
            autorange="reversed",
            row=row,
            col=1,
        )
    _place_colorbars(fig)
    if step is not None:
        for row in range(1, 6):
            fig.add_vrect(
                x0=step - 0.5,
                x1=step + 0.5,
                line=dict(color=style.SELECTED, width=2),
                fillcolor="rgba(0,0,0,0)",
                row=row,
                col=1,
            )
    labels = [str(token).removeprefix("t=") for token in tokens] if compact else list(tokens)
    fig.update_xaxes(tickmode="array", tickvals=t, ticktext=labels, range=[-0.5, T - 0.5], showgrid=False)
    fig.update_xaxes(title_text="time step (token)", row=5, col=1)
    fig.update_layout(
        title=title,
        font=style.FONT,
        height=height or 130 + (22 if compact else 34) * sum(heights) + 5 * 40,
        margin=dict(l=45, r=90, t=40, b=45) if compact else dict(l=60, r=160, t=60, b=50),
        clickmode="event+select",
        dragmode=False,
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig


COLORBARS = {
    0: ("input", 1, 1),
    1: ("gates<br>0 to 1", 2, 3),
    5: ("h̃ and h<br>−1 to 1", 4, 5),
}  # trace index: x, r, h~ heatmaps


def _place_colorbars(fig):
    """Each colour bar beside the rows it explains: inputs by row 1, gates by r and z, states by h~ and h."""
    for index, (title, first, last) in COLORBARS.items():
        top = fig.layout[f"yaxis{first}"].domain[1]
        bottom = fig.layout[f"yaxis{last}"].domain[0]
        fig.data[index].colorbar = dict(
            title=dict(text=title, side="right"), y=top, yanchor="top", len=top - bottom, x=1.01, thickness=14
        )
