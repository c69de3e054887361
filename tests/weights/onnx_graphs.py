"""ONNX graphs of recurrent layers, built with the onnx package as exporters build them.

`chain` joins its layers the way torch.onnx.export joins an nn.GRU's: a layer's Y (T, D, B, H)
goes through Transpose (to T, B, D, H) and Reshape (to T, B, D*H), or through Squeeze of its
direction axis for one direction. The graph's output is the last layer's, joined the same way, so
it is what gru_viz's trace.output is for one sequence. Weights are random, in ONNX's block order
(GRU z, r, h; LSTM i, o, f, c): the reader must reorder them.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

GATES = {"GRU": 3, "LSTM": 4, "RNN": 1}
ELEMENT = {np.float32: TensorProto.FLOAT, np.float64: TensorProto.DOUBLE}


def layer_tensors(rng, kind, D, I, H, dtype, scale, bias):
    G = GATES[kind]
    W = (rng.uniform(-1, 1, (D, G * H, I)) * scale).astype(dtype)
    R = (rng.uniform(-1, 1, (D, G * H, H)) * scale).astype(dtype)
    B = (rng.uniform(-1, 1, (D, 2 * G * H)) * scale).astype(dtype) if bias else None
    return W, R, B


def chain(kind="GRU", layers=1, I=3, H=4, direction="forward", lbr=0, dtype=np.float64, seed=0, scale=1.0,
          bias=True, opset=17):
    """A ModelProto: input "x" (T, 1, I), output "y" (T, 1, D*H), `layers` nodes of `kind` chained."""
    return stack([(kind, H, direction, lbr)] * layers, I, dtype, seed, scale, bias, opset)


def stack(specs, I=3, dtype=np.float64, seed=0, scale=1.0, bias=True, opset=17):
    """A ModelProto of one node per (kind, H, direction, lbr) in `specs`, chained: layers that may
    differ in kind, width, direction and reset position. Input "x" (T, 1, I), output "y"."""
    rng = np.random.default_rng(seed)
    nodes, initializers, current, width = [], [], "x", I
    for l, (kind, H, direction, lbr) in enumerate(specs):
        D = 2 if direction == "bidirectional" else 1
        W, R, B = layer_tensors(rng, kind, D, width, H, dtype, scale, bias)
        names = [f"W{l}", f"R{l}"] + ([f"B{l}"] if B is not None else [])
        initializers += [numpy_helper.from_array(a, n) for a, n in zip((W, R, B), names) if a is not None]
        options = {"hidden_size": H, "direction": direction}
        if kind == "GRU":
            options["linear_before_reset"] = lbr
        nodes.append(helper.make_node(kind, [current, *names], [f"Y{l}", f"Y{l}_h"], name=f"{kind.lower()}{l}",
                                      **options))
        current, width = join(nodes, initializers, f"Y{l}", D, f"X{l + 1}" if l + 1 < len(specs) else "y"), D * H
    element = ELEMENT[dtype]
    graph = helper.make_graph(nodes, "chain", [helper.make_tensor_value_info("x", element, ["T", 1, I])],
                              [helper.make_tensor_value_info("y", element, ["T", 1, width])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="gru_viz tests")
    onnx.checker.check_model(model)
    return model


def join(nodes, initializers, Y, D, out):
    """Y (T, D, B, H) to (T, B, D*H), as exporters do: Squeeze of the direction axis, or Transpose
    and Reshape."""
    if D == 1:
        initializers.append(numpy_helper.from_array(np.array([1], dtype=np.int64), f"{Y}_axis"))
        nodes.append(helper.make_node("Squeeze", [Y, f"{Y}_axis"], [out]))
    else:
        initializers.append(numpy_helper.from_array(np.array([0, 0, -1], dtype=np.int64), f"{Y}_shape"))
        nodes.append(helper.make_node("Transpose", [Y], [f"{Y}_t"], perm=[0, 2, 1, 3]))
        nodes.append(helper.make_node("Reshape", [f"{Y}_t", f"{Y}_shape"], [out]))
    return out


def reference(model, x):
    """The graph's output for x (T, I), from the ONNX project's reference evaluator (any dtype)."""
    from onnx.reference import ReferenceEvaluator

    (y,) = ReferenceEvaluator(model).run(None, {"x": x[:, None, :]})
    return y[:, 0, :]


def runtime(model, x):
    """The graph's output for x (T, I), from onnxruntime (float32 graphs: its GRU has no double kernel)."""
    import onnxruntime

    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (y,) = session.run(None, {"x": x[:, None, :]})
    return y[:, 0, :]


def make_external(graph):
    """Point the graph's second tensor at an external data file (which a reader must never open)."""
    tensor = graph.initializer[1]
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    tensor.external_data.add(key="location", value="/etc/passwd")


def declaring(dims):
    """A change that makes W0 declare `dims`, with the data it had."""
    def change(graph):
        tensor = next(t for t in graph.initializer if t.name == "W0")
        del tensor.dims[:]
        tensor.dims.extend(dims)
    return change


def whole(specs, vocabulary=12, E=3, classes=4, seed=0):
    """stack(specs) with an embedding in front (Gather of a stored table by the int64 input "ids",
    (T, 1)) and a head after it (MatMul, Add, Softmax at every step): output "p" (T, 1, classes)."""
    model = stack(specs, I=E, seed=seed)
    graph, rng = model.graph, np.random.default_rng(seed + 100)
    width = graph.output[0].type.tensor_type.shape.dim[2].dim_value
    graph.initializer.extend([numpy_helper.from_array(rng.uniform(-1, 1, (vocabulary, E)), "table"),
                              numpy_helper.from_array(rng.uniform(-1, 1, (width, classes)), "head_w"),
                              numpy_helper.from_array(rng.uniform(-1, 1, classes), "head_b")])
    nodes = [helper.make_node("Gather", ["table", "ids"], ["x"]), *graph.node,
             helper.make_node("MatMul", ["y", "head_w"], ["logits"]),
             helper.make_node("Add", ["logits", "head_b"], ["scores"]),
             helper.make_node("Softmax", ["scores"], ["p"], axis=-1)]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.input[:]
    graph.input.append(helper.make_tensor_value_info("ids", TensorProto.INT64, ["T", 1]))
    del graph.output[:]
    graph.output.append(helper.make_tensor_value_info("p", TensorProto.DOUBLE, ["T", 1, classes]))
    onnx.checker.check_model(model)
    return model
