"""`load_model(source, vocabulary=None)`: a weight file's embedding, recurrent stack and dense head.

The recurrent stack is read exactly as load_weights reads it; this file reads what sits around it:
    Keras .keras      config.json's Embedding before the stack and its Dense layers after it (with
                      their activations), and whether the last recurrent layer returns sequences;
                      the weights from layers/<group>/vars (Embedding: 0 the table; Dense: 0 the
                      kernel (in, out), 1 the bias)
    Keras .weights.h5 the same groups by name (embedding, dense, dense_1, ...); no config, so every
                      activation is taken as linear and the head is applied at every step (noted)
    PyTorch           nn.Embedding: a module with a 2-D weight and no bias whose width is the stack's
                      input; nn.Linear: weight (out, in) and bias (out,), chained from the stack's
                      output in the order their shapes imply; activations are not in a state_dict,
                      so identity (noted), and the head is applied at every step
    ONNX              a Gather of a stored table into the first layer's X; after the last layer's Y,
                      MatMul or Gemm of stored weights, Add of a stored bias and an activation node,
                      at every step (onnx_head.py)
A vocabulary: one token per line (its id is its line number, from 0) or a JSON object token -> id,
as a file of its own (`vocabulary=`: a path, bytes or a file object), within VOCABULARY_LIMITS.
"""

import dataclasses
import re

import numpy as np

from ..whole import ACTIVATIONS, SPLITS, STANDARDIZE, UNKNOWN_TOKENS, Dense, Embedding, Text, WholeModel
from .chain_order import chain_order
from .containers import as_float64
from .errors import WeightsError, shown
from .hdf5 import read_hdf5
from .keras_config import CELLS, PASS_THROUGH, field, layer_rows
from .limits import DEFAULT_LIMITS
from .safety import bounded_json, read_zip
from .source import read_source, sniff

MAX_VOCABULARY_BYTES = 16 * 2**20  # a 100,000-word vocabulary is about 1 MB
MAX_VOCABULARY_TOKENS = 1_000_000
MAX_HEAD_LAYERS = 8
WEIGHT = re.compile(r"^(?P<prefix>(?:.*\.)?)(?P<part>weight|bias)$")


def load_model(source, vocabulary=None, *, limits=None):
    """The whole model in `source` (see the module docstring and gru_viz.whole)."""
    from . import read_file
    from .outline import NUMBERS

    limits = limits or DEFAULT_LIMITS
    data = read_source(source, limits)
    return around(data, read_file(data, limits, NUMBERS), vocabulary, limits)


def around(data, loaded, vocabulary=None, limits=None):
    """The whole model of a file's bytes `data`, whose recurrent layers read_weights has already
    read as `loaded` (an app that shows both reads them once)."""
    limits = limits or DEFAULT_LIMITS
    kind, notes = sniff(data), list(loaded.notes)
    if kind == "zip" and loaded.form == "keras":
        members, _ = read_zip(data, "the zip archive", limits)
        parts = keras_parts(bounded_json(members["config.json"], "config.json"),
                            read_hdf5(members["model.weights.h5"], limits).arrays, loaded.model, notes, members)
    elif kind == "hdf5":
        parts = keras_group_parts(read_hdf5(data, limits).arrays, loaded.model, notes)
    elif loaded.form == "pytorch":
        from . import arrays_of

        parts = torch_parts(arrays_of(data, kind, limits), loaded.model, notes)
    elif loaded.form == "onnx":
        from .onnx_head import around_stack

        parts = around_stack(data, loaded.model, notes)
    else:
        notes.append(f"a {loaded.form} file holds the recurrent layers only: no embedding or head read")
        parts = {}
    model = WholeModel(loaded.model, parts.get("embedding"), tuple(parts.get("head", ())),
                       parts.get("last_step_only", False), None, tuple(notes), parts.get("text", Text()))
    vocabulary = parts.get("vocabulary") if vocabulary is None else vocabulary  # one given wins over the file's
    return model if vocabulary is None else with_vocabulary(model, vocabulary, limits)


