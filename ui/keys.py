"""The ← and → keys: one step back or forward per press, however fast the presses come.

A button's keyboard shortcut is lost when pressed while the app redraws (eleven presses of →
moved five steps). Here a small Streamlit component (st.components.v2, its script in keys.js)
counts the presses in the browser and sends their running total; Python applies the difference
from the total it applied last. Presses during a rerun are batched into the next total, never
dropped.
"""

import pathlib

import streamlit as st

from . import invisible, session

KEY = "arrow_keys"
_APPLIED = "_arrow_keys_applied"  # {tab's epoch: the running total already applied}
_component = invisible.component("gru_arrow_keys", pathlib.Path(__file__).with_name("keys.js"))


def arrow_keys(where=st):
    """Bind ← and → to the step on this page (mount it once per page, where the step buttons are;
    it draws nothing)."""
    invisible.mount(_component, KEY, where, on_presses_change=_apply)


def _apply():
    value = (st.session_state.get(KEY) or {}).get("presses")
    moved = _delta(value, st.session_state.get(_APPLIED, {}))
    if moved is None:
        return
    epoch, net, delta = moved
    st.session_state[_APPLIED] = {epoch: net}  # only the tab that sends matters
    if delta:
        current = session.state()
        session.update("step", external=True, step=min(max(current.step + delta, 0), current.steps - 1))


def _delta(value, applied):
    """(epoch, net, steps to move) from the browser's message, or None for one that is not ours.

    A tab's count starts at 0, so an epoch not seen before is measured from 0.
    """
    if not isinstance(value, dict):
        return None
    epoch, net = value.get("epoch"), value.get("net")
    if not isinstance(epoch, str) or len(epoch) > 32 or not isinstance(net, int) or isinstance(net, bool):
        return None
    return epoch, net, net - applied.get(epoch, 0)
