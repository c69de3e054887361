"""The selected step's outline over a chart that must not change when the step does.

Streamlit 1.67 gives a Plotly chart a new element id whenever its spec changes, and the browser then
mounts it afresh: a full Plotly draw of every panel (about 90 ms for the sequence heatmaps in
chromium). A step outline drawn as Plotly shapes changes the spec at every step. So the heatmaps are
drawn without the step, and the step's column is outlined by a CSS box over the chart: a few hundred
bytes per step while the chart itself stays mounted and untouched.

The box is placed from the figure's own layout: fixed pixel margins, a fixed pixel height, the
panels' vertical domains and a shared time axis from -0.5 to T - 0.5, so step t is the t-th of T
equal columns of the plot width (the chart stretches, hence the calc()). The figure must not let
Plotly move its margins (margin.autoexpand False), or the box and the cells would part.
"""

import html

import streamlit as st

from gru_viz.figures.style import SELECTED

LINE = 2  # px; drawn just outside the column, so a narrow column's own colour still shows inside
INK = f"linear-gradient({SELECTED}, {SELECTED})"  # one line of the outline, as a background layer


def column_box(fig):
    """(steps, left, right, panels): the time columns, the pixel margins and, top-down, the
    (top, height) in pixels of every panel of `fig`, a figure whose panels share one time axis."""
    layout = fig.layout
    margin, height = layout.margin, layout.height
    if height is None or margin.autoexpand is not False:
        raise ValueError("the outline needs a fixed height and fixed margins")
    low, high = layout.xaxis.range
    steps = int(round(high - low))
    plot = height - margin.t - margin.b
    panels = []
    for name in layout.to_plotly_json():
        if name.startswith("yaxis"):
            bottom, top = layout[name].domain or (0.0, 1.0)
            panels.append((margin.t + (1 - top) * plot, (top - bottom) * plot))
    return steps, margin.l, margin.r, sorted(panels)


def column_css(fig, key, step):
    """CSS that outlines column `step` of every panel of `fig`, drawn in the element keyed `key`.

    The custom property --step says which step is outlined (the browser bench and tests read it).
    """
    steps, left, right, panels = column_box(fig)
    lines = []
    for top, height in panels:
        top, height = top - LINE, height + 2 * LINE
        lines += [
            f"{INK} left 0 top {top:.1f}px / {LINE}px {height:.1f}px",
            f"{INK} right 0 top {top:.1f}px / {LINE}px {height:.1f}px",
            f"{INK} left 0 top {top:.1f}px / 100% {LINE}px",
            f"{INK} left 0 top {top + height - LINE:.1f}px / 100% {LINE}px",
        ]
    width = f"(100% - {left + right}px) / {steps}"
    return (
        f".st-key-{key} {{ position: relative; --step: {step}; }}\n"
        f".st-key-{key}::after {{ content: ''; position: absolute; pointer-events: none; z-index: 2;"
        f" top: 0; height: {fig.layout.height}px;"
        f" left: calc({left - LINE}px + {width} * {step}); width: calc({width} + {2 * LINE}px);"
        f" background: {', '.join(lines)}; background-repeat: no-repeat; }}"
    )


def note(step, tokens):
    """Which column is outlined, in words: "Outlined: step 2, token “cat”." (a numbered step's
    token, "t=2", is not repeated)."""
    token = str(tokens[step])
    return f"Outlined: step {step}" + ("" if token == f"t={step}" else f", token “{token}”") + "."


def draw(fig, key, step, tokens, where=st):
    """The outline of column `step` over the chart keyed `key`, with a line that says in words which
    column it is (for every reader; the CSS rides along with it)."""
    words = html.escape(note(step, tokens))
    where.html(
        f'<p class="step-note" style="margin: 0; font-size: 0.875rem; opacity: 0.75">{words}</p>'
        f"<style>{column_css(fig, key, step)}</style>"
    )