def with_vocabulary(model, vocabulary, limits=None):
    """`model` with the vocabulary read from `vocabulary` (a path, bytes or a file object; or
    {token: id}, read already), checked against its embedding: every id must name one of its rows."""
    words = vocabulary if isinstance(vocabulary, dict) else read_vocabulary(vocabulary, limits or DEFAULT_LIMITS)
    if model.embedding is not None and max(words.values()) >= len(model.embedding.table):
        raise WeightsError(f"the vocabulary has ids up to {max(words.values())}, but the embedding has "
                           f"{len(model.embedding.table)} rows")
    padding = None if model.embedding is None else model.embedding.padding
    if padding is not None:  # mask_zero: id 0 is padding, no word
        if any(words.get(token) == padding for token in UNKNOWN_TOKENS):
            raise WeightsError(f"the vocabulary's unknown token has id {padding}, which this embedding keeps for "
                               "padding (mask_zero=True)")
        words = {token: k for token, k in words.items() if k != padding}
    return dataclasses.replace(model, vocabulary=words)


def matrix(name, array, shape=None):
    value = as_float64(name, array)
    if value.ndim != 2 or (shape is not None and value.shape != shape):
        raise WeightsError(f"{name} has the shape {value.shape}; expected {shape or '2-D'}")
    return value


def keras_activation(value, where):
    if isinstance(value, dict):  # a serialized activation: {"class_name": "function", "config": "relu"}
        value = value.get("config")
    if not isinstance(value, str) or value not in ACTIVATIONS:
        raise WeightsError(f"{where} uses the activation {shown(str(value))}; the head computes "
                           f"{', '.join(ACTIVATIONS)}")
    return value


def keras_parts(config, arrays, recurrent, notes, members=None):
    """The text setup and vocabulary (a TextVectorization layer's), the embedding, head and which
    step it reads, from a .keras file's config.json, weights and assets (`members`)."""
    _, rows = layer_rows(config)
    recurrent_at = [k for k, (entry, cls, _, _) in enumerate(rows) if is_recurrent(entry, cls)]
    first, last = recurrent_at[0], recurrent_at[-1]
    parts, head = {}, []
    for k, (entry, cls, name, group) in enumerate(rows):
        where = f"layer {shown(name)} ({cls})"
        settings = field(entry, "config", dict, where)
        if first <= k <= last or cls in PASS_THROUGH or cls == "InputLayer":
            continue
        if cls == "TextVectorization" and k < first and not parts:  # first of all: it makes the token ids
            parts.update(keras_text(settings, (members or {}), group, where))
            notes.append(f"text: the file's TextVectorization, {parts['text'].standardize} then split on "
                         f"{parts['text'].split}" + (f", {parts['text'].length} tokens" if parts["text"].length else "")
                         + ("; its vocabulary is in the file" if "vocabulary" in parts else
                            "; its vocabulary is not in the file: give it as its own"))
        elif cls == "Embedding" and k < first and "embedding" not in parts:
            table = matrix(f"{group}/vars/0", arrays.get(f"{group}/vars/0", np.zeros((0, 0))))
            declared = (settings.get("input_dim"), settings.get("output_dim"))
            if declared != table.shape:
                raise WeightsError(f"{where}: config.json says {declared[0]} tokens of {declared[1]} features, the "
                                   f"weights hold {table.shape[0]} of {table.shape[1]}")
            if table.shape[1] != recurrent.input_size:
                raise WeightsError(f"{where} gives {table.shape[1]} features, the recurrent stack reads "
                                   f"{recurrent.input_size}")
            parts["embedding"] = Embedding(table, 0 if settings.get("mask_zero") else None)
            notes.append(f"embedding {shown(name)}: {table.shape[0]} tokens of {table.shape[1]} features"
                         + ("; id 0 is padding (mask_zero=True)" if settings.get("mask_zero") else ""))
        elif cls == "Dense" and k > last:
            dense = keras_dense(arrays, group, keras_activation(settings.get("activation", "linear"), where), where)
            units = settings.get("units")
            if not isinstance(units, int) or isinstance(units, bool) or units != dense.W.shape[0]:
                raise WeightsError(f"{where}: config.json says {units!r} units, the weights hold {dense.W.shape[0]}")
            head.append(dense)
        elif cls == "Activation" and k > last and head:
            if head[-1].activation != "linear":
                raise WeightsError(f"{where} follows a Dense layer that has its own activation")
            head[-1] = Dense(head[-1].W, head[-1].b, keras_activation(settings.get("activation"), where))
        else:
            raise WeightsError(f"{where} is not read by load_model: around the recurrent layers it reads an "
                               "Embedding before them and Dense (and Activation) layers after them")
    parts["head"] = chained(head, recurrent)
    last_entry = rows[last][0]
    inner = last_entry["config"].get("layer", {}).get("config", {}) if rows[last][1] == "Bidirectional" else \
        last_entry["config"]
    sequences = inner.get("return_sequences", False) if isinstance(inner, dict) else None
    if not isinstance(sequences, bool):
        raise WeightsError(f"layer {shown(rows[last][2])}: config.json's return_sequences is {sequences!r}, not true "
                           "or false")
    parts["last_step_only"] = not sequences
    if head:
        notes.append("head: " + " → ".join(map(repr, head)) + (", on the last step" if parts["last_step_only"]
                                                                else ", at every step"))
    return parts


