"""The interpolation h_t = (1 - z) h_{t-1} + z h~_t (or its mirror), unit by unit, as bars.

Data in (a GRUTrace and a step), go.Figure out: for every unit three bars, h_{t-1}, h~_t and h_t,
with the weight on h~ printed above, so a learner sees h_t land between the other two.
"""

import numpy as np
import plotly.graph_objects as go

from . import style


def take_fraction(trace, step):
    """How much of the candidate each unit takes at `step` (z or 1 - z by convention), (H,)."""
    z = trace.z[step]
    return z if trace.z_convention == "takes_new" else 1.0 - z


def interpolation_bars(trace, step, *, title=None, height=360):
    """Bars of h_{t-1}, h~_t and h_t per unit at `step`, each unit labelled with the share it takes new.

    Built in one call, and with the share in the tick labels rather than a text trace: this chart
    is redrawn at every step, and each extra trace or separate layout call shows in the delay.
    """
    t = int(step)
    H = trace.h.shape[1]
    units = np.arange(H)
    take = take_fraction(trace, t)
    bars = [
        dict(type="bar", x=units, y=getattr(trace, name)[t], name=label, marker_color=style.COLOURS[name],
             hovertemplate=f"unit %{{x}}: {label} = %{{y:.4f}}<extra></extra>")
        for name, label in (("h_prev", "h<sub>t−1</sub> (old)"), ("h_tilde", "h̃<sub>t</sub> (candidate)"),
                            ("h", "h<sub>t</sub> (new)"))
    ]
    layout = dict(
        title=title or f"h_t lands between h_t−1 and h̃_t (step {t})", barmode="group", font=style.FONT,
        height=height, margin=dict(l=50, r=10, t=60, b=40), legend=dict(orientation="h", y=-0.25),
        plot_bgcolor="white",
        yaxis=dict(range=[-1.05, 1.05], title=dict(text="value"), zeroline=True, zerolinecolor="#bbb"),
        xaxis=dict(tickmode="array", tickvals=units, ticktext=[f"unit {u}<br>takes {w:.0%} new" for u, w in
                                                               zip(units, take)]),
    )
    return go.Figure(data=bars, layout=layout)


def unit_sentences(trace, step):
    """One plain sentence per unit, made from the numbers of this step."""
    t = int(step)
    take = take_fraction(trace, t)
    sentences = []
    for u in range(trace.h.shape[1]):
        old, new, h = trace.h_prev[t, u], trace.h_tilde[t, u], trace.h[t, u]
        sentences.append(
            f"Unit {u} keeps {1 - take[u]:.0%} of its old value ({old:+.3f}) and takes "
            f"{take[u]:.0%} of the candidate ({new:+.3f}): h = {h:+.3f}."
        )
    return sentences
