"""The share link in the sidebar: a short preview and a button that copies the whole link.

A link holds the whole state, about 2,700 characters for the default example; shown whole, it
filled the sidebar. The component (st.components.v2, its script in share.js) copies the address
bar as it is when pressed, which the app keeps equal to the state (ui/session.py).
"""

import pathlib

import streamlit as st

_HTML = '<div class="share"><code class="preview"></code><button type="button">Copy link</button></div>'
_CSS = """
.share { display: flex; align-items: center; gap: 0.5rem; font-size: 0.875rem; }
.preview { flex: 1; min-width: 0; overflow: hidden; white-space: nowrap; text-overflow: ellipsis;
  font-family: var(--st-code-font, monospace); color: var(--st-text-color); }
button { flex: none; cursor: pointer; padding: 0.25rem 0.75rem; border-radius: 0.5rem;
  border: 1px solid var(--st-border-color, #ccc); background: var(--st-background-color);
  color: var(--st-text-color); font: inherit; }
button:hover { border-color: var(--st-primary-color); color: var(--st-primary-color); }
"""
_JS = pathlib.Path(__file__).with_name("share.js").read_text(encoding="utf-8")
_component = st.components.v2.component("gru_share_link", html=_HTML, css=_CSS, js=_JS)


def share_link():
    """The preview and its copy button."""
    _component(key="share_link", width="stretch", height="content")