def keras_text(settings, members, group, where):
    """{"text": Text, and "vocabulary": its bytes where the file holds them} of a TextVectorization
    layer: the settings load_model can follow are Keras' own standardizations and splits; a function
    of the file's own is code, which nothing here runs."""
    if settings.get("output_mode", "int") != "int":
        raise WeightsError(f"{where} makes {shown(str(settings.get('output_mode')))} vectors; an Embedding reads "
                           "token ids (output_mode='int')")
    standardize, split = settings.get("standardize", STANDARDIZE[0]), settings.get("split", "whitespace")
    if standardize not in STANDARDIZE:
        raise WeightsError(f"{where} standardizes with {shown(str(standardize))}, a function of its own; load_model "
                           f"follows Keras' {', '.join(map(str, STANDARDIZE))}")
    if split not in SPLITS:
        raise WeightsError(f"{where} splits with {shown(str(split))}; load_model follows {' and '.join(SPLITS)}")
    if settings.get("ngrams") is not None:
        raise WeightsError(f"{where} makes n-grams, which load_model does not")
    length = settings.get("output_sequence_length")
    if length is not None and (not isinstance(length, int) or isinstance(length, bool)
                               or not 1 <= length <= MAX_VOCABULARY_TOKENS):
        raise WeightsError(f"{where}: output_sequence_length is {shown(str(length))}, not a whole number from 1")
    out = {"text": Text(standardize, split, length)}
    listed = settings.get("vocabulary")
    # Saved under the layer's place in the model (its weights' group, as layers/text_vectorization),
    # not its name: one token per line, its id the line's number (0: padding).
    asset = members.get(f"assets/{group}/vocabulary.txt")
    if asset is not None:
        try:
            tokens = asset.decode("utf-8").split("\n")  # as Keras writes it and reads it: "\n" alone
        except UnicodeDecodeError:
            raise WeightsError(f"{where}: its vocabulary is not UTF-8 text") from None
    elif isinstance(listed, list) and listed and all(isinstance(token, str) for token in listed):
        # Keras puts padding ("") and the unknown token ([UNK]) first unless the list starts with them.
        tokens = listed if listed[:2] == ["", "[UNK]"] else ["", "[UNK]", *listed]
    else:
        return out
    if len(tokens) > MAX_VOCABULARY_TOKENS:
        raise WeightsError(f"{where}: its vocabulary has {len(tokens):,} tokens, more than {MAX_VOCABULARY_TOKENS:,}")
    # Id = position, every token as it is (a character split's " " is one); id 0, "", is padding.
    out["vocabulary"] = {token: k for k, token in reversed(list(enumerate(tokens))) if k or token}
    return out


