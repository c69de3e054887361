"""A whole model on a sentence, for the Load page: its tokens, its prediction, each layer's gates.

No Streamlit here: ui/sentence_panel.py draws what these return.
"""

import numpy as np

from gru_viz import Stack
from gru_viz.weights.outline import kind_of
from gru_viz.whole import UNKNOWN_TOKENS, softmax

TOP = 5  # classes or next tokens shown
GATES = {"GRU": [("update gate z", "z", "gate"), ("reset gate r", "r", "gate")],
         "LSTM": [("forget gate f", "f", "gate"), ("input gate i", "i", "gate")],
         "RNN": []}


def tokens_of(model, text):
    """(ids, the time axis's labels, unknown words) for `text`: an unknown word shows as itself in
    angle quotes where it took the unknown token, and is left out where there is none."""
    ids, unknown = model.tokenize(text)
    labels = [model.tokens.get(int(i), str(i)) for i in ids]
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
    last = model.head[-1].activation
    if last == "softmax" or (last == "sigmoid" and out.size > 1):
        probabilities, how = out, "as the model's head gives them"
    elif last == "sigmoid":
        probabilities, how = out, "the sigmoid of one output"
    else:
        probabilities, how = softmax(out), "softmax of the head's logits"
    next_token = model.embedding is not None and out.size == len(model.embedding.table) and out.size > 2
    order = np.argsort(-probabilities)[:TOP]
    rows = [(model.tokens.get(int(k), f"id {int(k)}") if next_token else f"class {int(k)}", float(probabilities[k]))
            for k in order]
    title = "The next token, after the sentence" if next_token else "The prediction, after the whole sentence"
    return f"{title} ({how})", rows, "token" if next_token else "class"


def layer_panels(model, trace):
    """[(title, panels)] for heatmap_stack: every recurrent layer and direction, its gates and state."""
    recurrent = model.recurrent
    kinds = ([kind_of(layer) for layer in recurrent.layers] if isinstance(recurrent, Stack)
             else [kind_of(recurrent)] * len(trace.cells))
    out = []
    for l, directions in enumerate(trace.cells):
        for d, cell in enumerate(directions):
            name = f"layer {l}, {kinds[l]}" + (", backward" if d else (", forward" if len(directions) > 1 else ""))
            panels = [(label, getattr(cell, field), kind) for label, field, kind in GATES[kinds[l]]]
            out.append((name, panels + [("state h", cell.h, "state")]))
    return out
