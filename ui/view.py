"""How this browser session views the app: presentation mode, table views, the figure download
format. These are preferences of the viewer, not part of the GRU's state, so they live in
st.session_state beside it (never in another session) and stay out of the shared link; only
presentation mode can be asked for in a link (?present=1), so a teacher can open a projector
tab straight into it.
"""

import streamlit as st

from . import session

FORMATS = {"png": "PNG (slides)", "svg": "SVG (print, scales)"}

# Presentation mode: Streamlit sizes its text in rem, so a larger root font enlarges every label,
# table and formula at once; the sidebar and its editing controls are hidden (navigation moves to
# the top bar, stepping to a bar above the page). A projector is often 1280x720: the room above a
# page's figure is kept small (a tighter gap between elements, a shorter header, a smaller title)
# so that the figure and its step controls fit the first screen (tests/browser/
# test_presentation_browser.py measures every page). The toolbar's Deploy button and menu are for
# the developer, not for a class: hidden here, kept outside presentation mode.
PRESENTATION_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stToolbarActions"], [data-testid="stAppDeployButton"], [data-testid="stMainMenu"] {
  display: none;
}
[data-testid="stHeader"] { height: 2.6rem !important; min-height: 0 !important; }
h1 { font-size: 1.5rem !important; padding: 0 !important; }
h2 { font-size: 1.3rem !important; padding: 0.3rem 0 0 !important; }
[data-testid="stMainBlockContainer"] {
  padding-top: 2.7rem; padding-left: 1.5rem; padding-right: 1.5rem; max-width: 100%;
}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.55rem; }
.stButton button { min-height: 2.2rem; }
[data-testid="stExpander"] summary { padding-top: 0.2rem; padding-bottom: 0.2rem; }
</style>
"""


def presenting():
    """True while this session is in presentation mode."""
    if "presenting" not in st.session_state:
        st.session_state.presenting = st.query_params.get("present") == "1"
    return st.session_state.presenting


def set_presenting(on):
    st.session_state.presenting = bool(on)
    if not on:
        st.query_params.pop("present", None)


def table_views():
    """True when every heatmap should also show its numbers as a table (screen readers, copying)."""
    return st.session_state.get("table_views", False)


def download_format():
    return st.session_state.get("figure_format", "png")


def mirrored(widget, label, setting, default, *, store=None, **kwargs):
    """`widget` (e.g. st.toggle, or where.selectbox) editing the plain session value `setting`.

    Streamlit forgets a widget's own value on a run that does not draw it (the sidebar is hidden
    while presenting), so the value lives under `setting` and the widget only mirrors it.
    `store(value)` replaces the plain assignment when a change must do more.
    """
    key = f"{setting}_widget"
    st.session_state[key] = st.session_state.get(setting, default)

    def changed():
        value = st.session_state[key]
        if store is None:
            st.session_state[setting] = value
        else:
            store(value)

    return widget(label, key=key, on_change=changed, **kwargs)


def apply():
    """Page-wide styling for the current mode; app.py calls this once per run."""
    if presenting():
        st.html(PRESENTATION_CSS)


def notices():
    """In presentation mode, what the hidden sidebar says about the link, on the page itself: a
    link that could not be opened (the default example is shown instead) or a state too large for
    the address bar (a reload would lose it). Otherwise a teacher could project the wrong example
    without knowing. app.py calls this above the page."""
    if not presenting():
        return
    session.state()  # reading a link is what stores its message
    problems = [session.message("link")]
    if session.share_query() is None:
        problems.append(session.message("share"))
    for text in filter(None, problems):
        st.warning(text, icon=":material/link_off:")


def controls(where):
    """The view settings, for the sidebar."""
    mirrored(
        where.toggle,
        "Presentation mode",
        "presenting",
        presenting(),
        store=set_presenting,
        help="For a projector: larger text and figures, no editing controls; step with ← → or the big buttons. "
        "Add &present=1 to a link to open it this way.",
    )
    with where.expander("View and export"):
        mirrored(
            st.toggle,
            "Table views of the heatmaps",
            "table_views",
            False,
            help="Under every heatmap, the same numbers as a table: for screen readers and for copying.",
        )
        mirrored(
            st.radio,
            "Figures download as",
            "figure_format",
            "png",
            options=list(FORMATS),
            format_func=FORMATS.get,
            horizontal=True,
            help="Hover a figure and press its camera button to download it in this format.",
        )
