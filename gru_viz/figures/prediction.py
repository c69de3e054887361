"""What a whole model predicts for a sentence: its top classes or next tokens, as horizontal bars."""

import plotly.graph_objects as go

from .style import COLOURS
from .text import plotly_literals


def prediction_bars(labels, values, *, title=None, value_name="probability", label_name="class",
                    height=None) -> go.Figure:
    """One bar per label, the largest on top, its value written beside it.

    Parameters
    ----------
    labels: list of str
        What each bar is (a class, a token); shown as typed, its markup not read (text.py).
    values: list of float
        Each bar's length; with value_name "probability" the axis runs from 0 to 1.
    title: str or None (default `None`)
        The figure title; None: no title.
    value_name: str (default `'probability'`)
        The value axis's title.
    label_name: str (default `'class'`)
        The label axis's title ("token" for a next-token prediction).
    height: int or None (default `None`)
        The figure height in pixels; None: 28 px a bar.

    Returns
    -------
        plotly.graph_objects.Figure: one horizontal go.Bar.
    """
    labels, values = plotly_literals(labels)[::-1], [float(v) for v in values][::-1]
    probabilities = value_name == "probability"
    fig = go.Figure(go.Bar(
        x=values, y=list(range(len(values))), orientation="h", marker_color=COLOURS["gru"],
        text=[f"{v:.3f}" for v in values], textposition="outside", cliponaxis=False,
        customdata=labels, hovertemplate="%{customdata}: %{x:.4f}<extra></extra>",
    ))
    fig.update_yaxes(tickvals=list(range(len(labels))), ticktext=labels, title_text=label_name)
    fig.update_xaxes(title_text=value_name, range=[0, 1.15] if probabilities else None)
    fig.update_layout(title=title, height=height or 80 + 28 * len(values), margin=dict(l=120, r=40, t=50, b=50),
                      showlegend=False)
    return fig
