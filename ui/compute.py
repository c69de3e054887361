"""The cached compute: a state's trace, shared by every rerun and page that shows the same model.

Keyed on the canonical JSON of exactly what the numbers depend on (inputs, weights, conventions,
clamp), so moving the step or switching pages never recomputes. The shared cache (ui.shared_cache,
bounded in bytes) hands back the same object to every caller; that is safe because traces are
read-only arrays.
"""

import json
from dataclasses import asdict

import streamlit as st

from lessons.explore import run_state, shown_model

from .shared_cache import shared


def compute_key(state):
    """The part of the state the trace depends on, as canonical JSON (the step is not in it).

    Remembered for the last state asked about in this session: a rerun asks several times (the
    heading, the page, each cached figure) about the same frozen state, and at the page limits the
    JSON costs about 2.6 ms each time.
    """
    last = st.session_state.get("_compute_key")
    if last is not None and last[0] is state:
        return last[1]
    key = _canonical(state)
    st.session_state["_compute_key"] = (state, key)
    return key


def _canonical(state):
    data = asdict(state)
    for ignored in ("step", "example", "text", "split", "pages"):  # pages: each lesson's own controls
        data.pop(ignored)
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


@shared
def _trace(key, _state):  # the key is hashed; _state (not hashed) carries the same numbers
    return run_state(_state), shown_model(_state)


def trace_and_model(state):
    """(NetworkTrace, GRU) for the state's shown model; cells[0][0] is the one GRU cell."""
    return _trace(compute_key(state), state)


SESSION_FIGURES = 16  # a learner's own figures kept per session (about 0.2 MB each)


@shared
def _figure(name, key, tokens, options, _build):  # all but _build are hashed; _build makes the figure
    return _build()


def cached_figure(name, state, options, build):
    """The figure `build()` makes, built once for the same numbers.

    Building a figure costs more than computing the GRU, and a class stepping through the same shared
    example asks for the same figures again and again: those (a shipped example, or a loaded file:
    the state names it) are kept for every session, in the shared cache (bounded in bytes). A
    learner's own edits make figures no one else will ask for; they are kept in that learner's
    session, the last SESSION_FIGURES of them, and go when the session goes. A Plotly figure holds
    about 0.2 MB of Python objects: in the shared cache they would only push out the figures the
    class shares.

    `options` must hold everything besides the state's numbers and token labels that the figure depends on (step,
    unit, sizes...). Figures are never modified after they are built (ui.figure_view only
    serializes them), so sharing is safe.
    """
    key = (name, compute_key(state), tuple(state.tokens()), options)  # labels are not in compute_key
    if state.example:
        return _figure(*key, build)
    return session_memo("_own_figures", SESSION_FIGURES, key, build)


def session_memo(slot, size, key, make):
    """`make()` once per `key` in this session, the last `size` keys of `slot` kept (least recently
    used dropped): what one learner alone asks for again, which no other session will."""
    memo = st.session_state.setdefault(slot, {})
    if key in memo:
        memo[key] = memo.pop(key)  # most recently used last
    else:
        while len(memo) >= size:
            del memo[next(iter(memo))]
        memo[key] = make()
    return memo[key]
