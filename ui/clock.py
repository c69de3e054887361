"""Once per interval, in a session: timer fragments (play, training) also run on every full rerun
and on every click inside them, and must act no more often than their timer would."""

import time

import streamlit as st


def once_per(key, interval):
    """True when `interval` seconds (less a tenth, for a timer's jitter) have passed since this
    returned True for `key` in this session; then the interval starts again."""
    now = time.monotonic()
    if now - st.session_state.get(key, float("-inf")) < 0.9 * interval:
        return False
    st.session_state[key] = now
    return True
