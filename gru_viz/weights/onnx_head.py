"""What an ONNX graph holds around its recurrent stack, for load_model (gru_viz/weights/around.py):
the Gather of a stored table the first layer reads, and the dense head after the last one.

A head is followed node by node from the last layer's Y through ops that keep the values, and
taken only where it is read exactly: MatMul or Gemm of the data by stored weights, Add of a stored
bias, an activation over the last axis. Where the walk meets anything else it stops, and the notes
say where, so a prediction is never that of another graph.
"""

import numpy as np

from .errors import WeightsError, shown
from .onnx_graph import KEEPS, attributes, in_order, keeps_values, parse, recurrent_chain, stored_tensors, to_array

HEAD_ACTIVATIONS = {"Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "Softmax": "softmax"}


def around_stack(data, recurrent, notes):
    """{"embedding", "head"} of an ONNX file: the Gather of a stored table that the first recurrent
    node reads, and the MatMul / Gemm, Add and activation nodes after the last one's Y. The head
    runs at every step."""
    from ..whole import Embedding

    model = parse(data)
    graph = model.graph
    stored = stored_tensors(graph, len(data))
    nodes = in_order(graph)
    chain = recurrent_chain(nodes, stored)
    producers = {name: node for node in nodes for name in node.output if name}
    parts = {}
    tensor = chain[0].input[0]
    while tensor in producers and producers[tensor].op_type in KEEPS and producers[tensor].input:
        tensor = producers[tensor].input[0]
    gather = producers.get(tensor)
    if (gather is not None and gather.op_type == "Gather" and gather.input and gather.input[0] in stored
            and attributes(gather).get("axis", 0) == 0):  # rows of the table, by id
        table = to_array(stored[gather.input[0]]).astype(np.float64)
        if table.ndim != 2 or table.shape[1] != recurrent.input_size:
            raise WeightsError(f"the Gather before the first layer reads a table of shape {table.shape}; the first "
                               f"layer reads {recurrent.input_size} features")
        parts["embedding"] = Embedding(table)
        notes.append(f"embedding: a Gather of {table.shape[0]} tokens of {table.shape[1]} features")
    readers = {}
    for node in nodes:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    head, tensor = [], chain[-1].output[0] if chain[-1].output else ""
    stopped = None
    for _ in range(len(nodes)):
        after = readers.get(tensor, [])
        if len(after) != 1 or not after[0].output:
            break
        node = after[0]
        step = head_step(node, tensor, stored, head)
        if step is None:
            stopped = node.op_type
            break
        tensor = node.output[0]
    if not head and len(chain[-1].output) > 1 and readers.get(chain[-1].output[1]):
        notes.append("the graph's head reads the last layer's final state Y_h, which load_model does not follow: "
                     "predict gives the layer's states")
    if stopped:
        notes.append(f"the graph goes on after the head with {shown(stopped)}, which load_model does not read: "
                     "predict gives what comes before it")
    if head:
        from .around import chained

        parts["head"] = chained(head, recurrent)
        notes.append("head: " + " → ".join(map(repr, head)) + ", at every step")
    return parts


def head_step(node, tensor, stored, head):
    """Take one node of a head into `head` (a list of Dense, changed in place); None where the node is
    not one load_model reads exactly: MatMul or Gemm of `tensor` by stored weights, Add of a stored
    bias, an activation over the last axis, or an op that keeps the values."""
    from ..whole import Dense

    if not node.input or node.input[0] != tensor:
        return None  # the weights first (W @ y), or the data elsewhere: not a Dense
    others, options = list(node.input[1:]), attributes(node)
    if node.op_type in KEEPS and keeps_values(node):
        return True
    if node.op_type in ("MatMul", "Gemm") and others and others[0] in stored:
        W = to_array(stored[others[0]]).astype(np.float64)
        if W.ndim != 2 or options.get("transA", 0) or options.get("alpha", 1.0) != 1.0 \
                or options.get("beta", 1.0) != 1.0 or (len(others) > 1 and others[1] and others[1] not in stored):
            return None
        W = W if options.get("transB", 0) else W.T  # x @ B: Dense keeps W (out, in)
        bias = None
        if len(others) > 1 and others[1]:
            bias = flat_bias(to_array(stored[others[1]]), W.shape[0])
            if bias is None:
                return None
        head.append(Dense(W, bias))
        return True
    if node.op_type == "Add" and head and head[-1].b is None and others and others[0] in stored:
        bias = flat_bias(to_array(stored[others[0]]), head[-1].W.shape[0])
        if bias is None:
            return None
        head[-1] = Dense(head[-1].W, bias)
        return True
    if node.op_type in HEAD_ACTIVATIONS and head and head[-1].activation == "linear":
        if node.op_type == "Softmax" and options.get("axis", -1) not in (-1, 2):  # (T, 1, C): over C
            return None
        head[-1] = Dense(head[-1].W, head[-1].b, HEAD_ACTIVATIONS[node.op_type])
        return True
    return None


def flat_bias(array, width):
    """A bias of shape (width,), (1, width) or (1, 1, width) as (width,); None for any other shape."""
    array = np.asarray(array, dtype=np.float64)
    if array.shape[-1:] != (width,) or any(n != 1 for n in array.shape[:-1]):
        return None
    return array.reshape(width)
