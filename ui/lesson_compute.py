"""The lesson pages' cached compute: one call per page, keyed on small canonical keys.

Each function takes the app state plus the page's own few controls; the key is the state's
compute_key (see ui.compute) and those controls, so moving something that does not change the
numbers never recomputes. Results are read-only (traces already are; arrays made here are frozen
before they are shared), so st.cache_resource may hand the same object to every session.
"""

from types import MappingProxyType

import numpy as np
import streamlit as st

import gru_viz
from lessons import memory, reach
from lessons.explore import clamped
from lessons.presets import preset_weights

from .compute import compute_key, trace_and_model

RNN_SEED = 0  # the plain RNN and the LSTM beside the GRU: PyTorch-style random weights, this seed


def _frozen(**values):
    for value in values.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return MappingProxyType(values)


# ---- the convention trap ---------------------------------------------------------------------


@st.cache_resource(max_entries=128, show_spinner=False)
def _conventions(key, _state):
    _, model = trace_and_model(_state)
    x = np.array(_state.x)
    takes, keeps = (model.with_z_convention(z) for z in ("takes_new", "keeps_old"))
    other = "after" if model.reset == "before" else "before"
    moved = gru_viz.GRU(model.layers, reset=other, z_convention=model.z_convention)
    here, there = model.run(x).cells[0][0], moved.run(x).cells[0][0]
    return _frozen(
        takes=takes,
        keeps=keeps,
        takes_trace=takes.run(x).cells[0][0],
        keeps_trace=keeps.run(x).cells[0][0],
        other=other,
        here=here,
        there=there,
        d_h_tilde=np.max(np.abs(here.h_tilde - there.h_tilde), axis=1),
        d_h=np.max(np.abs(here.h - there.h), axis=1),
    )


def conventions(state):
    """The shown GRU in both z conventions (traces), and in both reset positions with their gaps."""
    return _conventions(compute_key(state), state)


# ---- memory and reset --------------------------------------------------------------------------


@st.cache_resource(max_entries=256, show_spinner=False)
def _memory(key, start, unit, shift, _state):
    _, model = trace_and_model(_state)
    x = np.array(_state.x)
    gru = memory.with_update_shift(model, unit, shift)
    rnn = gru_viz.RNN.random(model.input_size, model.hidden_size, seed=RNN_SEED)
    gru_trace, rnn_trace = gru.run(x).cells[0][0], rnn.run(x).cells[0][0]
    return _frozen(
        trace=gru_trace,
        left=memory.survival(gru_trace, start)[:, unit],
        gru_norm=memory.jacobian_norms_from(memory.step_jacobians(gru.layers[0][0], gru_trace), start),
        rnn_norm=memory.jacobian_norms_from(memory.step_jacobians(rnn.layers[0][0], rnn_trace), start),
    )


def memory_survival(state, unit, shift):
    """From the state's step s: unit `unit`'s share of h_s still in h_t (its update gate shifted by
    `shift`), and || d h_t / d h_s ||_2 for that GRU and a plain RNN of the same sizes."""
    return _memory(compute_key(state), state.step, unit, float(shift), state)


@st.cache_resource(max_entries=256, show_spinner=False)
def _reset(key, unit, every_unit, _state):
    _, model = trace_and_model(_state)
    x = np.array(_state.x)
    which = None if every_unit else unit
    closed = clamped(model, "r", 0.0, which).run(x).cells[0][0]
    opened = clamped(model, "r", 1.0, which).run(x).cells[0][0]
    alone = memory.candidate_without_past(model, x)
    return _frozen(
        closed=closed.h_tilde[:, unit],
        opened=opened.h_tilde[:, unit],
        alone=alone[:, unit],
        gap=float(np.max(np.abs(closed.h_tilde[:, unit] - alone[:, unit]))),
        spread=np.abs(opened.h_tilde[:, unit] - closed.h_tilde[:, unit]),
    )


def reset_contrast(state, unit, every_unit):
    """Unit `unit`'s candidate with r forced to 0 and to 1 (that unit's r, or every unit's), and
    its candidate from x_t alone."""
    return _reset(compute_key(state), unit, bool(every_unit), state)


# ---- gradient flow ---------------------------------------------------------------------------

