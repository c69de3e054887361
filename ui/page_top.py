"""A new page opens at its top, not where the previous page was scrolled to.

Streamlit 1.67 keeps the main area mounted across a change of page, and its scroll position with
it: scrolled to the foot of one lesson, a click on "Next" opened the next lesson at the same
depth. A tiny Streamlit component (st.components.v2; it runs its script in the page itself, which
st.html does not) is told the page's path on every run and scrolls the main area to the top when
the path changes (page_top.js).
"""

import pathlib

from . import invisible

_component = invisible.component("gru_page_top", pathlib.Path(__file__).with_name("page_top.js"))


def to_top_on_change(url_path):
    """Scroll to the top when `url_path`, the page this run shows, is not the page shown before."""
    invisible.mount(_component, "page_top", data={"page": url_path})
