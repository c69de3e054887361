"""Which layers of a Keras 3 model are its recurrent stack, from config.json or from group names.

Keras 3's saving_lib (keras/src/saving/saving_lib.py, `_save_container_state`) stores each layer
of `model.layers` under layers/<name>, where <name> is the layer's class name in snake case
(keras/src/utils/naming.py `to_snake_case`) made unique by counting: gru, gru_1, gru_2, ...
A Sequential model's InputLayer is not in model.layers, a Functional model's is. A recurrent
layer keeps its variables in layers/<name>/cell/vars/0, 1, 2 (kernel, recurrent_kernel, bias); a
Bidirectional one in layers/<name>/forward_layer/cell/vars and .../backward_layer/cell/vars.
This file only decides which groups, in which order, and with which settings; keras.py reads them.
"""

import re
from dataclasses import dataclass

from .errors import WeightsError, shown

CELLS = {"GRU": 3, "LSTM": 4, "SimpleRNN": 1}
GROUP_CELLS = {"gru": "GRU", "lstm": "LSTM", "simple_rnn": "SimpleRNN"}
# Layers that are the identity at inference, so a stack may have them between its recurrent layers.
PASS_THROUGH = {"Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
                "ActivityRegularization"}
MISSING = object()


@dataclass(frozen=True)
class KerasLayer:
    """One recurrent layer of the stack: where its variables are and what the config says."""

    name: str
    group: str                 # "layers/gru_1"
    cell: str | None           # "GRU", "LSTM", "SimpleRNN"; None: tell from shapes (Bidirectional, no config)
    bidirectional: bool
    reset_after: bool | None   # GRU only; None: tell from the bias shape
    units: int | None

    def var_groups(self):
        if self.bidirectional:
            return (f"{self.group}/forward_layer/cell/vars", f"{self.group}/backward_layer/cell/vars")
        return (f"{self.group}/cell/vars",)