def is_recurrent(entry, cls):
    if cls in CELLS:
        return True
    inner = entry.get("config", {}).get("layer") if cls == "Bidirectional" else None
    return isinstance(inner, dict) and inner.get("class_name") in CELLS


def keras_dense(arrays, group, activation, where):
    kernel = matrix(f"{group}/vars/0", arrays.get(f"{group}/vars/0", np.zeros((0, 0))))
    bias = arrays.get(f"{group}/vars/1")
    b = None if bias is None else as_float64(f"{group}/vars/1", bias)
    if b is not None and b.shape != (kernel.shape[1],):
        raise WeightsError(f"{where}: its bias has the shape {b.shape}, its kernel {kernel.shape}")
    return Dense(kernel.T.copy(), b, activation)


def keras_group_parts(arrays, recurrent, notes):
    """A .weights.h5 file's embedding and head, by group name (no config: activations linear)."""
    groups = sorted({path.split("/")[1] for path in arrays if path.startswith("layers/")})
    parts = {}
    if "embedding" in groups:
        table = matrix("layers/embedding/vars/0", arrays.get("layers/embedding/vars/0", np.zeros((0, 0))))
        parts["embedding"] = Embedding(table)
    dense = sorted((int(m[1] or 0), g) for g in groups if (m := re.fullmatch(r"dense(?:_(\d+))?", g)))
    parts["head"] = chained([keras_dense(arrays, f"layers/{g}", "linear", f"layer {shown(g)}") for _, g in dense],
                            recurrent)
    if parts["head"]:
        notes.append("no config.json: the head's activations are taken as linear and it is applied at every step")
    return parts


def chained(head, recurrent):
    """The head layers, checked to chain from the recurrent stack's output."""
    if len(head) > MAX_HEAD_LAYERS:
        raise WeightsError(f"the head has {len(head)} dense layers, more than {MAX_HEAD_LAYERS}")
    width = recurrent.output_size
    for layer in head:
        if layer.b is not None and layer.b.shape != (layer.W.shape[0],):
            raise WeightsError(f"the head's {layer!r} has a bias of shape {layer.b.shape}")
        if layer.W.shape[1] != width:
            raise WeightsError(f"the head's {layer!r} reads {layer.W.shape[1]} features, but what comes before it "
                               f"gives {width}: the head's sizes do not chain")
        width = layer.W.shape[0]
    return head


