"""Every figure of the app goes through `show`: one place for what a figure offers its viewer.

- a camera button (Plotly's own export) that downloads PNG or SVG, as chosen in the sidebar, under
  a file name that says what it shows (lessons.export.figure_filename);
- presentation mode's larger text, by scaling every font size the figure sets;
- the table view of every heatmap (the same numbers, readable by a screen reader), when asked;
- an alt text for screen readers;
- for a chart that must stay mounted while the step moves (its step outlined over it by
  ui/outline.py), a download name without the step the image no longer shows.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lessons.export import figure_filename

from . import session, view

SCALE = 1.45  # presentation mode: fonts grow by this factor, heights by its square root
FONT_KEYS = ("font", "textfont", "tickfont", "insidetextfont", "outsidetextfont")


def enlarged(fig, factor=SCALE):
    """A copy of `fig` with every font size (and the default one) multiplied by `factor`."""
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
        layout["height"] = layout["height"] * factor**0.5
    return go.Figure(spec)


def config(name, state, with_step=True):
    """Plotly's config: only the download button, in the chosen format, with a telling file name."""
    fmt = view.download_format()
    page = st.session_state.get("page_path") or "home"
    named = ("step", "z_convention", "reset") if with_step else ("z_convention", "reset")
    return {
        "displaylogo": False,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {
            "format": fmt,
            "filename": figure_filename(page, name, {part: getattr(state, part) for part in named}),
            "scale": 2 if fmt == "png" else 1,
        },
    }


def as_shown(fig):
    """`fig` as this session draws it: enlarged in presentation mode. The last one is kept: a step
    outlines the same figure again (8 ms to enlarge at the page limits)."""
    if not view.presenting():
        return fig
    kept = st.session_state.get("_enlarged")
    if kept is None or kept[0] is not fig:
        kept = st.session_state._enlarged = (fig, enlarged(fig))
    return kept[1]


def show(fig, name, *, where=None, key=None, state=None, alt=None, steady=False, **kwargs):
    """Draw `fig` (named `name` for its download) the app's way; returns what st.plotly_chart returns.

    steady=True: a chart drawn without the step, which stays mounted while the step moves; the
    caller outlines the step over it (`outline.draw(as_shown(fig), key, step, tokens)`), and its
    download is named without the step.
    """
    where = where or st
    state = state if state is not None else session.state()
    fig = as_shown(fig)
    settings = config(name, state, with_step=not steady)
    event = where.plotly_chart(fig, key=key or name, config=settings, alt=alt or _describe(fig), **kwargs)
    if view.table_views():
        heatmap_tables(fig, where)
    return event


def _describe(fig):
    title = fig.layout.title.text or "A figure"
    kinds = sorted({trace.type for trace in fig.data})
    return f"{title} ({', '.join(kinds) or 'diagram'}). Turn on table views in the sidebar for its numbers."


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
