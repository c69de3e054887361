"""Figures of the training lesson: curves, the gates on the probe at a snapshot, gradient flow at the
start and end of training, and accuracy against delay for GRU, LSTM and RNN.

Data in, go.Figure out; colours from style.py (a model kind has one colour on every figure: the
COLOURS entries 'gru', 'lstm', 'rnn'; gates on the cividis scale in [0, 1], states on RdBu in
[-1, 1]).
"""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import style
from .sequence import colour_bar_title
from .text import plotly_literals

GATE_ROWS = {  # per trace kind: (field, label) of the rows a snapshot shows, top to bottom
    "GRUTrace": (("r", "reset gate r"), ("z", "update gate z (1 writes, 0 keeps)"), ("h", "state h")),
    "LSTMTrace": (("i", "input gate i"), ("f", "forget gate f (1 keeps)"), ("o", "output gate o"), ("h", "state h")),
    "RNNTrace": (("h", "state h"),),
}
STATES = {"h", "h_tilde", "c"}
ROW_PX = 18  # a unit's row on a snapshot map: a 14 px tick label with room around it
GAP_PX = 84  # between snapshot maps: the upper map's time labels and axis title, then the lower map's title


def model_colour(model):
    return style.COLOURS[model.lower()]


def smoothed(values, window):
    """The mean of each value and the window - 1 before it (fewer at the start): a trailing average."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return values
    sums = np.cumsum(np.insert(values, 0, 0.0))
    counts = np.minimum(np.arange(1, values.size + 1), window)
    return (sums[1:] - sums[np.arange(1, values.size + 1) - counts]) / counts


def training_curves(loss, accuracy, snapshot_at, snapshot_accuracy, *, model="GRU", chance=None,
                    planned_steps=None, title=None, height=320) -> go.Figure:
    """Loss (log scale) and accuracy against the training step, side by side.

    Per-batch values are noisy, so each curve is drawn faint and its trailing average over about
    2 % of the run solid; held-out accuracy (measured at the snapshots) as dots; chance as a dashed
    line.

    Parameters
    ----------
    loss, accuracy: array-like, (N,)
        The loss and the accuracy on each of the N training batches so far (training steps 1 to N).
    snapshot_at: array-like of int
        The training step of each snapshot.
    snapshot_accuracy: array-like of float
        The held-out accuracy measured at each snapshot, in [0, 1].
    model: str, "GRU", "LSTM" or "RNN" (default `"GRU"`)
        The model kind, which picks the curves' colour.
    chance: float or None (default `None`)
        The accuracy of guessing, a dashed line; None: no line.
    planned_steps: int or None (default `None`)
        How many training steps the run will take (a count), so the x axis has room for the run to
        grow; None: the steps so far.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int (default `320`)
        The figure height in pixels.

    Returns
    -------
        plotly.graph_objects.Figure: two subplots, loss (traces 0, 1) and accuracy (traces 2, 3).
    """
    at = np.arange(1, len(loss) + 1)  # the training step of each batch
    window = max(1, len(loss) // 50)
    colour = model_colour(model)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=("loss on each batch", "accuracy"))
    fig.add_trace(go.Scatter(x=at, y=loss, mode="lines", line=dict(color=colour, width=1), opacity=0.25,
                             name="loss", showlegend=False, hovertemplate="step %{x}: loss %{y:.4f}<extra></extra>"),
                  row=1, col=1)
    fig.add_trace(go.Scatter(x=at, y=smoothed(loss, window), mode="lines", line=dict(color=colour, width=2.5),
                             name=f"loss, average of {window}", showlegend=False,
                             hovertemplate="step %{x}: average loss %{y:.4f}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=at, y=smoothed(accuracy, window), mode="lines", line=dict(color=colour, width=2.5),
                             name="on training batches", hovertemplate="step %{x}: %{y:.1%}<extra></extra>"),
                  row=1, col=2)
    fig.add_trace(go.Scatter(x=list(snapshot_at), y=list(snapshot_accuracy), mode="markers",
                             marker=dict(color="#222", size=7, symbol="circle-open", line=dict(width=2)),
                             name="on held-out sequences", hovertemplate="step %{x}: held-out %{y:.1%}<extra></extra>"),
                  row=1, col=2)
    if chance is not None:
        fig.add_hline(y=chance, line=dict(color=style.COLOURS["shortcut"], dash="dash", width=1.5),
                      annotation_text="chance", annotation_position="bottom right", row=1, col=2)
    end = max(planned_steps or 0, len(loss), 1)
    fig.update_xaxes(title_text="training step", range=[0, end])
    fig.update_yaxes(type="log", dtick=1, title_text="loss", row=1, col=1)  # ticks at powers of ten only
    fig.update_yaxes(range=[0, 1.04], tickformat=".0%", title_text="correct", row=1, col=2)
    fig.update_layout(title=title, font=style.FONT, height=height, margin=dict(l=60, r=20, t=50 if title else 35, b=45),
                      plot_bgcolor="white", legend=dict(orientation="h", y=-0.25, x=1, xanchor="right"),
                      uirevision="curves")
    fig.update_xaxes(showgrid=True, gridcolor="#eee")
    fig.update_yaxes(showgrid=True, gridcolor="#eee")
    return fig


def snapshot_heatmaps(trace, tokens, *, title=None, height=None) -> go.Figure:
    """The gates and state of one cell on the probe (units by time), on fixed colour ranges.

    The ranges are fixed so that snapshots compare: GRU r, z, h; LSTM i, f, o, h; RNN h.

    Parameters
    ----------
    trace: GRUTrace, LSTMTrace or RNNTrace
        One cell's record on the probe sequence (T steps, H units).
    tokens: list of str, (T,)
        The time axis labels, one per step, and hover text.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int or None (default `None`)
        The figure height in pixels; None: fitted to the rows and units.

    Returns
    -------
        plotly.graph_objects.Figure: one go.Heatmap row per quantity, z = values.T (H, T), gates
        over [0, 1] and states over [-1, 1].
    """
    rows = GATE_ROWS[type(trace).__name__]
    T, H = trace.h.shape
    tokens = plotly_literals(tokens)  # a learner's tokens, shown as typed
    # Every map gets its own time axis labels, so the gap between maps holds a row of tick labels
    # and the next map's title; every unit gets a row tall enough for its own tick label.
    top, bottom, gap = (60 if title else 30), 50, GAP_PX
    plot_px = len(rows) * row_height(H) * H + (len(rows) - 1) * gap
    height = height or top + bottom + plot_px
    fig = make_subplots(rows=len(rows), cols=1, shared_xaxes=True,
                        vertical_spacing=gap / max(height - top - bottom, 1),
                        subplot_titles=[label for _, label in rows])
    t = np.arange(T)
    for k, (name, label) in enumerate(rows, start=1):
        state = name in STATES
        values = np.asarray(getattr(trace, name), dtype=np.float32).T  # (units, T)
        fig.add_trace(go.Heatmap(
            z=values, x=t, y=np.arange(H), zmin=-1.0 if state else 0.0, zmax=1.0,
            colorscale=style.STATE_SCALE if state else style.GATE_SCALE, xgap=1, ygap=1 if H <= 32 else 0,
            customdata=np.broadcast_to(np.asarray(tokens, dtype=object), values.shape),
            hovertemplate=f"{name}, unit %{{y}}, step %{{x}} (%{{customdata}}): %{{z:.3f}}<extra></extra>",
            showscale=k == 1 or (state and not any(n in STATES for n, _ in rows[: k - 1])),
            colorbar=colourbar(fig, k), name=label), row=k, col=1)
        if fig.data[-1].showscale:
            fig.add_annotation(colour_bar_title("−1 to 1" if state else "0 to 1", *domain(fig, k)[::-1], 12))
        fig.update_yaxes(title_text="units", autorange="reversed", row=k, col=1,
                         tickmode="array" if H <= 16 else "auto", tickvals=list(range(H)) if H <= 16 else None)
    # shared_xaxes hides the upper maps' tick labels: each map is read on its own, so show them all.
    fig.update_xaxes(tickmode="array", tickvals=t, ticktext=tokens, range=[-0.5, T - 0.5], showgrid=False,
                     tickangle=0, showticklabels=True)
    for k in range(1, len(rows)):  # every labelled axis says what it counts, the lowest one at length
        fig.update_xaxes(title=dict(text="step", standoff=2, font=dict(size=12)), row=k, col=1)
    fig.update_xaxes(title_text="probe sequence, step by step", row=len(rows), col=1)
    fig.update_layout(title=title, font=style.FONT, height=height,
                      margin=dict(l=60, r=90, t=top, b=bottom), plot_bgcolor="white", showlegend=False)
    return fig


def row_height(units):
    """Pixels per unit row of a snapshot map: room for a tick label up to 16 units, then shrinking
    so that a map stays under about 350 px."""
    return ROW_PX if units <= 16 else max(3, 350 // units)


def domain(fig, row):
    """(bottom, top) of subplot `row`'s y axis, in paper fractions (known once make_subplots has run)."""
    return tuple(fig.layout["yaxis" if row == 1 else f"yaxis{row}"].domain)


