"""A new page opens at its top, not where the previous page was scrolled to.

Streamlit 1.67 keeps the main area mounted across a change of page, and its scroll position with
it: scrolled to the foot of one lesson, a click on "Next" opened the next lesson at the same
depth. A tiny Streamlit component (st.components.v2; it runs its script in the page itself, which
st.html does not) is told the page's path on every run and scrolls the main area to the top when
the path changes (page_top.js).
"""

import pathlib

import streamlit as st

KEY = "page_top"
_JS = pathlib.Path(__file__).with_name("page_top.js").read_text(encoding="utf-8")
_component = st.components.v2.component("gru_page_top", js=_JS)
# The component draws nothing; without this its empty element would still take a row's gap.
_HIDE = f"<style>.st-key-{KEY} {{ display: none; }}</style>"


def to_top_on_change(url_path):
    """Scroll to the top when `url_path`, the page this run shows, is not the page shown before."""
    st.html(_HIDE)
    _component(key=KEY, data={"page": url_path}, width="content", height="content")
