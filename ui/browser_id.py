"""Which browser a session belongs to, for the training budget: a random id kept in a cookie.

Why a cookie: the budget must survive a new tab and a reload, which a session's own state does
not; without accounts, a cookie is what every tab of one browser shares. A classroom behind one
network address shares its address, so the address would give a whole class one budget. A
student can still clear the cookie (or open a private window) to start again: that is why the
budget is not the only guard, and the server-wide line (lessons/training_queue.py) bounds what any
number of browsers can take. The id is random (128 bits) and names nothing; a signature would add
nothing, since the server hands a fresh id to any browser that comes without one.

The cookie reaches the server with the websocket's handshake (st.context.cookies), so a session
reads it once; a browser without one gets a new id, which a tiny component (browser_id.js) stores
for the next tab.
"""

import pathlib
import re
import secrets

import streamlit as st

from . import invisible

COOKIE = "gru_viz_browser"
DAYS = 30
_FORM = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)
_component = invisible.component("gru_browser_id", pathlib.Path(__file__).with_name("browser_id.js"))


def browser_id():
    """This browser's id: the cookie's when it holds one of ours, else a new one, kept for the
    session (and given to the browser by `keep_browser_id`)."""
    if "_browser_id" not in st.session_state:
        sent = _cookies().get(COOKIE, "")
        st.session_state["_browser_id"] = (sent, True) if _FORM.fullmatch(sent) else (secrets.token_urlsafe(16), False)
    return st.session_state["_browser_id"][0]


def keep_browser_id():
    """Give the browser its id, when it came without one (draws nothing). A page that charges the
    budget calls it once per run: until a later session arrives with the cookie, every run of this
    one sets it again, so a run cut short by a click cannot lose it."""
    known = browser_id()
    if not st.session_state["_browser_id"][1]:
        invisible.mount(_component, "browser_id", data={"name": COOKIE, "value": known, "days": DAYS})


def _cookies():
    return dict(st.context.cookies)  # empty in AppTest, which has no request
