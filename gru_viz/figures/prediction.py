"""What a whole model predicts for a sentence: its top classes or next tokens, as horizontal bars."""

import plotly.graph_objects as go

from .style import COLOURS


def prediction_bars(labels, values, *, title=None, value_name="probability", height=None) -> go.Figure:
    """One bar per label, the largest on top, its value written beside it.

    Parameters
    ----------
    labels: list of str
        What each bar is (a class, a token); shown as text, so a label's markup is not read.
    values: list of float
        Each bar's length; probabilities in [0, 1] share the axis 0 to 1.
    title, value_name, height
        The figure title; the value axis's title; the height in pixels (None: 28 px a bar).

    Returns
    -------
        plotly.graph_objects.Figure: one horizontal go.Bar.
    """
    labels, values = [str(label) for label in labels][::-1], [float(v) for v in values][::-1]
    probabilities = value_name == "probability"
    fig = go.Figure(go.Bar(
        x=values, y=list(range(len(values))), orientation="h", marker_color=COLOURS["gru"],
        text=[f"{v:.3f}" for v in values], textposition="outside", cliponaxis=False,
        customdata=labels, hovertemplate="%{customdata}: %{x:.4f}<extra></extra>",
    ))
    fig.update_yaxes(tickvals=list(range(len(labels))), ticktext=[escape_markup(label) for label in labels])
    fig.update_xaxes(title_text=value_name, range=[0, 1.15] if probabilities else None)
    fig.update_layout(title=title, height=height or 80 + 28 * len(values), margin=dict(l=120, r=40, t=50, b=50),
                      showlegend=False)
    return fig


def escape_markup(text):
    """Plotly reads <b>, <br>, <a href=...> and the like in tick labels: show them as text instead."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
