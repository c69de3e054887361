"""ONNX files: chains of GRU, LSTM and RNN nodes load exactly, in ONNX's own conventions.

The graphs are built here with the onnx package (tests/weights/onnx_graphs.py) and run by two
independent references: the ONNX project's reference evaluator for float64 graphs (onnxruntime's
GRU has no double kernel), at 1e-12, and onnxruntime for float32 graphs, at 1e-5. The contract:
`gru_viz.load_weights(path).run(x).output` equals the graph's output, each layer's Y (T, D, 1, H)
reshaped to (T, 1, D*H) for the next.
"""

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

import gru_viz
from gru_viz.weights import read_outline, read_weights
from gru_viz.weights.source import sniff
from tests.weights.onnx_graphs import chain, declaring, make_external, reference, runtime, stack, whole
from tests.weights.support import DATA, EXAMPLES, load_npz

SHAPES = [("GRU", 0), ("GRU", 1), ("LSTM", 0), ("RNN", 0)]


def inputs(I=3, T=9, seed=1, dtype=np.float64):
    return np.random.default_rng(seed).normal(size=(T, I)).astype(dtype)


@pytest.mark.parametrize("layers", [1, 2, 3])
@pytest.mark.parametrize("direction", ["forward", "bidirectional"])
@pytest.mark.parametrize("kind, lbr", SHAPES)
def test_a_float64_chain_reproduces_onnxs_reference_evaluator(kind, lbr, direction, layers):
    model = chain(kind, layers=layers, direction=direction, lbr=lbr, seed=layers)
    x = inputs()
    loaded = gru_viz.load_weights(model.SerializeToString())
    np.testing.assert_allclose(loaded.run(x).output, reference(model, x), rtol=0, atol=1e-12)
    assert (loaded.num_layers, loaded.bidirectional) == (layers, direction == "bidirectional")


@pytest.mark.parametrize("direction", ["forward", "bidirectional"])
@pytest.mark.parametrize("kind, lbr", SHAPES)
def test_a_float32_chain_reproduces_onnxruntime(kind, lbr, direction):
    model = chain(kind, layers=2, direction=direction, lbr=lbr, dtype=np.float32, seed=7)
    x = inputs(dtype=np.float32)
    out = gru_viz.load_weights(model.SerializeToString()).run(x).output
    np.testing.assert_allclose(out, runtime(model, x), rtol=0, atol=1e-5)


MIXED = {
    "bidirectional GRU then GRU": [("GRU", 4, "bidirectional", 1), ("GRU", 4, "forward", 1)],
    "GRU, LSTM and RNN, three widths": [("GRU", 5, "forward", 0), ("LSTM", 3, "bidirectional", 0),
                                        ("RNN", 6, "forward", 0)],
    "the reset before, then after": [("GRU", 4, "forward", 0), ("GRU", 4, "forward", 1)],
}


@pytest.mark.parametrize("name", MIXED)
def test_a_stack_whose_layers_differ_reproduces_both_references(name):
    """Layers that differ in kind, width, direction or reset position load as a gru_viz.Stack."""
    x = inputs()
    model = stack(MIXED[name], seed=5)
    loaded = read_weights(model.SerializeToString())
    assert isinstance(loaded.model, gru_viz.Stack) and loaded.model.num_layers == len(MIXED[name])
    np.testing.assert_allclose(loaded.model.run(x).output, reference(model, x), rtol=0, atol=1e-12)
    single = stack(MIXED[name], dtype=np.float32, seed=6)
    out = gru_viz.load_weights(single.SerializeToString()).run(x.astype(np.float32)).output
    np.testing.assert_allclose(out, runtime(single, x.astype(np.float32)), rtol=0, atol=1e-5)
    assert read_outline(model.SerializeToString()).summary() == loaded.summary()
    assert loaded.summary()["hidden_size"] == ", ".join(str(spec[1]) for spec in MIXED[name])


