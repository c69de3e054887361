"""The interpolation bars of the cell page, drawn with Vega-Lite (Altair) rather than Plotly.

This chart changes at every step, and the browser's redraw is what a learner waits for: measured
with bench/app.py (60 key presses each, same run), the cell page took 1.48x the floor's time with
these bars in Plotly and 1.26x with them in Vega-Lite. The numbers come from the trace, as for
every other view; colours from gru_viz.figures.style.
"""

import altair as alt
import pandas as pd

from gru_viz.figures import style
from gru_viz.figures.interpolation import take_fraction

QUANTITIES = {"h_prev": "h_{t-1} (old)", "h_tilde": "h~_t (candidate)", "h": "h_t (new)"}


def interpolation_chart(trace, step, height=300):
    """Grouped bars per unit: h_{t-1}, h~_t and h_t at `step`, each unit labelled with the share
    of the candidate it takes (z or 1 - z by convention). The value axis is fixed to [-1, 1]."""
    t = int(step)
    take = take_fraction(trace, t)
    rows = [
        {"unit": f"unit {u}: takes {take[u]:.0%} new", "quantity": label, "value": float(getattr(trace, name)[t, u])}
        for u in range(trace.h.shape[1])
        for name, label in QUANTITIES.items()
    ]
    colours = alt.Scale(domain=list(QUANTITIES.values()), range=[style.COLOURS[name] for name in QUANTITIES])
    return (
        alt.Chart(pd.DataFrame(rows), title=f"h_t lands between h_t-1 and h~_t (step {t})", height=height)
        .mark_bar()
        .encode(
            x=alt.X("unit:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=400)),
            xOffset=alt.XOffset("quantity:N", sort=list(QUANTITIES.values())),
            y=alt.Y("value:Q", scale=alt.Scale(domain=[-1, 1]), title="value"),
            color=alt.Color("quantity:N", scale=colours, sort=list(QUANTITIES.values()),
                            legend=alt.Legend(orient="bottom", title=None)),
            tooltip=["unit", "quantity", alt.Tooltip("value:Q", format=".4f")],
        )
    )
