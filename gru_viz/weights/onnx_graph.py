"""ONNX files: a chain of GRU, LSTM or RNN nodes, read with the onnx package and never run.

ONNX's own conventions (the ONNX operator documentation, GRU, LSTM and RNN):
    GRU    W (D, 3H, I), R (D, 3H, H), B (D, 6H) = [Wb, Rb]; gate blocks z, r, h;
           h_t = (1 - z_t) * h~_t + z_t * h_{t-1}: z keeps the old state;
           linear_before_reset 0 (the default): h~ = g(W_h x + R_h (r * h) + Rb_h + Wb_h), the reset
           before the recurrent product; 1: h~ = g(W_h x + Wb_h + r * (R_h h + Rb_h)), after it
    LSTM   W (D, 4H, I), R (D, 4H, H), B (D, 8H); gate blocks i, o, f, c; peepholes P (D, 3H)
    RNN    W (D, H, I), R (D, H, H), B (D, 2H)
    D = 2 for direction="bidirectional" (forward first), else 1
gru_viz keeps PyTorch's block order (GRU r, z, n; LSTM i, f, g, o), so the blocks are reordered on
the way in; the numbers are not changed. A file of several recurrent nodes loads as one stack when
each node reads the one before it through shape glue only (Transpose, Reshape, Squeeze, ...), the
way exporters join layers: each layer's Y (T, D, B, H) becomes the next one's X (T, B, D*H). Layers
alike load as one GRU, LSTM or RNN network; layers that differ in kind, width, direction or reset
position as a gru_viz.Stack.

Safety: the file is parsed by protobuf into messages, and nothing in it is executed. Before any
tensor is turned into an array, every op is checked against the supported set (named when it is
not), a tensor stored in an external file is refused, and every declared shape is checked against
the bytes the file can hold, so a declared 2^40-element tensor costs nothing. A graph whose nodes
form a loop is refused.
"""

import math

import numpy as np

from ..models import GRU, LSTM, RNN
from ..stack import Stack
from .errors import WeightsError, shown

RECURRENT = {"GRU": (GRU, 3), "LSTM": (LSTM, 4), "RNN": (RNN, 1)}
# From ONNX's block order to gru_viz's (PyTorch's): GRU z, r, h -> r, z, n; LSTM i, o, f, c -> i, f, g, o.
BLOCK_ORDER = {"GRU": (1, 0, 2), "LSTM": (0, 2, 3, 1), "RNN": (0,)}
DEFAULT_ACTIVATIONS = {"GRU": ["Sigmoid", "Tanh"], "LSTM": ["Sigmoid", "Tanh", "Tanh"], "RNN": ["Tanh"]}
# Ops that reshape what flows between layers; a chain's layers may be joined only by these.
# Expand and ConstantOfShape build an initial state of the batch's size (torch's TorchScript exporter).
GLUE = {"Transpose", "Reshape", "Squeeze", "Unsqueeze", "Concat", "Identity", "Cast", "Shape", "Gather", "Slice",
        "Constant", "Flatten", "Expand", "ConstantOfShape"}
# Of those, the ops that may stand between two layers: they move values without changing them.
KEEPS = {"Transpose", "Reshape", "Squeeze", "Unsqueeze", "Concat", "Identity", "Flatten"}
# Ops of an embedding or a head around the recurrent layers (read by load_weights as not its own).
AROUND = {"MatMul", "Gemm", "Add", "Mul", "Relu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax"}
SUPPORTED = set(RECURRENT) | GLUE | AROUND
MAX_NODES = 10_000  # an exported stack of 4 layers with an embedding and a head has about 30
ONNX_TAGS = {0x12, 0x1A, 0x22, 0x28, 0x32, 0x3A, 0x42, 0x72, 0xA2, 0xCA}  # ModelProto's fields after ir_version


def looks_like_onnx(data):
    """A ModelProto opens with its ir_version (field 1, a varint: 0x08 then a small number) and then
    one of its other fields; no other format read here starts that way."""
    return len(data) >= 3 and data[0] == 0x08 and 1 <= data[1] <= 0x7F and data[2] in ONNX_TAGS


def parse(data):
    try:
        import onnx
    except ImportError:  # an app dependency, but the library alone needs only NumPy
        raise WeightsError("reading an .onnx file needs the onnx package: pip install onnx") from None
    from google.protobuf.message import DecodeError

    model = onnx.ModelProto()
    try:
        model.ParseFromString(data)
    except (DecodeError, RuntimeError, ValueError) as exc:  # truncated or not ONNX at all
        raise WeightsError(f"this is not a readable ONNX file: its protobuf does not parse ({exc})") from None
    if not model.HasField("graph"):
        raise WeightsError("this ONNX file holds no graph")
    return model


