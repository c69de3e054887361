"""The interpolation of one step drawn as number lines, one per unit, in plain HTML.

h_t = (1 - z) h_{t-1} + z h~_t (or its mirror) puts h_t on the segment between the old state and
the candidate, a share `take` of the way towards the candidate (gru_viz.conventions.taken). Each
unit gets a line over [-1, 1] with h_{t-1}, h~_t and h_t marked on it, so a learner sees where h_t
lands, and the sentence in numbers beside it. Data in (a GRUTrace and a step), an HTML string out
(plain positioned <div>s: Streamlit's st.html sanitizer drops inline SVG).

It lives with the figure builders because it is one: a pure view of a trace (trace in, string
out, no I/O, no Streamlit), held to the trace's numbers by tests/test_number_line.py, and shown
as it is in a notebook (IPython.display.HTML) as well as by the app's st.html. It needs no plotly.

Why not a chart library: this view changes at every step, and what a learner waits for is the
browser's redraw. Profiled here, an Altair (Vega-Lite) version of these bars cost about 8 ms of
server time (schema validation) and 9 ms of browser time per step; a string of HTML costs
neither, and keeps every number as text a screen reader can read.
"""

from html import escape

import numpy as np

from . import style
from .interpolation import unit_sentences

MARKS = {  # field: (legend label, dot diameter in px)
    "h_prev": ("h<sub>t−1</sub> old", 12),
    "h_tilde": ("h̃<sub>t</sub> candidate", 12),
    "h": ("h<sub>t</sub> new", 15),
}
ROW = "display:flex;align-items:center;height:30px"
TRACK = "position:relative;flex:1;height:100%;margin:0 10px"
LABEL = "width:4.2em;flex:none"
SIDE = "width:12.5em;flex:none;font-variant-numeric:tabular-nums"


def position(value):
    """Where `value` sits on the [-1, 1] track, in % of its width (beyond ±1: at the ends)."""
    return 50.0 * (float(np.clip(value, -1.0, 1.0)) + 1.0)


def _bar(a, b, colour, opacity=1.0):
    left, right = sorted((position(a), position(b)))
    return (
        f'<div style="position:absolute;left:{left:.3f}%;width:{right - left:.3f}%;top:calc(50% - 3px);'
        f'height:6px;border-radius:3px;background:{colour};opacity:{opacity}"></div>'
    )


def _dot(field, value):
    size, colour = MARKS[field][1], style.COLOURS[field]
    # h_t is a ring, so a candidate or old value right under it still shows through.
    fill = f"border:3px solid {colour}" if field == "h" else f"background:{colour};border:1.5px solid white"
    return (
        f'<div data-field="{field}" data-value="{value:+.6f}" title="{field} = {value:+.4f}" '
        f'style="position:absolute;left:{position(value):.3f}%;top:50%;width:{size}px;height:{size}px;'
        f'margin:-{size / 2}px 0 0 -{size / 2}px;border-radius:50%;{fill};box-sizing:border-box"></div>'
    )


def number_lines(trace, step, *, units=None) -> str:
    """The legend, the axis and one number line per unit at one step, as one HTML <div>.

    Parameters
    ----------
    trace: GRUTrace
        One GRU cell's record (T steps, H units).
    step: int
        The time step drawn, 0 <= step < T.
    units: list of int or None (default `None`)
        The units drawn, in this order (a handful followed in a layer of hundreds); None: every unit.

    Returns
    -------
        str: HTML, a <div role="figure"> whose dots carry data-field ("h_prev", "h_tilde", "h")
        and data-value attributes.
    """
    t = int(step)
    take = trace.take[t]
    legend = " ".join(
        f'<span style="white-space:nowrap;margin-right:1.2em"><span style="display:inline-block;width:{d}px;'
        f"height:{d}px;border-radius:50%;box-sizing:border-box;vertical-align:middle;"
        f'{f"border:3px solid {style.COLOURS[f]}" if f == "h" else f"background:{style.COLOURS[f]}"}"></span> '
        f"{label}</span>"
        for f, (label, d) in MARKS.items()
    )
    axis = (
        f'<div style="{ROW};height:18px;font-size:0.8rem;color:#666"><div style="{LABEL}"></div>'
        f'<div style="{TRACK};display:flex;justify-content:space-between"><span>−1</span><span>0</span>'
        f'<span>+1</span></div><div style="{SIDE}">share of h̃ taken · new h</div></div>'
    )
    rows = []
    for u in range(trace.h.shape[1]) if units is None else units:
        old, new, h = (float(getattr(trace, f)[t, u]) for f in ("h_prev", "h_tilde", "h"))
        rows.append(
            f'<div style="{ROW}"><div style="{LABEL}">unit {u}</div><div style="{TRACK}">'
            '<div style="position:absolute;left:0;right:0;top:calc(50% - 1px);height:2px;background:#ddd"></div>'
            '<div style="position:absolute;left:50%;top:20%;height:60%;width:1px;background:#bbb"></div>'
            # The whole way from old to candidate, then the part of it that h_t travelled.
            + _bar(old, new, "#cfcfcf")
            + _bar(old, h, style.COLOURS["h"], 0.45)
            + _dot("h_prev", old)
            + _dot("h_tilde", new)
            + _dot("h", h)
            + f'</div><div style="{SIDE}">takes {take[u]:.0%} · h = {h:+.3f}</div></div>'
        )
    return f'<div role="figure" aria-label="number lines at step {t}"><div>{legend}</div>{axis}{"".join(rows)}</div>'


def interpolation_html(trace, step, *, token=None, clamp=None, units=None) -> str:
    """The number lines with a heading and one sentence per unit: the cell page's whole panel.

    Parameters
    ----------
    trace: GRUTrace
        One GRU cell's record (T steps, H units).
    step: int
        The time step drawn, 0 <= step < T.
    token: str or None (default `None`)
        The step's token, named in the heading (escaped); None: the step number alone.
    clamp: (str, float, int or None) or None (default `None`)
        (gate, value, unit): a gate forced to `value` for one unit (None: every unit), which the
        sentences of the units it forces say; None: no gate is forced.
    units: list of int or None (default `None`)
        The units drawn and described, in this order; None: every unit.

    Returns
    -------
        str: HTML (a heading, number_lines, a list of one sentence per unit), for st.html or
        IPython.display.HTML.
    """
    t = int(step)
    where = f"step {t}" + (f", token “{escape(str(token))}”" if token is not None else "")
    described = unit_sentences(trace, t, clamp=clamp, units=units)
    sentences = "".join(f"<li>{escape(sentence)}</li>" for sentence in described)
    return (
        f'<div style="font-size:1.05rem;font-weight:600;margin-bottom:4px">'
        f"h<sub>t</sub> lands between h<sub>t−1</sub> and h̃<sub>t</sub> ({where})</div>"
        + number_lines(trace, t, units=units)
        + f'<ul style="margin-top:8px">{sentences}</ul>'
    )
