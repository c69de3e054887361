"""Keras 3 recurrent layers (GRU, LSTM, SimpleRNN, Bidirectional) as gru_viz models.

Keras stores each layer direction's variables as (keras/src/layers/rnn/gru.py, lstm.py,
simple_rnn.py, `build`):
    kernel            (I, G*H)   x @ kernel: gate blocks are column blocks
    recurrent_kernel  (H, G*H)
    bias              GRU reset_after=True: (2, 3H), row 0 the input bias, row 1 the recurrent one
                      GRU reset_after=False, LSTM, SimpleRNN: (G*H,), one bias per gate
with the GRU's blocks in the order z, r, h (PyTorch's: r, z, n) and the LSTM's i, f, c, o (PyTorch's
i, f, g, o: the same). So W_ih = kernel.T with the GRU's first two blocks swapped, and likewise
W_hh. A Keras GRU computes h = z * h_prev + (1 - z) * h~ (z_convention="keeps_old"); with
reset_after=True h~ = tanh(W_h x + b_h + r * (U_h h_prev + b_rec_h)) (reset="after", PyTorch's),
with reset_after=False h~ = tanh(W_h x + b_h + U_h (r * h_prev)) (reset="before").
"""

from typing import NamedTuple

import numpy as np

from ..models import GRU, LSTM, RNN
from ..stack import Stack
from .chain_order import chain_order
from .errors import WeightsError, shown
from .keras_config import CELLS, kind_of_group, layers_from_config, layers_from_groups
from .outline import NUMBERS

MODELS = {"GRU": GRU, "LSTM": LSTM, "SimpleRNN": RNN}
KERAS_BLOCKS = {3: (1, 0, 2), 4: (0, 1, 2, 3), 1: (0,)}  # PyTorch's block k is Keras' block KERAS_BLOCKS[G][k]
CELL_OF_GATES = {3: "GRU", 4: "LSTM", 1: "SimpleRNN"}


class Direction(NamedTuple):
    """One layer direction's variables as Keras stores them (bias None without use_bias)."""

    kernel: np.ndarray
    recurrent: np.ndarray
    bias: np.ndarray | None

    @property
    def num_gates(self):
        return self.recurrent.shape[1] // self.recurrent.shape[0]

    @property
    def hidden_size(self):
        return self.recurrent.shape[0]


def torch_rows(matrix, G):
    """Keras (n, G*H) column blocks -> PyTorch (G*H, n) row blocks, in PyTorch's gate order."""
    blocks = np.split(matrix.T, G, axis=0)
    return np.concatenate([blocks[k] for k in KERAS_BLOCKS[G]], axis=0)


def read_direction(arrays, vars_path, layer, build=NUMBERS):
    """The Direction stored at `vars_path`, with its shapes checked (arrays converted by `build`)."""
    names = sorted(p.rsplit("/", 1)[1] for p in arrays if p.rsplit("/", 1)[0] == vars_path)
    if not names:
        raise WeightsError(f"layer {shown(layer.name)} has no variables at {vars_path}: the weights do not match "
                           "the layers config.json lists (or the layer group is missing)")
    if names not in (["0", "1"], ["0", "1", "2"]):
        raise WeightsError(f"{vars_path} holds variables {names}; a Keras recurrent cell holds 0 (kernel), "
                           "1 (recurrent_kernel) and, with use_bias, 2 (bias)")
    kernel, recurrent = (build.array(f"{vars_path}/{n}", arrays[f"{vars_path}/{n}"]) for n in ("0", "1"))
    bias = build.array(f"{vars_path}/2", arrays[f"{vars_path}/2"]) if "2" in names else None
    if recurrent.ndim != 2 or recurrent.shape[0] == 0 or recurrent.shape[1] % recurrent.shape[0]:
        raise WeightsError(f"{vars_path}/1 (recurrent_kernel) has the shape {recurrent.shape}; expected (H, G*H)")
    H = recurrent.shape[0]
    G = recurrent.shape[1] // H
    expected_G = CELLS.get(layer.cell, G)
    if G != expected_G or G not in KERAS_BLOCKS:
        raise WeightsError(f"{vars_path}/1 has the shape {recurrent.shape}: {G} gate blocks, but a "
                           f"{layer.cell or 'recurrent layer'} has {expected_G} (GRU 3, LSTM 4, SimpleRNN 1)")
    if layer.units is not None and H != layer.units:
        raise WeightsError(f"{vars_path}: config.json says {layer.units} units, the weights hold {H}")
    if kernel.ndim != 2 or kernel.shape[1] != G * H or kernel.shape[0] == 0:
        raise WeightsError(f"{vars_path}/0 (kernel) has the shape {kernel.shape}; expected (input_size, {G * H})")
    allowed = ((G * H,), (2, G * H)) if G == 3 else ((G * H,),)
    if bias is not None and bias.shape not in allowed:
        raise WeightsError(f"{vars_path}/2 (bias) has the shape {bias.shape}; expected ({G * H},)"
                           + (f" or (2, {G * H})" if G == 3 else ""))
    return Direction(kernel, recurrent, bias)


