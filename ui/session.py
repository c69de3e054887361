"""The one AppState of this browser session, kept in st.session_state and mirrored in the URL.

Every change goes through `update` or `replace_state`, which validate first: a refused change
leaves the last good state exactly as it was and stores a message for the control that caused it.
`rev` counts changes that came from outside a control (a preset, a link, an upload, a convention
switch): widgets re-read their values from the state when it moves, and tables remount.
"""

import streamlit as st

from gru_viz import presets
from gru_viz.state import StateError, from_url, to_url

DEFAULT_EXAMPLE = "Write once, carry"


def leave_legacy_pages_mode():
    """Make sure app.py (the router) runs, even on a server's very first request.

    Streamlit treats a folder named pages/ beside the main script as its legacy multipage layout
    until st.navigation runs once in the process; if the first request is a deep link such as
    /cell?s=..., it runs pages/cell.py on its own, without the router and its sidebar. Pages call
    this first: it switches the legacy mode off and reruns, so the router takes over.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def state():
    """The session's state, created on first use from the link (?s=...) or the default example."""
    leave_legacy_pages_mode()
    if "app_state" not in st.session_state:
        st.session_state.rev = 0
        st.session_state.messages = {}
        packed = st.query_params.get("s")
        initial = presets.EXAMPLES[DEFAULT_EXAMPLE]()
        if packed:
            try:
                initial = from_url(packed)
            except StateError as exc:
                st.session_state.messages["link"] = (
                    f"This link could not be opened ({exc}). Showing the default example."
                )
        st.session_state.app_state = initial
        _mirror(initial)
    return st.session_state.app_state


def replace_state(new, *, source="app", external=True):
    """Make a validated `new` state current. external=True makes widgets and tables re-read it."""
    st.session_state.app_state = new
    st.session_state.messages.pop(source, None)
    if external:
        st.session_state.rev += 1
    _mirror(new)


def update(source, external=False, **changes):
    """Apply changes to the state if valid; else keep the state and remember why, under `source`.

    Returns True when the change was applied.
    """
    try:
        new = state().with_changes(**changes)
    except StateError as exc:
        st.session_state.messages[source] = str(exc)
        return False
    replace_state(new, source=source, external=external)
    return True


def message(source):
    """The refusal message stored for a control, or None."""
    return st.session_state.get("messages", {}).get(source)


def refuse(source, text):
    st.session_state.messages[source] = text


def rev():
    return st.session_state.get("rev", 0)


def share_query():
    """The ?s=... string of the current state, or None (with a message) when it is too large."""
    try:
        return to_url(state())
    except StateError as exc:
        refuse("share", str(exc))
        return None


def _mirror(current):
    """Keep the address bar equal to the state, so copying it shares exactly this view."""
    try:
        packed = to_url(current)
    except StateError:
        st.query_params.pop("s", None)
        return
    if st.query_params.get("s") != packed:
        st.query_params["s"] = packed


def synced(key, value):
    """Set widget `key` to `value` when the state moved since the widget last read it."""
    marker = f"_rev_{key}"
    if st.session_state.get(marker) != rev() or key not in st.session_state:
        st.session_state[key] = value
        st.session_state[marker] = rev()
