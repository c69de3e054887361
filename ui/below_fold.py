"""The part of a lesson page below its first screen, drawn once the learner's screen comes near it.

A page switch is one React pass in the browser: the text far down a lesson (markdown, KaTeX,
tables, the code box) was laid out in the same pass as the figures on the first screen, and
those waited for it (bench/README.md, "Lesson pages draw their first screen first").

So a page hands `below_fold` what comes after its first screen. It is drawn in an st.fragment
that starts with a tiny Components v2 element at the fold (below_fold.js). That element keeps a
screen of room below the fold, so the learner can scroll to it, and waits until the components
above it have drawn (until then their slots have no height, and the fold would look near). Once
the fold is within static/figure/nearby.js's AHEAD of the visible part (where the first screen
is short, at once) and the browser is idle, it asks for the rest: a rerun of the fragment alone,
which draws it. Until the learner leaves the page, every later run draws the rest at once, so a
step or an edit never makes it blink.

A control in the rest changes the state like any other: its fragment's rerun then becomes a run
of the whole page, so nothing on screen ever shows an older state than the link.
"""

import pathlib

import streamlit as st

from . import fair_share, figure_view, invisible, session

SHOWN = "_below_fold"  # (url path of the page shown, whether its rest is drawn)
_component = invisible.component("gru_below_fold", pathlib.Path(__file__).with_name("below_fold.js"))


def opened(url_path):
    """Called by the router on every run: a page just opened draws only its first screen."""
    if st.session_state.get(SHOWN, (None, False))[0] != url_path:
        st.session_state[SHOWN] = (url_path, False)


def shown():
    """Whether this page's rest is drawn in this run (a page run without the router: it is)."""
    return st.session_state.get(SHOWN, (None, True))[1]


def reveal():
    """Draw the current page's rest from now on (what the fold's element asks for)."""
    st.session_state[SHOWN] = (st.session_state.get(SHOWN, (None, False))[0], True)


def below_fold(draw):
    """Run `draw()` (what the page shows below its first screen) now, or once the learner's screen
    comes near it. Without the app's scripts (figure_view.READY), at once."""
    if not figure_view.READY:
        draw()
        return
    _rest(draw, session.state())


@st.fragment
@fair_share.metered()  # its reruns cost CPU like any run: a client asking for the rest in a loop pays
def _rest(draw, seen):
    if session.state() is not seen:  # a control drawn here changed the state: the whole page follows
        st.rerun(scope="app")
    # The browser's message carries no value we read: whatever it sends, it can only ask for the rest.
    invisible.mount(_component, "below_fold", data={"shown": shown()}, on_near_change=reveal)
    if shown():
        draw()