def stored_tensors(graph, file_size):
    """{name: TensorProto} of the initializers and the Constant nodes' values, every one checked:
    stored in the file itself, and no bigger than the file can hold."""
    from onnx import TensorProto, helper

    tensors = {t.name: t for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant" and node.output:
            for attribute in node.attribute:
                if attribute.name == "value" and attribute.type == attribute.TENSOR:
                    tensors[node.output[0]] = attribute.t
    for name, tensor in tensors.items():
        if tensor.data_location == TensorProto.EXTERNAL or len(tensor.external_data):
            raise WeightsError(f"tensor {shown(name)} is stored in an external data file, which is never read "
                               "here; save the model with its tensors inside: onnx.save_model(model, path, "
                               "save_as_external_data=False)")
        if any(d < 0 for d in tensor.dims):
            raise WeightsError(f"tensor {shown(name)} declares a negative dimension {list(tensor.dims)}")
        elements = math.prod(tensor.dims)
        try:
            itemsize = np.dtype(helper.tensor_dtype_to_np_dtype(tensor.data_type)).itemsize
        except (KeyError, TypeError, ValueError):
            raise WeightsError(f"tensor {shown(name)} has an unknown data type ({tensor.data_type})") from None
        if elements * itemsize > file_size:
            raise WeightsError(f"tensor {shown(name)} declares {elements:,} elements ({list(tensor.dims)}), more "
                               f"than a file of {file_size:,} bytes can hold")
    return tensors


def in_order(graph):
    """The graph's nodes, each after the nodes whose outputs it reads; a loop is refused."""
    producer = {name: k for k, node in enumerate(graph.node) for name in node.output if name}
    waiting = [{producer[i] for i in node.input if i in producer} for node in graph.node]
    readers = {}
    for k, needs in enumerate(waiting):
        for p in needs:
            readers.setdefault(p, []).append(k)
    ready = [k for k, needs in enumerate(waiting) if not needs]
    order = []
    while ready:
        k = ready.pop(0)
        order.append(k)
        for r in readers.get(k, ()):
            waiting[r].discard(k)
            if not waiting[r]:
                ready.append(r)
    if len(order) < len(graph.node):
        stuck = sorted({graph.node[k].op_type for k in range(len(graph.node)) if k not in set(order)})
        raise WeightsError(f"the graph's nodes form a loop (through {', '.join(stuck)}): an ONNX graph must be "
                           "acyclic")
    return [graph.node[k] for k in order]


def check_ops(model):
    graph = model.graph
    if len(graph.node) > MAX_NODES:
        raise WeightsError(f"the graph has {len(graph.node):,} nodes, more than the {MAX_NODES:,} read here")
    for node in graph.node:
        if node.domain not in ("", "ai.onnx"):
            raise WeightsError(f"the graph uses op {shown(node.op_type)} of domain {shown(node.domain)}; only "
                               "ONNX's own ops are read")
        if node.op_type not in SUPPORTED:
            raise WeightsError(f"the graph uses op {shown(node.op_type)}, which is not read here: an ONNX file "
                               "must hold GRU, LSTM or RNN nodes joined by shape ops (Transpose, Reshape, "
                               "Squeeze, ...), with at most an embedding (Gather) or a dense head (MatMul, Gemm, "
                               "Add and an activation) around them")


def attributes(node):
    from onnx import helper

    try:
        return {a.name: helper.get_attribute_value(a) for a in node.attribute}
    except (ValueError, TypeError) as exc:
        raise WeightsError(f"node {shown(node.name or node.op_type)} has an unreadable attribute: {exc}") from None


def text(value):
    """An attribute's string (ONNX stores bytes); a damaged one shows as replacement characters."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def whole(options, name, default, where):
    value = options.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise WeightsError(f"{where}: attribute {name} must be a whole number, got {shown(text(value))}")
    return value


def origins(name, producers, stored):
    """What tensor `name` is computed from, following only ops that move values without changing them
    (KEEPS): {("input", name)} for a graph input, {(node index, output index)} of recurrent nodes, and
    ("other", op) where any other op comes in. A loop, not a recursion: a graph may chain thousands
    of nodes."""
    found, seen, waiting = set(), set(), [name]
    while waiting:
        tensor = waiting.pop()
        if tensor in stored or tensor in seen:
            continue
        seen.add(tensor)
        if tensor not in producers:
            found.add(("input", tensor))
            continue
        k, slot, node = producers[tensor]
        if node.op_type in RECURRENT:
            found.add((k, slot))
        elif node.op_type in KEEPS and keeps_values(node):
            sources = node.input if node.op_type == "Concat" else node.input[:1]  # the others are shapes, axes
            waiting += [source for source in sources if source]
        else:
            found.add(("other", node.op_type))
    return found


def keeps_values(node):
    """A Transpose keeps each step's features together only with perm (0, 2, 1, 3), the exporters'
    (T, D, B, H) -> (T, B, D, H), or no perm at all."""
    if node.op_type != "Transpose":
        return True
    perm = next((list(a.ints) for a in node.attribute if a.name == "perm"), None)
    return perm in (None, [0, 2, 1, 3], [0, 1, 2, 3])


def label(node):
    """How a message names a node: its name, else its first output, else its op."""
    return shown(node.name or next((o for o in node.output if o), node.op_type))


def recurrent_chain(nodes, stored):
    """The recurrent nodes in order, checked to form one chain: each reads the Y of the one before,
    through ops that keep the values."""
    chain = [node for node in nodes if node.op_type in RECURRENT]
    if not chain:
        raise WeightsError("the graph has no GRU, LSTM or RNN node")
    index = {id(node): k for k, node in enumerate(chain)}
    producers = {}
    for node in nodes:
        for slot, name in enumerate(node.output):
            if name:
                producers[name] = (index.get(id(node)), slot, node)
    for k, node in enumerate(chain[1:], start=1):
        found = origins(node.input[0], producers, stored) if node.input else set()
        if found != {(k - 1, 0)}:
            raise WeightsError(f"{node.op_type} node {label(node)} does not read the Y output of the recurrent "
                               "node before it through shape ops that keep its values (Transpose, Reshape, "
                               "Squeeze, ...), so the graph is not one stack of layers")
    return chain


def node_weights(node, stored, limits, build, layer_input):
    """(cells, notes, stored count, directions, reset, hidden size) of one recurrent node: cells the
    CellWeights (or DeclaredCells) of each direction."""
    op = node.op_type
    _, G = RECURRENT[op]
    where = f"{op} node {label(node)}"
    options = attributes(node)
    direction = text(options.get("direction", b"forward"))
    if direction not in ("forward", "bidirectional", "reverse"):
        raise WeightsError(f"{where}: unknown direction {shown(direction)}")
    if direction == "reverse":
        raise WeightsError(f"{where} runs in reverse only; the explorer reads forward and bidirectional layers")
    D = 2 if direction == "bidirectional" else 1
    listed = options.get("activations", [])
    activations = [text(a) for a in listed] if isinstance(listed, list) else [text(listed)]
    if activations and activations != DEFAULT_ACTIVATIONS[op] * D:
        raise WeightsError(f"{where} uses activations {activations}; the explorer computes ONNX's defaults, "
                           f"{DEFAULT_ACTIVATIONS[op] * D}")
    if options.get("clip") is not None:
        raise WeightsError(f"{where} clips its pre-activations (clip={options['clip']}), which the explorer does not")
    if whole(options, "input_forget", 0, where):
        raise WeightsError(f"{where} couples its input and forget gates (input_forget=1), which the explorer does not")

    def tensor(slot, what):
        name = node.input[slot] if len(node.input) > slot else ""
        if not name:
            return None
        if name not in stored:
            raise WeightsError(f"{where}: its {what} {shown(name)} is computed in the graph; only stored tensors "
                               "are read")
        return stored[name]

    W, R, B = tensor(1, "W"), tensor(2, "R"), tensor(3, "B")
    if W is None or R is None:
        raise WeightsError(f"{where} has no W or R")
    hidden = R.dims[-1] if len(R.dims) == 3 else 0
    if list(R.dims) != [D, G * hidden, hidden] or hidden < 1:
        raise WeightsError(f"{where}: R has shape {list(R.dims)}, expected ({D}, {G}*H, H)")
    if whole(options, "hidden_size", hidden, where) != hidden:
        raise WeightsError(f"{where}: hidden_size={options['hidden_size']} but R is for {hidden} units")
    I = W.dims[-1] if len(W.dims) == 3 else 0
    if list(W.dims) != [D, G * hidden, I] or (layer_input is not None and I != layer_input):
        expected_I = "I" if layer_input is None else layer_input
        raise WeightsError(f"{where}: W has shape {list(W.dims)}, expected ({D}, {G * hidden}, {expected_I})")
    if B is not None and list(B.dims) != [D, 2 * G * hidden]:
        raise WeightsError(f"{where}: B has shape {list(B.dims)}, expected ({D}, {2 * G * hidden})")
    limits.check_model(I, hidden, 1)
    notes = []
    if op == "LSTM":
        P = tensor(7, "peepholes P")
        if P is not None and np.any(to_array(P)):
            raise WeightsError(f"{where} has peephole weights P, which the explorer's LSTM does not")
    if len(node.input) > 4 and node.input[4]:
        notes.append(f"{where}: its sequence_lens input is not part of the model (every sequence runs for all "
                     "its steps)")
    for slot, what in ((5, "initial_h"), (6, "initial_c")):
        if len(node.input) > slot and node.input[slot] and (op == "LSTM" or slot < 6):
            notes.append(f"{where}: its {what} input is not part of the model (the explorer starts from zeros, or "
                         "the h0 you pass)")
    blocks = list(BLOCK_ORDER[op])

    def reordered(array, rows):
        return np.concatenate([array[b * rows : (b + 1) * rows] for b in blocks]) if len(blocks) > 1 else array

    W_all, R_all = build.array(f"{where} W", to_array(W)), build.array(f"{where} R", to_array(R))
    B_all = None if B is None else build.array(f"{where} B", to_array(B))
    cells = []
    for d in range(D):
        b_ih = b_hh = None
        if B_all is not None:
            b_ih = reordered(B_all[d][: G * hidden], hidden)
            b_hh = reordered(B_all[d][G * hidden :], hidden)
        try:
            cells.append(build.cell(reordered(W_all[d], hidden), reordered(R_all[d], hidden), b_ih, b_hh))
        except ValueError as exc:
            raise WeightsError(f"{where}: {exc}") from None
    reset = "after" if whole(options, "linear_before_reset", 0, where) else "before"
    count = sum(math.prod(t.dims) for t in (W, R, B) if t is not None)
    return tuple(cells), notes, count, D, reset, hidden


def to_array(tensor):
    from onnx import numpy_helper

    try:
        return numpy_helper.to_array(tensor)
    except (ValueError, TypeError, KeyError, RuntimeError) as exc:  # its data and its shape disagree, say
        raise WeightsError(f"tensor {shown(tensor.name)} cannot be read: {exc}") from None


def from_onnx(data, limits, build):
    """(model, notes, stored parameter count) of the recurrent stack in an ONNX file's bytes."""
    model = parse(data)
    check_ops(model)
    graph = model.graph
    stored = stored_tensors(graph, len(data))
    chain = recurrent_chain(in_order(graph), stored)
    limits.check_model(0, 0, len(chain))
    layers, notes, count, layer_input = [], [], 0, None
    for node in chain:
        cells, said, stored_count, D, reset, hidden = node_weights(node, stored, limits, build, layer_input)
        cls = RECURRENT[node.op_type][0]
        try:
            layers.append(cls((cells,), reset=reset, z_convention="keeps_old") if cls is GRU else cls((cells,)))
        except ValueError as exc:
            raise WeightsError(f"inconsistent shapes: {exc}") from None
        layer_input = D * hidden
        notes += said
        count += stored_count
    others = sorted({node.op_type for node in graph.node} - set(RECURRENT) - GLUE)
    if others:
        notes.append(f"ignored the graph's {', '.join(others)} nodes around the recurrent layers")
    for reset in sorted({layer.reset for layer in layers if isinstance(layer, GRU)}):
        lbr = 1 if reset == "after" else 0
        notes.append(f"ONNX GRU, linear_before_reset={lbr}: reset {reset} the recurrent product, z keeps the old "
                     "state (z_convention='keeps_old'); gate blocks z, r, h reordered to r, z, n")
    if any(isinstance(layer, LSTM) for layer in layers):
        notes.append("ONNX LSTM: gate blocks i, o, f, c reordered to i, f, g, o")
    model = Stack(tuple(layers)).simplest()  # one Network when the layers are alike
    if isinstance(model, Stack):
        notes.append(f"a stack of layers that differ: {model!r}")
    return model, notes, count

