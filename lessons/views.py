"""The numbers each lesson page shows, computed from a model and an input: no Streamlit, no caching.

ui/lesson_compute.py caches these per state (st.cache_resource) and the pages read the results.
Every array returned is frozen, so a cached result can be handed to every session unchanged.
"""

from types import MappingProxyType

import numpy as np

from gru_viz.cells.weights import CellWeights
from gru_viz.conventions import Z_CONVENTIONS
from gru_viz.models import GRU, LSTM, RNN

from . import memory, reach
from .explore import clamped
from .page_settings import GRU_CHOICES
from .presets import preset_weights

RNN_SEED = 0  # the plain RNN and the LSTM beside the GRU: PyTorch-style random weights, this seed


def frozen(**values):
    """A read-only mapping of `values`, every array in it marked read-only."""
    for value in values.values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return MappingProxyType(values)


def conventions(model, x):
    """The GRU in both z conventions (models and traces), and in both reset positions with the gap
    between their candidates and states at every step."""
    takes, keeps = (model.with_z_convention(z) for z in Z_CONVENTIONS)
    other = "after" if model.reset == "before" else "before"
    moved = GRU(model.layers, reset=other, z_convention=model.z_convention)
    here, there = model.run(x).cells[0][0], moved.run(x).cells[0][0]
    return frozen(
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


def memory_survival(model, x, start, unit, shift):
    """From step `start`: unit `unit`'s share of h_start still in h_t (its update gate shifted by
    `shift`), and || d h_t / d h_start ||_2 for that GRU and a plain RNN of the same sizes."""
    gru = memory.with_update_shift(model, unit, shift)
    rnn = RNN.random(model.input_size, model.hidden_size, seed=RNN_SEED)
    gru_trace, rnn_trace = gru.run(x).cells[0][0], rnn.run(x).cells[0][0]
    return frozen(
        trace=gru_trace,
        left=memory.survival(gru_trace, start)[:, unit],
        gru_norm=memory.jacobian_norms_from(memory.step_jacobians(gru.layers[0][0], gru_trace), start),
        rnn_norm=memory.jacobian_norms_from(memory.step_jacobians(rnn.layers[0][0], rnn_trace), start),
    )


def reset_contrast(model, x, unit, every_unit):
    """Unit `unit`'s candidate with r forced to 0 and to 1 (that unit's r, or every unit's), and
    its candidate from x_t alone."""
    which = None if every_unit else unit
    closed = clamped(model, "r", 0.0, which).run(x).cells[0][0]
    opened = clamped(model, "r", 1.0, which).run(x).cells[0][0]
    alone = memory.candidate_without_past(model, x)
    return frozen(
        closed=closed.h_tilde[:, unit],
        opened=opened.h_tilde[:, unit],
        alone=alone[:, unit],
        gap=float(np.max(np.abs(closed.h_tilde[:, unit] - alone[:, unit]))),
        spread=np.abs(opened.h_tilde[:, unit] - closed.h_tilde[:, unit]),
    )


def gradient_models(current, choice, scale):
    """The plain RNN, the GRU (`choice` of GRU_CHOICES; the first is `current`) and the LSTM of the
    gradient page, recurrent weights times `scale`."""
    I, H = current.input_size, current.hidden_size
    if choice == GRU_CHOICES[0]:
        gru = current
    else:
        W_ih, W_hh, b_ih = preset_weights("long memory" if choice == GRU_CHOICES[1] else "random", I, H)
        gru = GRU(((CellWeights(W_ih, W_hh, b_ih),),), reset=current.reset).with_z_convention(current.z_convention)
    models = {"RNN": RNN.random(I, H, seed=RNN_SEED), "GRU": gru, "LSTM": LSTM.random(I, H, seed=RNN_SEED)}
    return {name: reach.scaled_recurrent(model, scale) for name, model in models.items()}


def gradient_reach(current, x, choice, steps, scale):
    """{"RNN" | "GRU" | "LSTM": reach.Reach} on the input x repeated to `steps` steps."""
    models = gradient_models(current, choice, scale)
    return MappingProxyType(reach.gradient_reach(models, reach.extended_input(x, steps)))


def lstm_beside(input_size, hidden_size, x):
    """An LSTM of these sizes (random weights, seed RNN_SEED) and its trace on x."""
    lstm = LSTM.random(input_size, hidden_size, seed=RNN_SEED)
    return lstm, lstm.run(x).cells[0][0]


def stacked_run(model, x, *, hidden_size, layers, bidirectional, seed, reset, z_convention):
    """(GRU, NetworkTrace): `model`, or when it is None a random stacked GRU of these settings, shown
    in `z_convention` and run on x with its features cut or padded with zeros to the model's input."""
    if model is None:
        model = GRU.random(x.shape[1], hidden_size, num_layers=layers, bidirectional=bidirectional, reset=reset,
                           z_convention=z_convention, seed=seed)
    model = model.with_z_convention(z_convention)
    fitted = np.zeros((len(x), model.input_size))
    keep = min(x.shape[1], model.input_size)
    fitted[:, :keep] = x[:, :keep]
    return model, model.run(fitted)
