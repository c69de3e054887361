"""Every figure of the app goes through `show`: one place for what a figure offers its viewer.

- a camera button (Plotly's own export) that downloads PNG or SVG, as chosen in the sidebar, under
  a file name that says what it shows (lessons.export.figure_filename);
- presentation mode's larger text, by scaling every font size the figure sets, and a height that
  fits a projector's first screen (at most ROOM pixels, panels shrunk and their titles' gaps kept);
- the table view of every heatmap (the same numbers, readable by a screen reader), when asked;
- an alt text for screen readers.
It is drawn by ui.figure_view (plotly.js in the page, in Streamlit's look).
(The cell, sequence and edit pages' views are the live view, ui/live_view.py, which offers the same
in the browser.)
"""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from gru_viz.figures.sequence import bar_ticks
from lessons.export import figure_filename

from . import session, view
from .compute import cached_figure
from .figure_view import figure

SCALE = 1.45  # presentation mode: fonts grow by this factor, heights by its square root
# Presentation mode: no figure is drawn taller than this, so that a page's figure fits a 1280x720
# projector's first screen together with the heading, the step bar and the controls above it
# (measured for every page by tests/browser/test_presentation_browser.py). Stacked panels get more
# room than a single plot (lines, the cell diagram), which reads well at this size.
ROOM = {"panels": 390, "plot": 320, "diagram": 360}
# A diagram (boxes of text on hidden axes) draws its boxes in axis units, so they grow only with the
# figure: it keeps its text's growth (it is drawn SCALE times as tall, within its room) or the text
# leaves its boxes. The cell page's diagram has the step controls beside it, not above: it may use
# the first screen down to its bottom (tests/browser/test_presentation_browser.py measures it).
ROOM_FOR = {"cell_diagram": 500, "lstm_diagram": 470}  # the LSTM's: below the GRU's, past the first screen
GAP = 28  # px: at most this much between stacked panels, room for a panel's title in the larger font
TITLE_ROOM = 34  # px: the top margin a figure without a title keeps, for its first panel's title
YPAD = 10  # px: Plotly's default padding at each end of a colour bar, inside its length
FONT_KEYS = ("font", "textfont", "tickfont", "insidetextfont", "outsidetextfont")


def enlarged(fig, factor=SCALE, room=None):
    """A copy of `fig` with every font size (and the default one) multiplied by `factor`, and its
    height grown by the square root of `factor` (a diagram's: by `factor`) but kept within `room`
    pixels (None: its ROOM) (`fitted`)."""
    spec = fig.to_dict()

    def walk(node, parent_key=None):
        if isinstance(node, dict):
            if parent_key in FONT_KEYS and isinstance(node.get("size"), (int, float)):
                node["size"] = node["size"] * factor
            for key, value in node.items():
                walk(value, key)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item, parent_key)

    walk(spec)
    layout = spec.setdefault("layout", {})
    layout.setdefault("font", {}).setdefault("size", 12 * factor)
    if "height" in layout:
        kind = figure_kind(layout)
        layout["height"] = layout["height"] * (factor if kind == "diagram" else factor**0.5)
        if kind == "diagram" and isinstance(layout.get("margin", {}).get("t"), (int, float)):
            layout["margin"]["t"] *= factor**0.5  # the title's room, for its larger font
        fitted(spec, min(layout["height"], room or ROOM[kind]))
    return go.Figure(spec)


def figure_kind(layout):
    """Which ROOM a figure's layout takes: "diagram" (shapes on hidden axes), "panels" (stacked
    y axes on domains of their own) or "plot"."""
    if layout.get("shapes") and (layout.get("xaxis") or {}).get("visible") is False:
        return "diagram"
    panels = sum(1 for name in layout if name.startswith("yaxis") and layout[name].get("domain")) > 1
    return "panels" if panels else "plot"


def fitted(spec, height):
    """Give the figure `spec` (fig.to_dict()) the smaller pixel `height`, in place. What sits below
    the plot in paper units (a legend) keeps its distance in pixels; a figure of stacked panels is
    re-spaced (`respaced`)."""
    layout = spec["layout"]
    old, layout["height"] = layout["height"], height
    if height >= old:
        return
    margin = layout.setdefault("margin", {})
    was = old - margin.get("t", 100) - margin.get("b", 80)  # the plot's height; Plotly's default margins
    legend = layout.get("legend") or {}
    if isinstance(legend.get("y"), (int, float)) and legend["y"] < 0:
        legend["y"] *= was / max(height - margin.get("t", 100) - margin.get("b", 80), 1)
    names = [name for name in layout if name.startswith("yaxis") and layout[name].get("domain")]
    if len(names) > 1:
        respaced(spec, names, was)