def to_cell(direction, cell):
    """A cell (CellWeights, or outline.DeclaredCell) in PyTorch's layout from a Keras Direction."""
    kernel, recurrent, bias = direction
    G = direction.num_gates
    W_ih, W_hh = torch_rows(kernel, G), torch_rows(recurrent, G)
    if bias is None:
        return cell(W_ih, W_hh)
    if bias.ndim == 2:  # GRU reset_after=True: input bias, recurrent bias
        return cell(W_ih, W_hh, torch_rows(bias[0][None], G)[:, 0], torch_rows(bias[1][None], G)[:, 0])
    return cell(W_ih, W_hh, torch_rows(bias[None], G)[:, 0])


def reset_after_of(layers, read, notes):
    """Keras' reset_after for a GRU stack, from config.json and bias shapes, which must agree."""
    known = set()
    for layer, directions in zip(layers, read):
        bias = directions[0].bias
        from_shape = None if bias is None else bias.ndim == 2  # (2, 3H): reset_after=True
        if layer.reset_after is not None and from_shape is not None and layer.reset_after != from_shape:
            raise WeightsError(f"layer {shown(layer.name)}: config.json says reset_after={layer.reset_after}, but the "
                               f"bias has the shape {bias.shape}")
        found = layer.reset_after if layer.reset_after is not None else from_shape
        if found is not None:
            known.add(found)
    if len(known) > 1:
        raise WeightsError("the GRU layers place the reset gate differently (reset_after differs); one model has "
                           "one reset position")
    if not known:
        notes.append("no bias and no config: reset_after=True assumed (Keras' default)")
    return known.pop() if known else True


def from_keras(tree, config, limits, keras_version=None, build=NUMBERS):
    """(model, notes, stored parameter count) from a Keras 3 HDF5 tree and its config (or None);
    `build` converts the arrays and makes the cells (outline.py)."""
    # the version is the file's own word: cut short (a version number is a few characters)
    notes = [f"Keras {keras_version[:20]} file" if keras_version else "Keras 3 file"]
    if config is not None:
        layers, ignored = layers_from_config(config)
        notes.append("layer order and settings read from config.json")
    else:
        layers, ignored = layers_from_groups(tree.groups)
        notes.append("no config.json (a .weights.h5 file): layers, their order, cell type and reset position "
                     "inferred from HDF5 group names and shapes; activations assumed Keras' defaults "
                     "(tanh, sigmoid)")
    check_nothing_else(tree, layers)
    limits.check_model(0, 0, len(layers))
    read = [[read_direction(tree.arrays, path, layer, build) for path in layer.var_groups()] for layer in layers]
    if config is None and len({kind_of_group(layer) for layer in layers}) > 1:
        layers, read = in_chain_order(layers, read, tree.arrays, notes)
    check_each(layers, read)
    first = read[0][0]
    cell = CELL_OF_GATES[first.num_gates]
    limits.check_model(first.kernel.shape[0], max(d[0].hidden_size for d in read), len(layers))
    cells = tuple(tuple(to_cell(direction, build.cell) for direction in directions) for directions in read)
    stored = sum(a.size for directions in read for direction in directions for a in direction if a is not None)
    if not alike(layers, read):
        model = stacked(layers, read, cells, notes)
        notes.extend(ignored_notes(tree, ignored))
        return model, notes, stored
    try:
        if cell == "GRU":
            reset_after = reset_after_of(layers, read, notes)
            model = GRU(cells, reset="after" if reset_after else "before", z_convention="keeps_old")
            notes.append(f"Keras GRU(reset_after={reset_after}): reset {'after' if reset_after else 'before'} "
                         "the recurrent product, z keeps the old state (z_convention='keeps_old')")
        else:
            model = MODELS[cell](cells)
            if cell == "LSTM":
                notes.append("Keras LSTM gate order i, f, c, o is PyTorch's i, f, g, o; its one bias per gate "
                             "is read as b_ih")
    except WeightsError:
        raise
    except ValueError as exc:
        raise WeightsError(f"inconsistent shapes: {exc}") from None
    notes.extend(ignored_notes(tree, ignored))
    return model, notes, stored


