"""PyTorch state_dict names for nn.GRU, nn.LSTM and nn.RNN, both ways.

    weight_ih_l{k}[_reverse]  (G*H, I_k)     weight_hh_l{k}[_reverse]  (G*H, H)
    bias_ih_l{k}[_reverse]    (G*H,)         bias_hh_l{k}[_reverse]    (G*H,)   (absent: bias=False)
G tells the cell apart: 3 for GRU (r, z, n), 4 for LSTM (i, f, g, o), 1 for RNN. Keys may carry a
module prefix ("encoder.rnn.weight_ih_l0"); the one prefix that holds recurrent keys is used and
every other key is reported as ignored. Source: the PyTorch nn.GRU documentation, "Variables".
"""

import re

from ..models import GRU, LSTM, RNN
from ..stack import Stack
from .chain_order import chain_order
from .errors import WeightsError, shown
from .outline import NUMBERS

KEY = re.compile(r"^(?P<prefix>(?:.*\.)?)(?P<kind>weight|bias)_(?P<part>ih|hh)_l(?P<layer>\d+)(?P<reverse>_reverse)?$")
CELLS = {3: GRU, 4: LSTM, 1: RNN}
NUMBER = re.compile(r"\d+")  # a module's number: the last one in its name (gru1, rnn_2, layers.0, blocks.1.gru)


def is_pytorch(arrays):
    return any(KEY.match(name) for name in arrays)


def from_state_dict(arrays, limits, build=NUMBERS):
    """(model, notes, stored parameter count) from PyTorch names; notes say what was ignored and
    which convention applies. Only the recurrent arrays are converted to float64 (by `build`, see
    outline.py), so a module's other tensors (integer buffers, say) may be of any dtype. Several
    recurrent modules (encoder.gru1.*, encoder.gru2.*) load as one stack, in the order their names
    and shapes imply (chain_order.py): a gru_viz.Stack when their layers differ."""
    found = {}
    for name in arrays:
        match = KEY.match(name)
        if match:
            found.setdefault(match["prefix"], []).append(match)
    notes = []
    used = {m.string for matches in found.values() for m in matches}
    ignored = sorted(set(arrays) - used)
    if ignored:
        owner = "layers'" if len(found) > 1 else "layer's"
        notes.append(f"ignored {len(ignored)} key(s) that are not the recurrent {owner}: "
                     f"{', '.join(map(shown, ignored[:8]))}"
                     + (" ..." if len(ignored) > 8 else ""))
    limits.check_model(0, 0, sum(len({m["layer"] for m in matches}) for matches in found.values()))
    built = {prefix: module_model(prefix, found[prefix], arrays, limits, build) for prefix in sorted(found)}
    prefixes = in_order(built)
    modules = [built[prefix] for prefix in prefixes]
    named = [shown(prefix.rstrip(".") or "(no prefix)") for prefix in prefixes]
    if len(prefixes) > 1:
        notes.append(f"read the recurrent modules {' → '.join(named)}, in that order")
    elif prefixes[0]:
        notes.append(f"read the recurrent layer {named[0]}")
    if any(isinstance(module, GRU) for module in modules):
        notes.append("PyTorch nn.GRU: reset after W_hn, z keeps the old state (z_convention='keeps_old')")
    stored = sum(arrays[name].size for name in used)
    if len(modules) == 1:
        return modules[0], notes, stored
    try:
        stack = Stack(tuple(layer for module in modules for layer in Stack.of(module).layers))
    except ValueError as exc:
        raise WeightsError(f"the recurrent modules do not chain: {exc}") from None
    model = stack.simplest()
    if isinstance(model, Stack):
        notes.append(f"a stack of layers that differ: {model!r}")
    return model, notes, stored


def in_order(built):
    """The prefixes of the recurrent modules ({prefix: its network}) in the order they run. Numbered
    names (gru1, gru2; layers.0, layers.1; blocks.0.gru, blocks.1.gru) give it, where the shapes
    agree; without numbers the shapes alone must (chain_order.py)."""
    prefixes = sorted(built)
    if len(prefixes) == 1:
        return prefixes
    numbers = [NUMBER.findall(prefix) for prefix in prefixes]
    numbered = all(numbers) and len({int(n[-1]) for n in numbers}) == len(prefixes)
    widths = [(built[p].input_size, built[p].output_size) for p in prefixes]
    names = [p.rstrip(".") or "(no prefix)" for p in prefixes]
    if numbered:
        order = sorted(range(len(prefixes)), key=lambda k: int(numbers[k][-1]))
        for a, b in zip(order, order[1:]):
            if widths[b][0] != widths[a][1]:
                raise WeightsError(f"the recurrent modules' numbers put {shown(names[b])} after {shown(names[a])}, "
                                   f"but it reads {widths[b][0]} features and {shown(names[a])} gives "
                                   f"{widths[a][1]}: their numbers and shapes disagree")
        return [prefixes[k] for k in order]
    order = chain_order(names, widths, lambda a, b: None,
                        "name the modules in the order they run (rnn1, rnn2, ... or layers.0, layers.1, ...)")
    return [prefixes[k] for k in order]


