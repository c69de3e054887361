"""Line charts for the lessons: how much survives, how far a gradient reaches, how two forms differ.

Data in (arrays), go.Figure out: the time axis is `t`, the steps themselves (np.arange(T)), the
same argument in every chart here. On a log axis a value that is 0 or underflows cannot be drawn, so
values below FLOOR are drawn at FLOOR (their hover still gives the exact number) and the axis
starts there: a line lying on the floor has vanished for every practical purpose.
"""

import numpy as np
import plotly.graph_objects as go

from . import style

FLOOR = 1e-20


def line_chart(x, series, *, x_title, y_title, log_y=False, threshold=None, title=None, height=360) -> go.Figure:
    """The shared form of the charts below (not exported): one line per entry of `series`, dicts with
    name, y (like x), and optionally colour, dash, width, mode and marker_size.

    threshold: a dotted horizontal line with its value written on it (e.g. 1e-3).
    """
    x = np.asarray(x)
    fig = go.Figure()
    lowest, highest = np.inf, 0.0
    for line in series:
        y = np.asarray(line["y"], dtype=np.float64)
        shown = y
        if log_y:
            finite = y[np.isfinite(y) & (y > 0)]
            if finite.size:
                lowest, highest = min(lowest, finite.min()), max(highest, finite.max())
            shown = np.where(np.isfinite(y), np.maximum(y, FLOOR), np.nan)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=shown,
                customdata=y,
                mode=line.get("mode", "lines"),
                name=line["name"],
                line=dict(color=line.get("colour"), dash=line.get("dash", "solid"), width=line.get("width", 2.5)),
                marker=dict(size=line.get("marker_size", 7), color=line.get("colour")),
                hovertemplate=f"{line['name']}<br>{x_title} %{{x}}: %{{customdata:.4g}}<extra></extra>",
            )
        )
    if threshold is not None:
        fig.add_trace(go.Scatter(x=[x.min(), x.max()], y=[threshold, threshold], mode="lines",
                                 name=f"threshold {threshold:g}", line=dict(color="#777", dash="dot", width=1.5),
                                 hoverinfo="skip"))
        highest = max(highest, threshold)
        lowest = min(lowest, threshold)
    if log_y:
        top = np.log10(max(highest, 1e-300)) + 0.3
        bottom = max(np.log10(max(lowest, FLOOR)), np.log10(FLOOR)) - 0.3
        top = max(top, bottom + 1)
        fig.update_yaxes(type="log", range=[bottom, top], exponentformat="power",
                         dtick=1 if top - bottom <= 8 else None)  # decades only: no 2 and 5 between them
    fig.update_xaxes(title_text=x_title, showgrid=True,
                     gridcolor="#eee", zeroline=False)
    fig.update_yaxes(title_text=y_title, showgrid=True, gridcolor="#eee", zeroline=not log_y, zerolinecolor="#bbb")
    fig.update_layout(
        title=title,
        font=style.FONT,
        height=height,
        margin=dict(l=70, r=20, t=50 if title else 20, b=50),
        legend=dict(orientation="h", yanchor="top", y=-0.2, x=0.0),
        plot_bgcolor="white",
        hovermode="x unified",
    )
    return fig


def survival_chart(t, left, rnn_norm, gru_norm, *, unit, start, title=None, height=380) -> go.Figure:
    """What is left of a value written at step `start`, at every later step (log scale).

    Parameters
    ----------
    t: array-like of int, (T,)
        The time steps, the x axis (np.arange(T)).
    left: array-like, (T,)
        The GRU unit's running product of keep factors from `start` on: the share of h_start[unit]
        still in h_t.
    rnn_norm, gru_norm: array-like, (T,)
        Spectral norms of d h_t / d h_start for the plain RNN and the GRU (NaN before `start`).
    unit: int
        The GRU unit that `left` follows (named in the legend).
    start: int
        The time step the value was written at, marked by a dashed vertical line.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int (default `380`)
        The figure height in pixels.

    Returns
    -------
        plotly.graph_objects.Figure: three lines on a log y axis; values below FLOOR drawn at FLOOR,
        their exact numbers in `customdata`.
    """
    series = [
        dict(name=f"GRU unit {unit}: share of h_{start}[{unit}] still in h_t", y=left, colour=style.COLOURS["gru"],
             width=3.5),
        dict(name="GRU, every path: ‖∂h_t/∂h_s‖₂", y=gru_norm, colour=style.COLOURS["gru"], dash="dot", width=2),
        dict(name="plain RNN: ‖∂h_t/∂h_s‖₂", y=rnn_norm, colour=style.COLOURS["rnn"], width=3),
    ]
    fig = line_chart(t, series, x_title="time step t", y_title="how much is left (log scale)", log_y=True,
                     title=title, height=height)
    fig.add_vline(x=start, line=dict(color=style.SELECTED, width=1.5, dash="dash"),
                  annotation_text=f"written at s = {start}", annotation_position="bottom right")
    return fig


