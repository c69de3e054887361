"""The shipped examples in examples/ load and reproduce the outputs PyTorch and Keras computed.

The PyTorch files (and the ONNX file torch exported) hold torch's float32 weights; their reference
outputs are torch's, in float64, for those very weights (tests/reference/make_examples.py and
make_onnx.py), hence 1e-12. The Keras reset_after=False
example is compared at 1e-6: Keras' torch backend runs that cell's ops.matmul in float32 (see
tests/weights/test_keras.py).
"""

import numpy as np
import pytest

import gru_viz
from gru_viz.weights import read_weights
from tests.weights.support import EXAMPLES, load_npz

# file: (framework, layers, directions, reset, tolerance)
SHIPPED = {
    "pytorch_gru.safetensors": ("PyTorch", 1, 1, "after", 1e-12),
    "pytorch_gru_2layer_bidir.safetensors": ("PyTorch", 2, 2, "after", 1e-12),
    "keras_gru_reset_after.keras": ("Keras", 1, 1, "after", 1e-12),
    "keras_gru_reset_before.keras": ("Keras", 1, 1, "before", 1e-6),
    "onnx_gru_2layer_bidir.onnx": ("ONNX", 2, 2, "after", 1e-12),
}


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_example_reproduces_its_frameworks_outputs(name):
    framework, num_layers, directions, reset, tolerance = SHIPPED[name]
    ref = load_npz(EXAMPLES / f"{name.split('.')[0]}_outputs.npz")
    found = read_weights(EXAMPLES / name)
    summary = found.summary()
    assert (summary["framework"], summary["layers"], summary["directions"]) == (framework, num_layers, directions)
    assert (summary["input_size"], summary["hidden_size"], summary["reset"]) == (3, 4, reset)
    assert summary["z_convention"] == "keeps_old"
    trace = found.model.run(ref["x"])
    np.testing.assert_allclose(trace.output, ref["output"], rtol=0, atol=tolerance)
    np.testing.assert_allclose(trace.h_n, ref["h_n"], rtol=0, atol=tolerance)


def test_examples_folder_holds_the_examples_named_in_its_readme_and_is_small():
    framework_files = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".safetensors", ".keras", ".onnx"))
    assert framework_files == sorted(SHIPPED)  # the pretrained model is the lessons', tested in tests/train
    readme = (EXAMPLES / "README.md").read_text()
    assert all(f"`{name}`" in readme for name in SHIPPED)
    assert all(p.stat().st_size < 32_000 for p in EXAMPLES.iterdir())


def test_the_two_keras_examples_differ_where_the_reset_gate_sits():
    after = gru_viz.load_weights(EXAMPLES / "keras_gru_reset_after.keras")
    before = gru_viz.load_weights(EXAMPLES / "keras_gru_reset_before.keras")
    assert (after.reset, before.reset) == ("after", "before")
    assert after.layers[0][0].b_hh is not None and before.layers[0][0].b_hh is None  # Keras: 2 biases vs 1