def module_model(prefix, matches, arrays, limits, build):
    """The GRU, LSTM or RNN network of one module's keys (those starting with `prefix`)."""
    layer_ids = sorted({int(m["layer"]) for m in matches})
    where_module = f" of {shown(prefix.rstrip('.'))}" if prefix else ""
    if layer_ids != list(range(len(layer_ids))):
        raise WeightsError(f"layer numbers {layer_ids}{where_module} are not 0, 1, 2, ...: a layer is missing")
    reverse = {bool(m["reverse"]) for m in matches}
    D = 2 if True in reverse else 1

    def get(kind, part, l, d):
        name = f"{prefix}{kind}_{part}_l{l}{'_reverse' if d else ''}"
        return build.array(name, arrays[name]) if name in arrays else None

    W_hh0, W_ih0 = arrays.get(f"{prefix}weight_hh_l0"), arrays.get(f"{prefix}weight_ih_l0")
    if W_hh0 is None or W_hh0.ndim != 2 or W_hh0.shape[1] == 0 or W_hh0.shape[0] % W_hh0.shape[1]:
        shape = None if W_hh0 is None else W_hh0.shape
        raise WeightsError(f"{prefix}weight_hh_l0 must exist with shape (G*H, H), G = 3 (GRU), 4 (LSTM) "
                           f"or 1 (RNN); found {shape}")
    G = W_hh0.shape[0] // W_hh0.shape[1]
    if G not in CELLS:
        raise WeightsError(f"{prefix}weight_hh_l0 has shape {W_hh0.shape}: {G} gate blocks is not a GRU (3), "
                           "an LSTM (4) or an RNN (1)")
    limits.check_model(W_ih0.shape[1] if W_ih0 is not None and W_ih0.ndim == 2 else 0, W_hh0.shape[1],
                       len(layer_ids))
    layers = []
    for l in layer_ids:
        directions = []
        for d in range(D):
            where = f"{prefix}..._l{l}{'_reverse' if d else ''}"
            W_ih, W_hh = get("weight", "ih", l, d), get("weight", "hh", l, d)
            b_ih, b_hh = get("bias", "ih", l, d), get("bias", "hh", l, d)
            if W_ih is None or W_hh is None:
                raise WeightsError(f"missing weight_ih or weight_hh for {where}")
            if (b_ih is None) != (b_hh is None):
                raise WeightsError(f"{where}: bias_ih and bias_hh come together (or neither, bias=False)")
            try:
                directions.append(build.cell(W_ih, W_hh, b_ih, b_hh))
            except ValueError as exc:
                raise WeightsError(f"{where}: {exc}") from None
        layers.append(tuple(directions))
    cls = CELLS[G]
    try:
        return GRU(tuple(layers), reset="after", z_convention="keeps_old") if cls is GRU else cls(tuple(layers))
    except ValueError as exc:
        raise WeightsError(f"inconsistent shapes{where_module}: {exc}") from None


def to_state_dict(model):
    """PyTorch names for a model in PyTorch's form (a GRU is written with z keeping the old state)."""
    if isinstance(model, GRU):
        if model.reset != "after":
            raise ValueError("only reset='after' GRUs have PyTorch names; this one is written in the seed form")
        model = model.with_z_convention("keeps_old")
    arrays = {}
    names = {"W_ih": "weight_ih", "W_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh"}
    for l, directions in enumerate(model.layers):
        for d, cell in enumerate(directions):
            cell_arrays = cell.arrays()
            if ("b_ih" in cell_arrays) != ("b_hh" in cell_arrays):
                # PyTorch has both biases or neither: the missing one is stored as zeros.
                zeros = 0.0 * (cell_arrays.get("b_ih") if "b_ih" in cell_arrays else cell_arrays["b_hh"])
                cell_arrays.setdefault("b_ih", zeros)
                cell_arrays.setdefault("b_hh", zeros)
            for ours, value in cell_arrays.items():
                arrays[f"{names[ours]}_l{l}{'_reverse' if d else ''}"] = value
    return arrays