@pytest.mark.filterwarnings("ignore:overflow encountered in exp")  # the reference evaluator's own sigmoid
@pytest.mark.parametrize("kind, lbr", SHAPES)
def test_without_biases_and_at_saturating_weights(kind, lbr):
    """No B input (ONNX's zeros), and weights near 1e6: no NaN, gates in [0, 1], still the reference."""
    for model in (chain(kind, lbr=lbr, bias=False), chain(kind, lbr=lbr, scale=1e6, seed=3)):
        x = inputs()
        trace = gru_viz.load_weights(model.SerializeToString()).run(x)
        np.testing.assert_allclose(trace.output, reference(model, x), rtol=0, atol=1e-12)
        assert np.all(np.isfinite(trace.output))


def test_onnxs_conventions_are_named_and_kept():
    """A GRU keeps ONNX's z (it keeps the old state) and its reset position; the summary says so."""
    for lbr, reset in ((0, "before"), (1, "after")):
        loaded = read_weights(chain("GRU", lbr=lbr).SerializeToString())
        assert (loaded.model.reset, loaded.model.z_convention) == (reset, "keeps_old")
        summary = loaded.summary()
        assert (summary["framework"], summary["container"], summary["cell"]) == ("ONNX", "onnx", "GRU")
        assert any(f"linear_before_reset={lbr}" in note and "z, r, h" in note for note in loaded.notes)
        assert summary["stored_parameters"] == 3 * 4 * (3 + 4) + 6 * 4
        assert read_outline(chain("GRU", lbr=lbr).SerializeToString()).summary() == summary


def test_the_convention_table_says_what_an_onnx_file_holds():
    """The convention page's ONNX rows (lessons/frameworks.py) count what the reader finds stored,
    and name the reset position the reader gives the model."""
    from lessons.frameworks import convention_rows

    rows = {r["who"]: r for r in convention_rows(3, 4)}
    for lbr, who in ((0, "ONNX GRU, linear_before_reset=0 (the default)"), (1, "ONNX GRU, linear_before_reset=1")):
        loaded = read_weights(chain("GRU", lbr=lbr).SerializeToString())
        assert rows[who]["parameters"] == loaded.stored_parameters
        assert rows[who]["reset"] == f"{loaded.model.reset} W_hn"
        assert rows[who]["z multiplies"].startswith("h₋₁")  # ONNX's z keeps the old state


def test_the_gate_blocks_are_reordered_from_onnxs_order():
    """ONNX's GRU stores z first; gru_viz (PyTorch's order) r first: W's first block becomes z's."""
    model = chain("GRU")
    W = numpy_helper.to_array(next(t for t in model.graph.initializer if t.name == "W0"))[0]
    cell = gru_viz.load_weights(model.SerializeToString()).layers[0][0]
    W_r, W_z, W_n = cell.blocks("W_ih")
    np.testing.assert_array_equal(W_z, W[0:4])
    np.testing.assert_array_equal(W_r, W[4:8])
    np.testing.assert_array_equal(W_n, W[8:12])


def test_an_onnx_file_is_told_by_its_bytes_and_loads_from_a_path(tmp_path):
    data = chain("LSTM").SerializeToString()
    assert sniff(data) == "onnx"
    path = tmp_path / "renamed.bin"  # the name says nothing
    path.write_bytes(data)
    assert gru_viz.load_weights(path) == gru_viz.load_weights(data)


def test_ops_around_the_stack_are_noted_not_read():
    """An embedding in front (Gather) and a head after (MatMul, Add, Softmax) load: the stack alone."""
    model = chain("GRU", layers=2)
    graph = model.graph
    graph.initializer.append(numpy_helper.from_array(np.ones((4, 2)), "head_w"))
    graph.node.extend([helper.make_node("MatMul", ["y", "head_w"], ["logits"]),
                       helper.make_node("Softmax", ["logits"], ["p"], axis=-1)])
    loaded = read_weights(model.SerializeToString())
    assert loaded.model.num_layers == 2
    assert any("MatMul, Softmax" in note for note in loaded.notes)


def edited(model, change):
    change(model.graph)
    return model.SerializeToString()


def refused(data, pattern):
    with pytest.raises(gru_viz.WeightsError, match=pattern):
        gru_viz.load_weights(data)
    with pytest.raises(gru_viz.WeightsError, match=pattern):
        read_outline(data)


def test_an_op_outside_the_supported_set_is_named():
    def add_conv(graph):
        graph.node.append(helper.make_node("Conv", ["y", "W0"], ["conv"]))

    refused(edited(chain("GRU"), add_conv), "op 'Conv'")