def to_snake_case(name):
    """keras/src/utils/naming.py to_snake_case, as Keras 3 names weight groups."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def field(mapping, key, kinds, where, default=MISSING):
    """mapping[key] if it is of type `kinds`; a WeightsError naming `where` otherwise."""
    if not isinstance(mapping, dict):
        raise WeightsError(f"config.json: {where} is not a JSON object")
    value = mapping.get(key, default)
    if value is MISSING or not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _tuple(kinds)):
        raise WeightsError(f"config.json: {where} needs {key!r} of type {_names(kinds)}, found {str(value)[:60]!r}")
    return value


def _tuple(kinds):
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _names(kinds):
    return " or ".join(k.__name__ for k in _tuple(kinds))


def cell_settings(entry, where):
    """(cell, reset_after, units) of a GRU / LSTM / SimpleRNN layer config, refusing what we cannot run."""
    cls = field(entry, "class_name", str, where)
    config = field(entry, "config", dict, where)
    units = field(config, "units", int, where)
    expected = {"activation": "tanh"}
    if cls != "SimpleRNN":
        expected["recurrent_activation"] = "sigmoid"
    for key, value in expected.items():
        found = config.get(key, value)
        if found != value:
            raise WeightsError(f"{where} uses {key}={str(found)[:40]!r}; only {value!r} (the Keras default, "
                               "and what PyTorch computes) is supported")
    reset_after = field(config, "reset_after", bool, where, default=True) if cls == "GRU" else None
    return cls, reset_after, units


def recurrent_settings(entry, where):
    """(cell, bidirectional, reset_after, units), or None for a layer that is not recurrent."""
    cls = field(entry, "class_name", str, where)
    config = field(entry, "config", dict, where)
    if cls in CELLS:
        if config.get("go_backwards", False):
            raise WeightsError(f"{where} runs backwards (go_backwards=True) on its own; only a Bidirectional "
                               "wrapper's backward layer may")
        cell, reset_after, units = cell_settings(entry, where)
        return cell, False, reset_after, units
    if cls != "Bidirectional":
        return None
    inner = field(config, "layer", dict, where)
    if field(inner, "class_name", str, where) not in CELLS:
        return None
    merge = config.get("merge_mode", "concat")
    if merge != "concat":
        raise WeightsError(f"{where} merges its directions with merge_mode={str(merge)[:20]!r}; only 'concat' "
                           "(the default, and PyTorch's bidirectional output) is supported")
    forward = cell_settings(inner, f"{where} (forward layer)")
    if field(inner, "config", dict, where).get("go_backwards", False):
        raise WeightsError(f"{where}: the wrapped layer has go_backwards=True; only the backward layer may")
    backward = config.get("backward_layer")
    if backward is not None and cell_settings(backward, f"{where} (backward layer)") != forward:
        raise WeightsError(f"{where}: the backward layer differs from the forward one; both must be the same kind")
    cell, reset_after, units = forward
    return cell, True, reset_after, units


def inbound_name(entry, where):
    """The name of the one layer whose output a Functional layer reads (its keras_history)."""
    nodes = field(entry, "inbound_nodes", list, where)
    try:
        (node,) = nodes
        (arg,) = node["args"]
        history = arg["config"]["keras_history"]
        if not isinstance(history[0], str):
            raise TypeError
        return history[0]
    except (ValueError, KeyError, TypeError, IndexError):
        raise WeightsError(f"{where} is called on several inputs or several times; the recurrent layers must "
                           "form one stack, each reading the one before") from None


def layer_rows(config):
    """(the model's class, [(entry, class, name, weight group), ...]) of a Keras config, in its order."""
    model_class = field(config, "class_name", str, "the model")
    if model_class not in ("Sequential", "Functional"):
        raise WeightsError(f"config.json describes a {model_class[:40]!r} model; Sequential and Functional "
                           "models are read (a subclassed model has no layer list to follow)")
    entries = field(field(config, "config", dict, "the model"), "layers", list, "the model")
    used, rows = {}, []
    for k, entry in enumerate(entries):
        cls = field(entry, "class_name", str, f"layer {k}")
        name = field(field(entry, "config", dict, f"layer {k}"), "name", str, f"layer {k}")
        if model_class == "Sequential" and cls == "InputLayer":
            continue  # Sequential.layers leaves its InputLayer out, so it has no weight group
        base = to_snake_case(cls)
        group = f"layers/{base}" if base not in used else f"layers/{base}_{used[base] + 1}"
        used[base] = used.get(base, -1) + 1
        rows.append((entry, cls, name, group))
    return model_class, rows


def layers_from_config(config):
    """(recurrent KerasLayers in stack order, ignored layers as (name, class, group))."""
    model_class, named = layer_rows(config)
    rows = [(entry, cls, name, group, recurrent_settings(entry, f"layer {shown(name)} ({cls})"))
            for entry, cls, name, group in named]
    stack = [(entry, name, group, s) for entry, _, name, group, s in rows if s is not None]
    if not stack:
        found = ", ".join(f"{name} ({cls})" for _, cls, name, _, _ in rows) or "none"
        raise WeightsError(f"the Keras model has no GRU, LSTM or SimpleRNN layer (layers: {found[:300]})")
    check_one_stack(model_class, rows, stack)
    layers = [KerasLayer(name, group, cell, bidirectional, reset_after, units)
              for _, name, group, (cell, bidirectional, reset_after, units) in stack]
    ignored = [(name, cls, group) for _, cls, name, group, s in rows if s is None]
    return layers, ignored


def check_one_stack(model_class, rows, stack):
    """Refuse recurrent layers that do not each read the one before (through pass-through layers)."""
    names = [name for _, name, _, _ in stack]
    if model_class == "Sequential":
        order = [(cls, name) for _, cls, name, _, _ in rows]
        places = [k for k, (_, n) in enumerate(order) if n in names]
        between = [f"{n} ({c})" for c, n in order[places[0] : places[-1] + 1]
                   if n not in names and c not in PASS_THROUGH]
        if between:
            raise WeightsError(f"the layers {', '.join(between)} sit between recurrent layers; the recurrent "
                               "layers must follow each other (Dropout between them is fine)")
        return
    by_name = {name: (entry, cls) for entry, cls, name, _, _ in rows}
    for (entry, name, _, _), previous in zip(stack[1:], names):
        source = inbound_name(entry, f"layer {shown(name)}")
        for _ in range(len(rows)):
            if source not in by_name or by_name[source][1] not in PASS_THROUGH:
                break
            source = inbound_name(by_name[source][0], f"layer {shown(source)}")
        if source != previous:
            raise WeightsError(f"layer {shown(name)} reads {shown(source)}, not the recurrent layer "
                               f"{shown(previous)} before it; "
                               "the recurrent layers must form one stack (Dropout between them is fine)")


def layers_from_groups(groups):
    """(recurrent KerasLayers, ignored layers as (name, None, group)) from group names alone (.weights.h5)."""
    children = sorted(g.split("/")[1] for g in groups if g.startswith("layers/") and g.count("/") == 1)
    found, ignored = {}, []
    for child in children:
        match = re.fullmatch(r"(gru|lstm|simple_rnn|bidirectional)(?:_(\d+))?", child)
        if match:
            found.setdefault(match[1], []).append((int(match[2] or 0), child))
        else:
            ignored.append((child, None, f"layers/{child}"))
    if not found:
        raise WeightsError(f"the weights file has no gru, lstm, simple_rnn or bidirectional layer group "
                           f"(groups: {', '.join(children)[:300] or 'none'})")
    # Keras numbers the layers of one kind by their place in model.layers (gru, gru_1, ...); the
    # order between kinds is not in the names: keras.py takes it from the shapes (chain_order).
    layers = [KerasLayer(child, f"layers/{child}", GROUP_CELLS.get(base), base == "bidirectional", None, None)
              for base in sorted(found) for _, child in sorted(found[base])]
    return layers, ignored


def kind_of_group(layer):
    """The name Keras counts a layer group under (gru, lstm, simple_rnn, bidirectional)."""
    return re.sub(r"_\d+$", "", layer.group.split("/")[1])