def reset_chart(t, closed, opened, alone, *, unit, title=None, height=360) -> go.Figure:
    """One unit's candidate h~ over time with the reset gate forced to 0, forced to 1, and from x_t alone.

    The from-x_t-alone candidate (and biases, no past at all) is drawn as markers: they sit on the
    r = 0 line when r = 0 cuts the past.

    Parameters
    ----------
    t: array-like of int, (T,)
        The time steps, the x axis (np.arange(T)).
    closed, opened: array-like, (T,)
        The unit's candidate h~_t with r forced to 0 and to 1.
    alone: array-like, (T,)
        The candidate made from x_t and the biases alone.
    unit: int
        The unit shown (named on the y axis).
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int (default `360`)
        The figure height in pixels.

    Returns
    -------
        plotly.graph_objects.Figure: two lines and one marker series, y axis fixed to [-1.05, 1.05].
    """
    series = [
        dict(name="r forced to 1: the candidate reads the whole past", y=opened, colour=style.COLOURS["r_open"]),
        dict(name="r forced to 0", y=closed, colour=style.COLOURS["r_closed"], width=3.5),
        dict(name="from x_t alone (no past at all)", y=alone, colour="#222", mode="markers", marker_size=8),
    ]
    fig = line_chart(t, series, x_title="time step t", y_title=f"candidate h̃ of unit {unit}", title=title,
                     height=height)
    fig.update_yaxes(range=[-1.05, 1.05])
    return fig


def difference_chart(t, differences, *, title=None, height=340) -> go.Figure:
    """|reset before − reset after| per step, one line per named quantity.

    Parameters
    ----------
    t: array-like of int, (T,)
        The time steps, the x axis (np.arange(T)).
    differences: dict of str to array-like (T,)
        {quantity name: largest |difference| over units at each step}; "candidate h̃" and "state h"
        get their style colours.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int (default `340`)
        The figure height in pixels.

    Returns
    -------
        plotly.graph_objects.Figure: one line per quantity, y axis from 0.
    """
    colours = {"candidate h̃": style.COLOURS["h_tilde"], "state h": style.COLOURS["h"]}
    series = [dict(name=f"|difference| in {name}", y=y, colour=colours.get(name)) for name, y in differences.items()]
    fig = line_chart(t, series, x_title="time step t", y_title="largest |difference| over units", title=title,
                     height=height)
    fig.update_yaxes(rangemode="tozero")
    return fig


def gradient_chart(reach, *, wrt, threshold=1e-3, title=None, height=400) -> go.Figure:
    """|| d h_{T-1} / d (state or input) || against steps back, one line per model, log scale.

    Parameters
    ----------
    reach: dict of str to object
        {model name: its gradient norms}, each value any object with attributes `state` (T,), the
        norms of d h_{T-1} / d h_t; `input` (T,), those of d h_{T-1} / d x_t; and `direct`, (T,) or
        None, a GRU's gated shortcut alone (the norm of the product of its direct terms). A name's
        first word, lower-cased ("GRU" -> "gru"), picks its colour from style.COLOURS.
    wrt: str, "state" or "input"
        Which gradient to draw. With "state", each `direct` that is not None is drawn dashed beside
        its model's full gradient.
    threshold: float (default `1e-3`)
        A dotted horizontal line at this value.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int (default `400`)
        The figure height in pixels.

    Returns
    -------
        plotly.graph_objects.Figure: lines against steps back (T - 1 - t) on a log y axis; values
        below FLOOR drawn at FLOOR, their exact numbers in `customdata`.
    """
    series = []
    for name, r in reach.items():
        g = r.state if wrt == "state" else r.input
        series.append(dict(name=name, y=g[::-1], colour=style.COLOURS.get(name.split()[0].lower())))
        if wrt == "state" and r.direct is not None:
            series.append(dict(name=f"{name} shortcut only", y=r.direct[::-1], colour=style.COLOURS["shortcut"],
                               dash="dash"))
    T = len(next(iter(reach.values())).state)
    what = "h_t" if wrt == "state" else "x_t"
    return line_chart(np.arange(T), series, x_title="steps back from the last step (T − 1 − t)",
                      y_title=f"‖∂h_T−1 / ∂{what}‖ (log scale)", log_y=True, threshold=threshold, title=title,
                      height=height)