def test_an_op_of_another_domain_is_refused():
    def add_custom(graph):
        graph.node.append(helper.make_node("Fancy", ["y"], ["z"], domain="com.example"))

    refused(edited(chain("GRU"), add_custom), "'Fancy' of domain 'com.example'")


def test_a_loop_in_the_graph_is_refused():
    def close_the_loop(graph):
        graph.node[0].input[0] = "y"  # the GRU reads what its own Squeeze makes of it

    refused(edited(chain("GRU"), close_the_loop), "form a loop")


def test_external_data_is_refused_unread():
    refused(edited(chain("GRU"), make_external), "external data file")


def test_a_declared_2_pow_40_elements_costs_nothing():
    refused(edited(chain("GRU"), declaring([1, 2**20, 2**20])), "1,099,511,627,776 elements")


def test_a_truncated_file_is_refused():
    data = chain("GRU", layers=2).SerializeToString()
    for cut in (len(data) // 2, len(data) - 3, 40):
        with pytest.raises(gru_viz.WeightsError):
            gru_viz.load_weights(data[:cut])


def test_what_the_explorer_does_not_compute_is_refused_by_name():
    cases = {
        "runs in reverse only": chain("GRU", direction="reverse"),
        "activations": chain("GRU"),
        "clips": chain("LSTM"),
        "input_forget=1": chain("LSTM"),
    }
    cases["activations"].graph.node[0].attribute.append(helper.make_attribute("activations", ["Relu", "Tanh"]))
    cases["clips"].graph.node[0].attribute.append(helper.make_attribute("clip", 3.0))
    cases["input_forget=1"].graph.node[0].attribute.append(helper.make_attribute("input_forget", 1))
    for pattern, model in cases.items():
        refused(model.SerializeToString(), pattern)


def test_a_node_that_reads_the_final_state_is_not_a_stack():
    def read_y_h(graph):
        second = next(n for n in graph.node if n.name == "gru1")
        second.input[0] = "Y0_h"  # (D, B, H): the first layer's last state, not its sequence

    refused(edited(chain("GRU", layers=2), read_y_h), "does not read the Y output")


def test_limits_apply_before_weights_are_read():
    data = chain("GRU", layers=3).SerializeToString()
    with pytest.raises(gru_viz.WeightsError, match="3 layers, above the limit of 2"):
        gru_viz.load_weights(data, limits=gru_viz.Limits(max_layers=2))
    with pytest.raises(gru_viz.WeightsError, match="hidden size is 4, above the limit of 3"):
        gru_viz.load_weights(data, limits=gru_viz.Limits(max_size=3))


@pytest.mark.parametrize("path", [EXAMPLES / "onnx_gru_2layer_bidir.onnx", DATA / "torchscript_export_lstm.onnx"])
def test_what_torch_exports_reproduces_torch_and_onnxruntime(path):
    """torch.onnx.export's files (tests/reference/make_onnx.py): the one torch exports by default,
    and the older TorchScript exporter's, whose initial states are built in the graph. torch's own
    float64 outputs for those float32 weights at 1e-12; onnxruntime running the file at 1e-5."""
    ref = load_npz(path.with_name(path.name.removesuffix(".onnx") + "_outputs.npz"))
    trace = gru_viz.load_weights(path).run(ref["x"])
    np.testing.assert_allclose(trace.output, ref["output"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(trace.h_n, ref["h_n"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(trace.output, runtime(onnx.load(path), ref["x"].astype(np.float32)), rtol=0, atol=1e-5)


def test_between_layers_only_ops_that_keep_the_values_are_followed():
    """A Slice (here: every step, backwards), a ConstantOfShape or a Transpose that mixes steps and
    features between two layers changes what the next layer reads: refused, not loaded wrong."""
    def between(make):
        model = chain("GRU", layers=2)
        graph = model.graph
        second = next(n for n in graph.node if n.name == "gru1")
        extra = make(graph)
        second.input[0] = extra[-1].output[0]
        graph.node.extend(extra)
        return model.SerializeToString()

    def sliced(graph):
        graph.initializer.extend([numpy_helper.from_array(np.array(v, dtype=np.int64), n) for v, n in
                                  (([-1], "starts"), ([-(2**62)], "ends"), ([0], "axes"), ([-1], "steps"))])
        return [helper.make_node("Slice", ["X1", "starts", "ends", "axes", "steps"], ["reversed"])]

    def constant(graph):
        return [helper.make_node("Shape", ["X1"], ["shape"]),
                helper.make_node("ConstantOfShape", ["shape"], ["zeros"],
                                 value=helper.make_tensor("v", TensorProto.DOUBLE, [1], [0.5]))]

    def mixed_axes(graph):
        return [helper.make_node("Transpose", ["Y0"], ["mixed"], perm=[3, 1, 2, 0]),
                helper.make_node("Squeeze", ["mixed", "Y0_axis"], ["mixed_x"])]

    for make in (sliced, constant, mixed_axes):
        refused(between(make), "through shape ops that keep its values")


def test_a_long_chain_of_glue_and_a_node_with_no_outputs_are_read_without_a_crash():
    model = chain("GRU", layers=2)
    graph = model.graph
    second = next(n for n in graph.node if n.name == "gru1")
    names = ["X1"] + [f"id{k}" for k in range(3000)]
    second.input[0] = names[-1]
    nodes = list(graph.node)
    at = nodes.index(second)  # in the graph's order too: the reference evaluator runs nodes as listed
    del graph.node[:]
    graph.node.extend(nodes[:at] + [helper.make_node("Identity", [a], [b]) for a, b in zip(names, names[1:])]
                      + nodes[at:])
    x = inputs()
    np.testing.assert_allclose(gru_viz.load_weights(model.SerializeToString()).run(x).output, reference(model, x),
                               rtol=0, atol=1e-12)
    lone = chain("GRU")
    del lone.graph.node[0].output[:]
    lone.graph.node[0].name = ""
    assert gru_viz.load_weights(lone.SerializeToString()).num_layers == 1


def test_load_model_reads_an_onnx_embedding_and_head_as_the_reference_runs_them():
    """Gather of a stored table before the stack, MatMul, Add and Softmax after it: predict gives
    the graph's own output at every step (ONNX's reference evaluator, float64)."""
    from onnx.reference import ReferenceEvaluator

    model = whole([("GRU", 4, "bidirectional", 1), ("LSTM", 3, "forward", 0)])
    ids = np.array([3, 0, 11, 5, 5, 2], dtype=np.int64)
    (expected,) = ReferenceEvaluator(model).run(None, {"ids": ids[:, None]})
    loaded = gru_viz.load_model(model.SerializeToString())
    np.testing.assert_allclose(loaded.predict(ids), expected[:, 0], rtol=0, atol=1e-12)
    assert [layer.activation for layer in loaded.head] == ["softmax"]
    assert loaded.embedding.table.shape == (12, 3)


def test_a_head_load_model_cannot_read_exactly_stops_there_and_says_so():
    """The weights first (MatMul(W, y)), a Gemm with beta != 1 or a Softmax over another axis would be
    read as something else: the head stops before them, and the notes name the op."""
    def changed(edit):
        model = whole([("GRU", 4, "forward", 0)])
        edit(model.graph)
        return gru_viz.load_model(model.SerializeToString())

    def weights_first(graph):
        matmul = next(n for n in graph.node if n.op_type == "MatMul")
        matmul.input[0], matmul.input[1] = matmul.input[1], matmul.input[0]

    def other_axis(graph):
        softmax = next(n for n in graph.node if n.op_type == "Softmax")
        del softmax.attribute[:]
        softmax.attribute.append(helper.make_attribute("axis", 0))

    def gemm_beta(graph):
        matmul = next(n for n in graph.node if n.op_type == "MatMul")
        matmul.op_type = "Gemm"
        matmul.attribute.append(helper.make_attribute("beta", 2.0))

    first = changed(weights_first)
    assert first.head == () and any("'MatMul'" in note and "does not read" in note for note in first.notes)
    axis = changed(other_axis)
    assert [layer.activation for layer in axis.head] == ["linear"] and any("'Softmax'" in n for n in axis.notes)
    assert changed(gemm_beta).head == ()
