"""The shipped pretrained GRU, and turning any trained GRU into a state the explorer pages show.

lessons/data/pretrained_gru_recall.safetensors holds a GRU trained by scripts/train_pretrained.py with
this package's trainer on delayed recall; pretrained_gru_recall.json beside it is its training
record (gru_viz.train.record: configuration, curves, read-out, probe sequence). It is the seed form
(reset before W_h, z takes the new candidate), so it loads in the app's own convention.
"""

import json
from pathlib import Path

import numpy as np

from gru_viz.weights import load_weights

from .explore import state_for_cell
from .state import AppState, validate

PRETRAINED = Path(__file__).resolve().parent / "data" / "pretrained_gru_recall.safetensors"
LABEL = "Trained GRU: delayed recall"


def pretrained_record(path=PRETRAINED):
    """The training record beside the shipped weights (a dict)."""
    return json.loads(Path(path).with_suffix(".json").read_text(encoding="utf-8"))


def explore_state(model, x, label, step=0):
    """An AppState showing a one-layer GRU on the input x (T, I): the explorer's view of a trained net.
    Raises lessons.state.StateError when it is beyond the explorer's limits (I <= 8, H <= 16)."""
    x = np.asarray(x, dtype=np.float64)
    H = model.hidden_size
    blank = validate(AppState(x=x, W_ih=np.zeros((3 * H, x.shape[1])), W_hh=np.zeros((3 * H, H)),
                              b_ih=np.zeros(3 * H)))
    return state_for_cell(model, blank, label=label).with_changes(step=step)


def pretrained_recall():
    """The shipped GRU on its task's probe sequence (the marked symbol, distractors, the question)."""
    record = pretrained_record()
    return explore_state(load_weights(PRETRAINED), record["probe"]["x"], LABEL)
