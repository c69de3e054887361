"""What a learner reads when the lesson's server cannot be reached.

Streamlit's own dialog asks "Streamlit server is not responding. Are you connected to the
internet?", with no setting to change it (the text is fixed in its page script, 1.67). A small
component (st.components.v2, its script in connection.js) mounted once per page watches for
that dialog and says instead that the server is unreachable and that the link keeps their place.
"""

import pathlib

import streamlit as st

from . import invisible

_component = invisible.component("gru_connection_message", pathlib.Path(__file__).with_name("connection.js"))


def watch(where=st):
    """Mount the watcher (it draws nothing); once per page."""
    invisible.mount(_component, "connection_message", where)