def check_each(layers, read):
    """The two halves of a Bidirectional layer are one cell type of one size."""
    for layer, directions in zip(layers, read):
        if len({(d.num_gates, d.hidden_size) for d in directions}) > 1:
            raise WeightsError(f"layer {shown(layer.name)}: its forward and backward layers differ in cell type or "
                               "size")


def alike(layers, read):
    """Whether the layers make one GRU, LSTM or RNN network: one cell type, one direction count, one
    hidden size and, for GRUs, one reset position where the file says it."""
    resets = {reset_after_of([layer], [d], []) for layer, d in zip(layers, read)
              if d[0].num_gates == 3 and (layer.reset_after is not None or d[0].bias is not None)}
    return len({(d[0].num_gates, d[0].hidden_size, layer.bidirectional) for layer, d in zip(layers, read)}) == 1 \
        and len(resets) <= 1


def stacked(layers, read, cells, notes):
    """A gru_viz.Stack of layers that differ in cell type, size or direction."""
    networks = []
    for layer, directions, layer_cells in zip(layers, read, cells):
        cell = CELL_OF_GATES[directions[0].num_gates]
        try:
            if cell == "GRU":
                reset = "after" if reset_after_of([layer], [directions], notes) else "before"
                networks.append(GRU((layer_cells,), reset=reset, z_convention="keeps_old"))
            else:
                networks.append(MODELS[cell]((layer_cells,)))
        except ValueError as exc:
            raise WeightsError(f"layer {shown(layer.name)}: {exc}") from None
    try:
        model = Stack(tuple(networks))
    except ValueError as exc:
        raise WeightsError(f"the layers do not chain: {exc}") from None
    notes.append(f"a stack of layers that differ: {model!r}"
                 + ("; Keras GRUs keep the old state with z (z_convention='keeps_old'), reset where each "
                    "layer's reset_after says" if any(isinstance(n, GRU) for n in networks) else ""))
    return model


def in_chain_order(layers, read, arrays, notes):
    """The layers of a .weights.h5 file in the order their shapes imply (chain_order.py): Keras
    numbers the layers of one kind by their place in the model (gru before gru_1); between kinds the
    shapes decide, and the
    width of an Embedding group (the first layer's input) where the file has one."""
    groups = [kind_of_group(layer) for layer in layers]

    def before(a, b):  # a comes before b: Keras' numbers say so for two layers of one kind
        return a < b if groups[a] == groups[b] else None

    widths = [(d[0].kernel.shape[0], len(d) * d[0].hidden_size) for d in read]
    table = arrays.get("layers/embedding/vars/0")  # an Embedding's width is what the first layer reads
    first_reads = table.shape[1] if getattr(table, "ndim", 0) == 2 else None
    order = chain_order([layer.name for layer in layers], widths, before,
                        "open the .keras file instead, whose config.json holds the order", first_reads)
    notes.append("the layers' order taken from their shapes: " + " → ".join(layers[k].name for k in order))
    return [layers[k] for k in order], [read[k] for k in order]


def check_nothing_else(tree, layers):
    """Refuse variables inside a recurrent layer's group other than its cells', and recurrent cells
    hidden in layers that are not read (a nested model, a custom RNN wrapper)."""
    cell_vars = {path for layer in layers for path in layer.var_groups()}
    for path in tree.arrays:
        parent = path.rsplit("/", 1)[0]
        for layer in layers:
            if path.startswith(layer.group + "/") and parent not in cell_vars:
                raise WeightsError(f"{path} is a variable of layer {shown(layer.name)} outside its cell; not a Keras "
                                   "GRU, LSTM or SimpleRNN layout")
        if parent.endswith("/cell/vars") and parent not in cell_vars:
            raise WeightsError(f"{parent} holds a recurrent cell that is not part of the stack read here "
                               "(a nested model or a custom layer); save that model on its own")


def ignored_notes(tree, ignored):
    with_weights = [name for name, _, group in ignored if any(p.startswith(group + "/") for p in tree.arrays)]
    notes = []
    if with_weights:
        notes.append(f"ignored layers that are not recurrent: {', '.join(map(shown, with_weights[:8]))}"
                     + (" ..." if len(with_weights) > 8 else ""))
    if any(p.startswith("optimizer/") for p in tree.arrays):
        notes.append("ignored the optimizer's state")
    return notes