def colourbar(fig, row):
    """A colour bar beside subplot `row`; its title is an annotation (sequence.colour_bar_title)."""
    bottom, top = domain(fig, row)
    return dict(y=top, yanchor="top", len=top - bottom, x=1.01, thickness=12)


def gradient_flow_lines(start, end, tokens, *, model="GRU", start_step=0, end_step=None, title=None,
                        height=340) -> go.Figure:
    """|| d h_{T-1} / d h_t || at every step t of the probe, before training and after (log scale).

    Parameters
    ----------
    start, end: array-like, (T,)
        The gradient norms on the probe at the first snapshot and at the last.
    tokens: list of str, (T,)
        The time axis labels, one per step of the probe.
    model: str, "GRU", "LSTM" or "RNN" (default `"GRU"`)
        The model kind, which picks the trained line's colour.
    start_step: int (default `0`)
        The training step of the first snapshot, named in the legend.
    end_step: int or None (default `None`)
        The training step of the last snapshot, named in the legend.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int (default `340`)
        The figure height in pixels.

    Returns
    -------
        plotly.graph_objects.Figure: two lines (untrained dashed, trained solid) on a log y axis.
    """
    t = np.arange(len(start))
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=t, y=start, mode="lines+markers", name=f"step {start_step} (untrained)",
                             line=dict(color=style.COLOURS["shortcut"], dash="dash", width=2),
                             hovertemplate="t = %{x}: %{y:.3g}<extra>untrained</extra>"))
    fig.add_trace(go.Scatter(x=t, y=end, mode="lines+markers", name=f"step {end_step} (trained)",
                             line=dict(color=model_colour(model), width=2.5),
                             hovertemplate="t = %{x}: %{y:.3g}<extra>trained</extra>"))
    fig.update_yaxes(type="log", dtick=1, title_text="‖∂h<sub>T−1</sub> / ∂h<sub>t</sub>‖", showgrid=True,
                     gridcolor="#eee", exponentformat="power")
    fig.update_xaxes(title_text="step t of the probe", tickmode="array", tickvals=t, ticktext=plotly_literals(tokens),
                     showgrid=False, tickangle=0)
    fig.update_layout(title=title, font=style.FONT, height=height, plot_bgcolor="white",
                      margin=dict(l=70, r=20, t=50 if title else 20, b=50),
                      legend=dict(orientation="h", y=-0.3, yanchor="top", x=0.5, xanchor="center"))
    return fig