def respaced(spec, names, was):
    """A figure of stacked panels (the y axes `names`, each on its own vertical domain; the plot was
    `was` pixels tall) after its height shrank: the pixel gaps between the panels, where their
    titles sit, are kept (up to GAP) and only the panels shrink; every y position in paper units
    (the panels' titles, the colour bars) moves with the panel it belongs to."""
    layout = spec["layout"]
    margin = layout["margin"]
    if not (layout.get("title") or {}).get("text") and margin.get("t", 100) > TITLE_ROOM:
        margin["t"] = TITLE_ROOM  # a top margin kept for a title that is not there
    if margin.get("autoexpand") is False:  # Plotly will not grow them for the larger tick labels
        # and axis titles: at less than the font's growth, "units" ran over the "0" beside it and
        # "time step (token)" touched the ticks above it (the edit page's compact maps)
        for side in ("l", "b"):
            if side in margin:
                margin[side] = margin[side] * SCALE
    now = layout["height"] - margin.get("t", 100) - margin.get("b", 80)
    domains = sorted((layout[name]["domain"] for name in names), key=lambda d: -d[1])  # top-down
    edges = [1.0] + [y for bottom, top in domains for y in (top, bottom)] + [0.0]  # top-down
    spans = -np.diff(edges) * was  # px: gap, panel, gap, panel, ..., gap
    spans[0::2] = np.minimum(spans[0::2], GAP)
    gaps, panels = spans[0::2], spans[1::2]
    shrink = (now - gaps.sum()) / panels.sum()
    if shrink <= 0:  # no room for the panels at all: they keep their shares
        return
    spans[1::2] = panels * shrink
    new_edges = 1.0 - np.concatenate([[0.0], np.cumsum(spans)]) / now

    def move(y):  # paper y of the old figure -> paper y of the fitted one; outside the plot, the same px
        if 0.0 <= y <= 1.0:
            return min(max(float(np.interp(y, edges[::-1], new_edges[::-1])), 0.0), 1.0)
        return (y - (y > 1)) * was / now + (y > 1)

    for name in names:
        layout[name]["domain"] = [move(y) for y in layout[name]["domain"]]
    for note in layout.get("annotations", ()):
        if note.get("yref") == "paper" and isinstance(note.get("y"), (int, float)):
            note["y"] = move(note["y"])
    spans = []  # (bottom, top) of every placed colour bar, paper units
    for trace in spec.get("data", ()):
        bar = trace.get("colorbar") or {}
        placed = all(isinstance(bar.get(part), (int, float)) for part in ("y", "len"))
        if placed and bar.get("yanchor") == "top":  # as the builders place a panel's colour bar
            top, bottom = move(bar["y"]), move(bar["y"] - bar["len"])
            room = (1.4 * tick_size(bar, layout) + 2 * YPAD) / now  # paper: two tick labels' lines apart
            if top - bottom < room:  # a bar too short for its two ends' labels grows about its middle
                top, bottom = (top + bottom + room) / 2, (top + bottom - room) / 2
            bar["y"], bar["len"] = top, top - bottom
            spans.append((bottom, top))
            if "zmin" in trace and "zmax" in trace:
                thinned(bar, trace["zmin"], trace["zmax"], (top - bottom) * now, layout)
    folded(layout.get("annotations", ()), spans, now)
    sparse(layout, names, now)


def thinned(bar, low, high, length, layout):
    """Give the colour `bar` (`length` px long, over [low, high]) only the tick labels that fit, in
    place: its two ends, or its ends and middle, when Plotly's five ("−1, −0.5, 0, 0.5, 1") would
    stand closer than a label's line (1.4 em of the larger font, with room to spare) and overlap."""
    bar.update(bar_ticks(low, high, length, tick_size(bar, layout), pad=YPAD))


def tick_size(axis, layout):
    """The font size of an axis's (or a colour bar's) tick labels, in px."""
    return (axis.get("tickfont") or {}).get("size") or (layout.get("font") or {}).get("size") or 12 * SCALE