def torch_parts(arrays, recurrent, notes):
    """A state_dict's nn.Embedding and nn.Linear layers around the recurrent modules. The embedding
    is a 2-D weight without a bias as wide as the stack's input (one named *embed* first, where
    there are several); every other 2-D weight is a Linear, with its bias if it has one. Any other
    module (a LayerNorm, a second table) is refused: the prediction would leave it out."""
    modules = {}
    for name in arrays:
        match = WEIGHT.match(name)
        if not re.search(r"_(?:ih|hh)_l\d+(?:_reverse)?$", name):
            modules.setdefault(match["prefix"] if match else name, {})[match["part"] if match else "other"] = name
    tables = [p for p, found in sorted(modules.items()) if set(found) == {"weight"}
              and getattr(arrays[found["weight"]], "ndim", 0) == 2
              and arrays[found["weight"]].shape[1] == recurrent.input_size]
    tables.sort(key=lambda p: "embed" not in p.lower())
    parts, head, unused = {}, [], []
    for prefix, found in sorted(modules.items()):
        weight = arrays.get(found.get("weight", ""))
        if tables and prefix == tables[0]:
            parts["embedding"] = Embedding(matrix(found["weight"], weight))
            notes.append(f"embedding {shown(prefix.rstrip('.'))}: {weight.shape[0]} tokens of {weight.shape[1]} "
                         "features")
        elif set(found) <= {"weight", "bias"} and "weight" in found and getattr(weight, "ndim", 0) == 2:
            bias = None if "bias" not in found else as_float64(found["bias"], arrays[found["bias"]])
            head.append((prefix.rstrip(".") or "(none)", Dense(matrix(found["weight"], weight), bias)))
        else:
            unused.append(prefix.rstrip(".") or next(iter(found.values())))
    if unused:
        raise WeightsError(f"load_model reads an nn.Embedding, the recurrent modules and nn.Linear layers; "
                           f"{', '.join(map(shown, unused[:6]))} {'is' if len(unused) == 1 else 'are'} none of them, "
                           "and a prediction without them would not be the module's (load_weights reads the "
                           "recurrent layers alone)")
    if head:
        widths = [(layer.W.shape[1], layer.W.shape[0]) for _, layer in head]
        start = [k for k, (reads, _) in enumerate(widths) if reads == recurrent.output_size]
        if not start:
            raise WeightsError("no nn.Linear reads the recurrent stack's output "
                               f"({recurrent.output_size} features): the head's sizes do not chain")
        order = chain_order([name for name, _ in head], widths,
                            lambda a, b: True if a in start and b not in start else None,
                            "name the head's layers in order (fc1, fc2, ...)", what="head layers")
        parts["head"] = chained([head[k][1] for k in order], recurrent)
        notes.append("head: " + " → ".join(f"{head[k][0]} {head[k][1]!r}" for k in order)
                     + "; a state_dict holds no activations, so each is the identity (logits), applied at every "
                     "step (the last row is the one after the whole sentence)")
    return parts


def is_json_list(text):
    try:
        return isinstance(bounded_json(text.encode(), "the vocabulary"), list)
    except WeightsError:
        return False


def read_vocabulary(source, limits):
    """{token: id} from one token per line or a JSON object, refusing what no vocabulary looks like."""
    from .limits import Limits

    data = read_source(source, Limits(max_bytes=MAX_VOCABULARY_BYTES, max_size=limits.max_size,
                                      max_layers=limits.max_layers))
    try:
        text = data.decode("utf-8-sig")  # a byte order mark is no part of the first token
    except UnicodeDecodeError:
        raise WeightsError("the vocabulary is not UTF-8 text") from None
    if text.lstrip().startswith("[") and is_json_list(text):  # a text one may start with [PAD]
        raise WeightsError("a JSON vocabulary is an object, token -> id; a list of tokens goes one per line")
    if text.lstrip().startswith("{"):
        mapping = bounded_json(text.encode(), "the vocabulary")
        if not isinstance(mapping, dict) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                                    for v in mapping.values()):
            raise WeightsError("a JSON vocabulary must map each token to a whole number id, from 0")
        if len(set(mapping.values())) < len(mapping):
            raise WeightsError("the JSON vocabulary gives two tokens the same id")
        words = {str(k): int(v) for k, v in mapping.items()}
    else:
        lines = text.splitlines()
        if len(lines) > MAX_VOCABULARY_TOKENS:
            raise WeightsError(f"the vocabulary has {len(lines):,} lines, more than {MAX_VOCABULARY_TOKENS:,}")
        words = {}
        for k, token in enumerate(lines):  # a blank line keeps its id, but is no token
            if token.strip():
                words.setdefault(token.strip(), k)
    if not words:
        raise WeightsError("the vocabulary is empty")
    if len(words) > MAX_VOCABULARY_TOKENS:
        raise WeightsError(f"the vocabulary has {len(words):,} tokens, more than {MAX_VOCABULARY_TOKENS:,}")
    return words