def accuracy_against_delay(rows, *, live=None, chance=None, title=None, height=360) -> go.Figure:
    """Held-out accuracy against the delay k, one line per model kind, with the seeds' range.

    Each line joins the mean over seeds; an error bar spans the lowest and highest seed.

    Parameters
    ----------
    rows: list of dict
        Shipped results, each with "model" ("GRU", "LSTM" or "RNN"), "delay" (int) and "accuracy"
        (in [0, 1]); several rows of a model and delay are seeds.
    live: list of dict or None (default `None`)
        Rows of the same form from a run in this session, drawn as open symbols joined by dotted
        lines, without error bars; None: none.
    chance: float or None (default `None`)
        The accuracy of guessing, a dashed line; None: no line.
    title: str or None (default `None`)
        The figure title; None: no title.
    height: int (default `360`)
        The figure height in pixels.

    Returns
    -------
        plotly.graph_objects.Figure: one go.Scatter per model kind with rows, shipped then live.
    """
    fig = go.Figure()
    for rows_, live_ in ((rows, False), (live or [], True)):
        for model in ("GRU", "LSTM", "RNN"):
            mine = [r for r in rows_ if r["model"] == model]
            if not mine:
                continue
            delays = sorted({r["delay"] for r in mine})
            values = [[r["accuracy"] for r in mine if r["delay"] == k] for k in delays]
            mean = np.array([np.mean(v) for v in values])
            error = dict(type="data", symmetric=False, array=[max(v) - m for v, m in zip(values, mean)],
                         arrayminus=[m - min(v) for v, m in zip(values, mean)], thickness=1.2, width=4)
            fig.add_trace(go.Scatter(
                x=delays, y=mean, mode="lines+markers", name=f"{model} ({'live' if live_ else 'shipped'})",
                line=dict(color=model_colour(model), width=1.5 if live_ else 2.5, dash="dot" if live_ else "solid"),
                marker=dict(size=9, symbol=("circle-open" if live_ else "circle"), line=dict(width=2)),
                error_y=None if live_ or len(values[0]) < 2 else error,
                hovertemplate=f"{model}, k = %{{x}}: %{{y:.1%}}<extra>{'live' if live_ else 'shipped'}</extra>"))
    if chance is not None:
        fig.add_hline(y=chance, line=dict(color=style.COLOURS["shortcut"], dash="dash", width=1.5),
                      annotation_text="chance", annotation_position="top left")
    fig.update_xaxes(title_text="delay k (steps between the symbol and the question)", showgrid=True, gridcolor="#eee")
    fig.update_yaxes(title_text="held-out accuracy", range=[0, 1.04], tickformat=".0%", showgrid=True, gridcolor="#eee")
    fig.update_layout(title=title, font=style.FONT, height=height, plot_bgcolor="white",
                      margin=dict(l=70, r=20, t=50 if title else 20, b=50),
                      legend=dict(orientation="h", y=-0.25, x=0.5, xanchor="center"))
    return fig
