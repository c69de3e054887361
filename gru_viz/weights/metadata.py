"""What gru_viz writes beside a model's arrays, so that the file loads back as the model saved.

A file's names fix a convention: PyTorch's state_dict names mean reset after W_hn and z keeping
the old state, the seed form reset before and z taking the new candidate. A model in the other z
convention is written in its names' own (exact: z's rows negated) and the metadata says which to
restore; a bias the model lacks but PyTorch's names need (both biases or neither) is written as
zeros, and the metadata says it is absent.

    gru_viz.format        "1"
    gru_viz.kind          "GRU", "LSTM" or "RNN"
    gru_viz.reset         "before" or "after" (GRU only; must be what the names mean)
    gru_viz.z_convention  "takes_new" or "keeps_old" (GRU only)
    gru_viz.biases        per cell (layer 0, layer 0 reverse, layer 1, ...), comma separated:
                          "both", "ih" (b_ih only), "hh" (b_hh only) or "none"

.safetensors keeps them in its header's __metadata__ (strings to strings); a .npz in its zip
archive's comment, as `gru_viz ` and a JSON object, so that numpy.load, and a state_dict made from
it, see only the arrays. A file without them (PyTorch's, Keras', the seed notebook's) loads in its
names' convention, as before. Metadata in a file is checked like the rest: an unknown key, value,
or one that contradicts the arrays is a WeightsError that names it.

The seed form has one bias per gate. With the reset gate before W_hn the input and recurrent
biases only ever appear added, so a reset="before" GRU holding both is written with them added and
loads with that sum as b_ih and no b_hh: the same function, though not the same arrays.
"""

import json

import numpy as np

from ..conventions import RESET_POSITIONS, Z_CONVENTIONS
from ..models import GRU, LSTM, RNN
from .errors import WeightsError, shown
from .safety import bounded_json

FORMAT = "1"
PREFIX = "gru_viz."
KEYS = {PREFIX + k for k in ("format", "kind", "reset", "z_convention", "biases")}
KINDS = {"GRU": GRU, "LSTM": LSTM, "RNN": RNN}
BIASES = {(True, True): "both", (True, False): "ih", (False, True): "hh", (False, False): "none"}
ZIP_COMMENT = b"gru_viz "  # a .npz comment starting with this holds our metadata as JSON


def model_metadata(model, form):
    """The metadata strings for `model` written with `form`'s names ("pytorch" or "seed")."""
    biases = []
    for directions in model.layers:
        for cell in directions:
            has = (cell.b_ih is not None, cell.b_hh is not None)
            if form == "seed" and has == (True, True):
                has = (True, False)  # the seed form holds the two added, as b_ih
            biases.append(BIASES[has])
    metadata = {PREFIX + "format": FORMAT, PREFIX + "kind": type(model).__name__}
    if isinstance(model, GRU):
        metadata[PREFIX + "reset"] = model.reset
        metadata[PREFIX + "z_convention"] = model.z_convention
    metadata[PREFIX + "biases"] = ",".join(biases)
    return metadata


def zip_comment(metadata):
    """The .npz archive comment that carries `metadata`."""
    return ZIP_COMMENT + json.dumps(metadata, sort_keys=True).encode("ascii")


def from_zip_comment(comment):
    """The metadata in a .npz archive comment ({} when the comment is not gru_viz's)."""
    if not comment.startswith(ZIP_COMMENT):
        return {}
    metadata = bounded_json(comment[len(ZIP_COMMENT) :], "the gru_viz metadata in the .npz comment")
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise WeightsError("the gru_viz metadata in the .npz comment must be a JSON object of strings")
    return metadata