def sparse(layout, names, height):
    """Keep every k-th unit tick label of a panel whose rows (one a tick, the y axes `names`, the
    plot `height` px tall) are closer than a label's line (1.3 em), in place: they overlapped."""
    for name in names:
        axis = layout[name]
        ticks = axis.get("tickvals")
        if axis.get("tickmode") != "array" or not ticks or axis.get("ticktext"):
            continue
        pitch = (axis["domain"][1] - axis["domain"][0]) * height / len(ticks)
        step = int(np.ceil(1.3 * tick_size(axis, layout) / pitch))
        if step > 1:
            axis["tickvals"] = list(ticks)[::step]


def folded(notes, spans, height):
    """Break each rotated colour bar title (an annotation named "colour bar title", as
    gru_viz.figures.sequence draws them, centred on its bar) that is longer than its shrunk bar onto
    two lines at its comma, in place: on one line it ran past its bar over the next bar's title.
    `spans`: the bars' (bottom, top) in paper units; `height`: the plot's height in px. A title's
    length is estimated at 0.6 em a character."""
    for note in notes:
        text, y = note.get("text") or "", note.get("y")
        if note.get("name") != "colour bar title" or ", " not in text or not isinstance(y, (int, float)):
            continue
        bar = next(((b, t) for b, t in spans if b <= y <= t), None)
        size = (note.get("font") or {}).get("size") or 12 * SCALE
        if bar is not None and len(text) * 0.6 * size > (bar[1] - bar[0]) * height:
            note["text"] = text.replace(", ", ",<br>", 1)


def config(name, state):
    """Plotly's config: only the download button, in the chosen format, with a telling file name."""
    fmt = view.download_format()
    page = st.session_state.get("page_path") or "home"
    named = ("step", "z_convention", "reset")
    return {
        "displaylogo": False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {
            "format": fmt,
            "filename": figure_filename(page, name, {part: getattr(state, part) for part in named}),
            "scale": 2 if fmt == "png" else 1,
        },
    }


def as_shown(fig, name=None):
    """`fig` (named `name` for its download) as this session draws it: enlarged in presentation
    mode, within its room (ROOM_FOR the name, or its kind's ROOM). The last one is kept: a rerun
    often shows the same figure again (8 ms to enlarge at the page limits)."""
    if not view.presenting():
        return fig
    kept = st.session_state.get("_enlarged")
    if kept is None or kept[0] is not fig:
        kept = st.session_state._enlarged = (fig, enlarged(fig, room=ROOM_FOR.get(name)))
    return kept[1]


def show(fig, name, *, where=None, key=None, state=None, alt=None):
    """Draw `fig` (named `name` for its download) the app's way (ui.figure_view)."""
    state = state if state is not None else session.state()
    fig = as_shown(fig, name)
    figure(fig, key=key or name, config=config(name, state), alt=alt or _describe(fig), where=where)
    if view.table_views():
        heatmap_tables(fig, where or st)


def show_cached(name, state, options, build, **kwargs):
    """`show` the figure `build()` makes, named `name`: built once for the same numbers, token
    labels and `options` (everything else it depends on: ui.compute.cached_figure), so a page
    switch or a rerun only sends it."""
    show(cached_figure(name, state, options, build), name, state=state, **kwargs)


def _describe(fig):
    title = fig.layout.title.text or "A figure"
    kinds = sorted({trace.type for trace in fig.data})
    where = "" if not view.presenting() else " (outside presentation mode)"
    return f"{title} ({', '.join(kinds) or 'diagram'}). Turn on table views in the sidebar{where} for its numbers."


def heatmap_tables(fig, where):
    """The numbers of every heatmap in `fig`, one table each, rows and columns labelled as drawn."""
    for trace in fig.data:
        if trace.type != "heatmap" or trace.z is None:
            continue
        z = pd.DataFrame(list(trace.z))
        if trace.x is not None and len(trace.x) == z.shape[1]:
            z.columns = [str(x) for x in trace.x]
        if trace.y is not None and len(trace.y) == z.shape[0]:
            z.index = [str(y) for y in trace.y]
        where.markdown(f"**{trace.name or 'heatmap'}** (table view)")
        where.dataframe(z.round(4), width="stretch", height=min(40 + 35 * len(z), 320))
