"""The one AppState of this browser session, kept in st.session_state and mirrored in the URL.

Every change goes through `update` or `replace_state`, which validate first: a refused change
leaves the last good state exactly as it was and stores a message for the control that caused it.
`rev` counts changes that came from outside a control (a preset, a link, an upload, a convention
switch): widgets re-read their values from the state when it moves, and tables remount.
"""

import pandas  # noqa: F401  (imported here, before any page: see below)
import streamlit as st

from lessons import presets
from lessons.links import from_link, to_link
from lessons.state import StateError

from .store import store

DEFAULT_EXAMPLE = "Write once, carry"
# Why pandas is imported above: on a fresh server, several sessions' first runs import modules at
# once, and plotly in one thread could read pandas half-imported by another ("partially
# initialized module 'pandas'"), measured with bench/load.py. Importing it with this module, which
# every run imports first, finishes it before any figure is built.


def state():
    """The session's state, created on first use from the link (?s=...) or the default example."""
    if "app_state" not in st.session_state:
        st.session_state.rev = 0
        st.session_state.messages = {}
        packed = st.query_params.get("s")
        initial = presets.EXAMPLES[DEFAULT_EXAMPLE]()
        if packed:
            try:
                initial = from_link(packed, store())
            except StateError as exc:
                st.session_state.messages["link"] = (
                    f"This link could not be opened ({exc}). Showing the default example."
                )
        st.session_state.app_state = initial
        _mirror(initial)
    return st.session_state.app_state


def replace_state(new, *, source="app", external=True):
    """Make a validated `new` state current. external=True makes widgets and tables re-read it.

    If the new state cannot be put in a link (only when the server cannot keep a large one), the
    message sits next to the control that made the change, not only in the sidebar's share box."""
    st.session_state.app_state = new
    st.session_state.messages.pop(source, None)
    if external:
        st.session_state.rev += 1
    if not _mirror(new):
        st.session_state.messages[source] = f"Applied, but {st.session_state.packed_problem}"


def update(source, external=False, **changes):
    """Apply changes to the state if valid; else keep the state and remember why, under `source`.

    Returns True when the change was applied.
    """
    return _apply(source, external, lambda current: current.with_changes(**changes))


def update_setting(page, **changes):
    """Change some of one lesson page's controls (state.pages), like `update`; the message for a
    refusal is kept under '<page>_<setting>', the bound widget's key (see ui.controls)."""
    source = f"{page}_{next(iter(changes))}"
    return _apply(source, False, lambda current: current.with_setting(page, **changes))


def _apply(source, external, change):
    try:
        new = change(state())
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
    """The ?s=... string of the current state, or None (with a message) when it is too large.
    Packed once per change of state (_mirror), not at every rerun: 5 ms at the page limits."""
    state()
    if st.session_state.get("packed") is None:
        refuse("share", st.session_state.get("packed_problem", "This state cannot be put in a link."))
    return st.session_state.get("packed")


def _mirror(current):
    """Keep the address bar equal to the state, so copying it shares exactly this view; False when
    the state cannot be put in a link (a large one, and the server's store failed)."""
    try:
        st.session_state.packed = to_link(current, store())
    except StateError as exc:
        st.session_state.packed, st.session_state.packed_problem = None, str(exc)
    keep_link()
    return st.session_state.packed is not None


def keep_link():
    """Put the state back in the address bar if it is missing: the browser drops the query string
    when the learner changes page, and the state has not changed, so nothing else would."""
    packed = st.session_state.get("packed")
    if packed is None:
        st.query_params.pop("s", None)
    elif st.query_params.get("s") != packed:
        st.query_params["s"] = packed


def kept(key, default):
    """The value widget `key` last had (`keep`), for one without persist_state (tabs); `default`
    before it was drawn."""
    return st.session_state.get(f"_kept_{key}", default)


def keep(key, value):
    """Remember widget `key`'s value: Streamlit forgets a widget's value once a run leaves it out (a
    closed lazy tab), and a widget without persist_state then starts again from its default."""
    st.session_state[f"_kept_{key}"] = value
    return value


def synced(key, value):
    """Set widget `key` to `value` when the state moved since the widget last read it."""
    marker = f"_rev_{key}"
    if st.session_state.get(marker) != rev() or key not in st.session_state:
        st.session_state[key] = value
        st.session_state[marker] = rev()