def restore(model, form, metadata, notes):
    """(model, notes) as saved: `model` read from the names of `form`, then the conventions and
    absent biases its metadata records. A file without gru_viz metadata is left as its names say."""
    ours = {k: v for k, v in metadata.items() if k.startswith(PREFIX)}
    if not ours:
        return model, notes
    unknown = sorted(set(ours) - KEYS)
    if unknown:
        raise WeightsError(f"unknown gru_viz metadata {', '.join(repr(k[:40]) for k in unknown[:4])}; "
                           f"known: {', '.join(sorted(KEYS))}")
    if ours.get(PREFIX + "format") != FORMAT:
        raise WeightsError(f"gru_viz metadata of format {shown(ours.get(PREFIX + 'format'))}; this gru_viz reads "
                           f"format {FORMAT!r} (a newer gru_viz wrote the file?)")
    kind = ours.get(PREFIX + "kind")
    if kind not in KINDS:
        raise WeightsError(f"the gru_viz metadata names the cell {shown(kind)}; expected one of {', '.join(KINDS)}")
    if KINDS[kind] is not type(model):
        raise WeightsError(f"the gru_viz metadata says {kind}, but the arrays hold a {type(model).__name__}")
    layers = restored_biases(model, form, ours.get(PREFIX + "biases"))
    if isinstance(model, GRU):
        reset, z_convention = ours.get(PREFIX + "reset"), ours.get(PREFIX + "z_convention")
        if reset not in RESET_POSITIONS:
            raise WeightsError(f"the gru_viz metadata gives reset={shown(reset)}; expected one of {RESET_POSITIONS}")
        if z_convention not in Z_CONVENTIONS:
            raise WeightsError(f"the gru_viz metadata gives z_convention={shown(z_convention)}; expected one of "
                               f"{Z_CONVENTIONS}")
        if reset != model.reset:
            raise WeightsError(f"the gru_viz metadata gives reset={reset!r}, but the arrays use "
                               f"{'PyTorch' if form == 'pytorch' else 'seed-form'} names, which mean "
                               f"reset={model.reset!r}")
        stored = model.z_convention
        model = GRU(layers, reset=reset, z_convention=stored).with_z_convention(z_convention)
        saved = f"reset={reset!r}, z_convention={z_convention!r}"
        if z_convention != stored:
            saved += f"; the arrays hold z as their names mean it, {stored!r}, and z's weights were negated back"
    else:
        for name in ("reset", "z_convention"):
            if PREFIX + name in ours:
                raise WeightsError(f"the gru_viz metadata gives {name} for an {kind}, which has none; "
                                   "only a GRU has a reset position and a z convention")
        model = type(model)(layers)
        saved = kind
    return model, (*notes, f"written by gru_viz: loaded as it was saved ({saved})")


def restored_biases(model, form, biases):
    """The model's layers with the biases the metadata says are absent set to None."""
    cells = [cell for directions in model.layers for cell in directions]
    if biases is None:
        return model.layers
    wanted = biases.split(",")
    if len(wanted) != len(cells) or not set(wanted) <= set(BIASES.values()):
        raise WeightsError(f"the gru_viz metadata gives biases={shown(biases)}; expected one of "
                           f"{', '.join(BIASES.values())} for each of the {len(cells)} cells, comma separated")
    D = model.num_directions
    layers = []
    for l, directions in enumerate(model.layers):
        layers.append(tuple(restored_cell(cell, form, wanted[l * D + d], f"layer {l}{' reverse' if d else ''}")
                            for d, cell in enumerate(directions)))
    return tuple(layers)


def restored_cell(cell, form, wanted, where):
    has = BIASES[(cell.b_ih is not None, cell.b_hh is not None)]
    if form == "seed":  # one bias per gate, read as b_ih: it belongs to b_ih, b_hh or neither
        if wanted == "both":
            raise WeightsError(f"the gru_viz metadata gives {where} two biases, but the seed form holds one per gate")
        b_ih, b_hh = (cell.b_ih, None) if wanted == "ih" else (None, cell.b_ih) if wanted == "hh" else (None, None)
        dropped = [cell.b_ih] if wanted == "none" else []
    else:  # PyTorch names: both biases or neither; a bias the model lacked is stored as zeros
        if (has == "none") != (wanted == "none"):
            raise WeightsError(f"the gru_viz metadata gives {where} biases={shown(wanted)}, but the file stores "
                               f"{'none' if has == 'none' else 'both'}")
        b_ih = cell.b_ih if wanted in ("both", "ih") else None
        b_hh = cell.b_hh if wanted in ("both", "hh") else None
        dropped = [b for b, kept in ((cell.b_ih, b_ih), (cell.b_hh, b_hh)) if b is not None and kept is None]
    if any(np.any(b != 0) for b in dropped):
        raise WeightsError(f"the gru_viz metadata says {where} has no such bias (biases={shown(wanted)}), but the file "
                           "stores non-zero values for it")
    return type(cell)(cell.W_ih, cell.W_hh, b_ih, b_hh)  # a CellWeights, or an outline's DeclaredCell