GRU_CHOICES = ("the current example's GRU", "long-memory preset", "random (seed 0)")
# Each gradient flow costs O(T H^2): the page's length slider stops where T * H^2 reaches MAX_WORK. At that
# size (T = 400, H = 16) the RNN, GRU and LSTM flows together took 27-30 ms on this project's 2-core server,
# with one BLAS thread or the default (measured 2026-11-25).
MAX_WORK = 400 * 16**2


def gradient_models(state, choice, scale):
    """The plain RNN, the GRU and the LSTM of the gradient page, recurrent weights times `scale`."""
    _, current = trace_and_model(state)
    I, H = current.input_size, current.hidden_size
    if choice == GRU_CHOICES[0]:
        gru = current
    else:
        W_ih, W_hh, b_ih = preset_weights("long memory" if choice == GRU_CHOICES[1] else "random", I, H)
        gru = gru_viz.GRU(((gru_viz.CellWeights(W_ih, W_hh, b_ih),),), reset=state.reset).with_z_convention(
            state.z_convention
        )
    models = {
        "RNN": gru_viz.RNN.random(I, H, seed=RNN_SEED),
        "GRU": gru,
        "LSTM": gru_viz.LSTM.random(I, H, seed=RNN_SEED),
    }
    return {name: reach.scaled_recurrent(model, scale) for name, model in models.items()}


@st.cache_resource(max_entries=128, show_spinner=False)
def _gradients(key, choice, steps, scale, _state):
    x = reach.extended_input(_state.x, steps)
    return MappingProxyType(reach.gradient_reach(gradient_models(_state, choice, scale), x))


def gradient_reach(state, choice, steps, scale):
    """{"RNN" | "GRU" | "LSTM": reach.Reach} on the state's input repeated to `steps` steps."""
    return _gradients(compute_key(state), choice, int(steps), float(scale), state)


# ---- GRU versus LSTM -----------------------------------------------------------------------


@st.cache_resource(max_entries=128, show_spinner=False)
def _lstm(key, _state):
    lstm = gru_viz.LSTM.random(_state.input_size, _state.hidden_size, seed=RNN_SEED)
    return lstm, lstm.run(np.array(_state.x)).cells[0][0]


def lstm_beside(state):
    """An LSTM of the state's sizes (random weights, seed 0) and its trace on the state's input."""
    return _lstm(input_key(state.x), state)


def input_key(x):
    """The input's numbers as a short exact string, for cache keys that depend on x only."""
    return ";".join(",".join(repr(v) for v in row) for row in x)


@st.cache_resource(max_entries=64, show_spinner=False)
def forward_times(steps, input_size, hidden_size):
    """Median seconds of model.run for a GRU and an LSTM of these sizes, measured on this server."""
    gru, lstm = reach.random_pair(input_size, hidden_size)
    x = np.random.default_rng(0).normal(size=(steps, input_size))
    return {"GRU": reach.median_run_time(gru, x), "LSTM": reach.median_run_time(lstm, x)}


# ---- stacked and bidirectional ---------------------------------------------------------------


@st.cache_resource(max_entries=128, show_spinner=False)
def _stacked(key, layers, bidirectional, seed, _state, _model):
    x = np.array(_state.x)
    model = _model
    if model is None:
        model = gru_viz.GRU.random(
            _state.input_size,
            _state.hidden_size,
            num_layers=layers,
            bidirectional=bidirectional,
            reset=_state.reset,
            z_convention=_state.z_convention,
            seed=seed,
        )
    model = model.with_z_convention(_state.z_convention)
    fitted = np.zeros((len(x), model.input_size))  # the input's features cut or padded to the model's
    keep = min(x.shape[1], model.input_size)
    fitted[:, :keep] = x[:, :keep]
    return model, model.run(fitted)


def stacked_run(state, layers, bidirectional, seed, loaded=None):
    """(GRU, NetworkTrace): a random stacked GRU built here, or `loaded` (a (name, GRU) pair), run on
    the state's input (its features cut or padded with zeros to the model's input size)."""
    name, model = loaded if loaded else ("", None)
    return _stacked(
        f"{input_key(state.x)}|{state.reset}|{state.z_convention}|{name}",
        int(layers),
        bool(bidirectional),
        int(seed),
        state,
        model,
    )
