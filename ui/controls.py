"""Lesson controls bound to the app state: a widget shows one of `state.pages`' settings and writes
it back through session.update_setting, validated, so the link and the JSON carry it.

The state is the source of truth and the widget only mirrors it: its value is set from the state
before every draw (a link that was just opened, a refused change, a unit clamped because the GRU
shrank), which Streamlit allows for a widget not yet drawn in this run. So the widget is given no
default of its own, only its options.
"""

import streamlit as st

from lessons.page_settings import options

from . import session


def bound(widget, page, setting, label, *, shown=None, then=None, **kwargs):
    """`widget` (st.slider, or where.radio...) editing `state.pages.<page>.<setting>`.

    Choices (radio, select box, select slider) come from the setting's table unless given; a
    slider's range does too. `shown(value)` gives the widget's value for a stored one where they
    differ (None stored for "as far as possible"); `then(value)` runs after a change was applied.
    Returns the state's value.
    """
    key = f"{page}_{setting}"
    value = getattr(getattr(session.state().pages, page), setting)
    st.session_state[key] = value if shown is None else shown(value)
    allowed = options(page, setting)
    if "options" not in kwargs and widget_takes_options(widget):
        kwargs["options"] = list(allowed)
    elif widget_has_range(widget) and "min_value" not in kwargs:
        kwargs["min_value"], kwargs["max_value"] = allowed

    def changed():
        if session.update_setting(page, **{setting: st.session_state[key]}) and then is not None:
            then(st.session_state[key])

    widget(label, key=key, on_change=changed, **kwargs)
    problem = session.message(key)
    if problem:
        st.error(problem)
    return getattr(getattr(session.state().pages, page), setting)


def widget_takes_options(widget):
    return getattr(widget, "__name__", "") in {"radio", "selectbox", "select_slider", "segmented_control", "pills"}


def widget_has_range(widget):
    return getattr(widget, "__name__", "") in {"slider", "number_input"}
