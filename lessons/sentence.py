"""A whole model on a sentence, for the Load page: its tokens, its prediction, each layer's gates.

No Streamlit here: ui/sentence_panel.py draws what these return.
"""

from typing import NamedTuple

import numpy as np

from gru_viz import Stack
from gru_viz.weights.outline import kind_of
from gru_viz.whole import ACTIVATIONS, UNKNOWN_TOKENS, softmax

TOP = 5  # classes or next tokens shown
GATES = {"GRU": [("update gate z", "z", "gate"), ("reset gate r", "r", "gate")],
         "LSTM": [("forget gate f", "f", "gate"), ("input gate i", "i", "gate")],
         "RNN": []}


def tokens_of(model, text):
    """(ids, the time axis's labels, unknown words) for `text`: an unknown word shows as itself in
    angle quotes where it took the unknown token, and is left out where there is none."""
    ids, unknown = model.tokenize(text)
    labels = [model.tokens.get(int(i), "‹padding›" if i == 0 else f"id {i}") for i in ids]  # padding: a fixed length
    missing = iter(unknown)
    for k, label in enumerate(labels):
        if label in UNKNOWN_TOKENS:
            labels[k] = f"‹{next(missing, label)}›"
    return ids, labels, unknown


def prediction(model, ids):
    """(title, [(label, probability)], what the labels are), or None for a model with no head: the top classes
    after the whole sentence, or the next tokens after its last word for a model whose head is as
    wide as its embedding has rows (one score per token). Logits become probabilities (softmax)
    where the head does not make them."""
    if not model.head:
        return None
    out = model.predict(ids)
    if out.ndim == 2:
        out = out[-1]  # every step's prediction: the one after the whole sentence
    probabilities, how = probabilities_of(model, out)
    next_token = model.embedding is not None and out.size == len(model.embedding.table) and out.size > 2
    order = np.argsort(-probabilities)[:TOP]
    rows = [(model.tokens.get(int(k), f"id {int(k)}") if next_token else f"class {int(k)}", float(probabilities[k]))
            for k in order]
    title = "The next token, after the sentence" if next_token else "The prediction, after the whole sentence"
    return f"{title} ({how})", rows, "token" if next_token else "class"


def probabilities_of(model, out):
    """(probabilities, how they were made) from the head's outputs (..., C)."""
    last = model.head[-1].activation
    if last == "softmax" or (last == "sigmoid" and out.shape[-1] > 1):
        return out, "as the model's head gives them"
    if last == "sigmoid":
        return out, "the sigmoid of one output"
    if out.shape[-1] == 1:  # one logit: a binary classifier's (a softmax of one number is always 1)
        return ACTIVATIONS["sigmoid"](out), "the sigmoid of the head's one logit"
    return softmax(out), "softmax of the head's logits"


class LayerView(NamedTuple):
    """One recurrent layer and direction on a sentence: its heatmaps' title and panels, and what
    its units are sorted by (the cell's trace, its kind, its z convention, whether a head reads it)."""

    title: str
    panels: list
    layer: int
    direction: int  # 0 forward, 1 backward
    cell: object
    kind: str
    z_convention: str | None
    read_by_head: bool


def layer_views(model, trace):
    """[LayerView] for every recurrent layer and direction: its gates and its state."""
    recurrent = model.recurrent
    layers = recurrent.layers if isinstance(recurrent, Stack) else [recurrent] * len(trace.cells)
    out = []
    for l, directions in enumerate(trace.cells):
        kind = kind_of(layers[l])
        for d, cell in enumerate(directions):
            name = f"layer {l}, {kind}" + (", backward" if d else (", forward" if len(directions) > 1 else ""))
            panels = [(label, getattr(cell, field), gate) for label, field, gate in GATES[kind]]
            out.append(LayerView(name, panels + [("state h", cell.h, "state")], l, d, cell, kind,
                                 getattr(layers[l], "z_convention", None),
                                 bool(model.head) and l == len(trace.cells) - 1))
    return out
