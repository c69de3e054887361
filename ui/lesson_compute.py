"""The lesson pages' cached compute: lessons.views, one call per page, keyed on small canonical keys.

Each function takes the app state plus the page's own few controls; the key is the state's
compute_key (see ui.compute) and those controls, so moving something that does not change the
numbers never recomputes. Results are read-only (traces already are; arrays made here are frozen
before they are shared), so the shared cache (ui.shared_cache, bounded in bytes) may hand the same
object to every session. The timings and the stacked example stay in st.cache_resource, bounded in
bytes already: at most 64 timings of six numbers each, and one file; a timing costs seconds of CPU
that a flood of other results should not evict.
"""

import pathlib

import numpy as np
import streamlit as st

from gru_viz import load_weights
from gru_viz.conventions import convention
from gru_viz.figures.training import accuracy_against_delay
from gru_viz.train.compare import load_shipped
from lessons import timing, views

from .compute import compute_key, trace_and_model
from .shared_cache import shared


@shared
def _conventions(key, _state):
    return views.conventions(trace_and_model(_state)[1], np.array(_state.x))


def conventions(state):
    """views.conventions for the state's GRU and input."""
    return _conventions(compute_key(state), state)


@shared
def _memory(key, start, unit, shift, _state):
    return views.memory_survival(trace_and_model(_state)[1], np.array(_state.x), start, unit, shift)


def memory_survival(state):
    """views.memory_survival from the state's step, for the memory page's unit and push (+ always
    pushes the kept share up, whichever side z multiplies)."""
    page = state.pages.memory
    shift = convention(state.z_convention).kept_slope * page.push
    return _memory(compute_key(state), state.step, page.unit, float(shift), state)


@shared
def _reset(key, unit, every_unit, _state):
    return views.reset_contrast(trace_and_model(_state)[1], np.array(_state.x), unit, every_unit)


def reset_contrast(state):
    """views.reset_contrast for the state's GRU and input, forcing r of the memory page's unit or of every unit."""
    page = state.pages.memory
    return _reset(compute_key(state), page.unit, page.every, state)


@shared
def _gradients(key, choice, steps, scale, _state):
    return views.gradient_reach(trace_and_model(_state)[1], _state.x, choice, steps, scale)


def gradient_reach(state):
    """views.gradient_reach on the state's input repeated to the gradient page's length."""
    page = state.pages.gradients
    return _gradients(compute_key(state), page.gru, page.steps, page.scale, state)


@shared
def _lstm(key, _state):
    return views.lstm_beside(_state.input_size, _state.hidden_size, np.array(_state.x))


def lstm_beside(state):
    """views.lstm_beside for the state's sizes and input."""
    return _lstm(f"{input_key(state.x)}|{state.hidden_size}", state)


def input_key(x):
    """The input's numbers as a short exact string, for cache keys that depend on x only."""
    return ";".join(",".join(repr(v) for v in row) for row in x)


# measured once per size on this server (a few seconds at the largest): warm-up, paired repeats, spread
forward_times = st.cache_resource(max_entries=64, show_spinner="Timing both cells on this server...")(
    timing.forward_times
)


@shared
def _stacked(key, layers, bidirectional, seed, _state, _model):
    return views.stacked_run(_model, np.array(_state.x), hidden_size=_state.hidden_size, layers=layers,
                             bidirectional=bidirectional, seed=seed, reset=_state.reset,
                             z_convention=_state.z_convention)


def stacked_run(state):
    """views.stacked_run for the state's input: a random stacked GRU of the stacked page's settings,
    or the shipped PyTorch example when the page shows it."""
    page = state.pages.stacked
    model = stacked_example() if page.example else None
    return _stacked(
        f"{input_key(state.x)}|{state.hidden_size}|{state.reset}|{state.z_convention}|{page.example}",
        page.layers,
        page.bidirectional,
        page.seed,
        state,
        model,
    )


STACKED_EXAMPLE = pathlib.Path(__file__).resolve().parent.parent / "examples" / "pytorch_gru_2layer_bidir.safetensors"


@st.cache_resource(show_spinner=False)
def stacked_example():
    """The shipped two-layer bidirectional PyTorch GRU the stacked page can open (read once)."""
    return load_weights(STACKED_EXAMPLE)


@st.cache_resource(show_spinner=False)
def shipped_comparison(keep_bias, title):
    """The compare page's chart of the shipped comparison whose GRU and LSTM started with
    `keep_bias` on their keeping gates (0 or 2), under `title`; the RNN, which has no gate to bias,
    is in both. It is the same for every session: built once."""
    shipped = load_shipped()
    if keep_bias not in {row["keep_bias"] for row in shipped["rows"] if row["model"] != "RNN"}:
        raise ValueError(f"the shipped comparison has no runs with keep bias {keep_bias}")
    rows = [r for r in shipped["rows"] if r["keep_bias"] == keep_bias or r["model"] == "RNN"]
    return accuracy_against_delay(rows, chance=1 / shipped["settings"]["symbols"], title=title)
