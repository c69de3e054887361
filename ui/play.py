"""Play: the selected step moves through the sequence on its own, at a chosen speed, until paused.

A fragment with run_every is Streamlit's timer: while playing, it wakes every 1/speed seconds and
moves the step by one. At the last step it stops. A full rerun also calls the fragment once; the
clock check keeps that call from advancing twice.

On the cell, sequence and edit pages play runs in the browser (static/live/stepping.js) and costs
the server nothing until it pauses. On the other pages the step's views are the whole page, so
play's own small fragment reruns the app.
"""

import time

import streamlit as st

from . import fair_share, session, view
from .clock import once_per

SPEEDS = {0.5: "½ step/s", 1.0: "1 step/s", 2.0: "2 steps/s", 4.0: "4 steps/s"}


def playing():
    return st.session_state.get("playing", False)


def _toggle():
    state = session.state()
    if not playing() and state.step >= state.steps - 1:
        session.update("step", external=True, step=0)  # play again from the start
    st.session_state.playing = not playing()
    st.session_state.last_tick = time.monotonic()


def controls(state, where, key):
    """A play / pause button and the speed, for a step bar. `key` keeps two bars apart."""
    if state.steps < 2:
        return
    left, right = where.columns([1, 1])
    button(state, left, key)
    # The speed outlives the bar that shows it (hidden in presentation mode).
    view.mirrored(
        right.selectbox,
        "Playing speed",
        "speed",
        1.0,
        options=list(SPEEDS),
        format_func=SPEEDS.get,
        label_visibility="collapsed",
    )


def button(state, where, key):
    """The play / pause button alone; while playing, it also starts the timer."""
    if state.steps < 2:
        return
    where.button(
        "pause" if playing() else "play",
        icon=":material/pause:" if playing() else ":material/play_arrow:",
        on_click=_toggle,
        key=f"play_{key}",
        width="stretch",
        help="Step through the sequence on its own; press again to pause.",
    )
    if playing():
        _ticker(_interval())


def _interval():
    return 1.0 / st.session_state.get("speed", 1.0)


def _due(interval):
    """True once per interval: a full rerun also calls a timer fragment, which must not step twice."""
    return once_per("last_tick", interval)


def _step_on():
    """One step on; at the last step play stops instead. True when it moved."""
    state = session.state()
    if state.step >= state.steps - 1:
        st.session_state.playing = False
        return False
    session.update("step", external=True, step=state.step + 1)
    return True


def _ticker(interval):
    @st.fragment(run_every=interval)
    @fair_share.metered()
    def tick():
        if _due(interval):
            _step_on()
            st.rerun(scope="app")

    tick()
