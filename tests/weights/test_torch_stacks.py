"""PyTorch state_dicts of several recurrent modules load as one stack, in the order their names and
shapes imply (gru_viz/weights/pytorch_names.py, chain_order.py).

The files and torch's outputs come from tests/reference/make_torch_stacks.py (torch 2.13.0):
float32 weights, outputs computed by torch in float64 for those very weights, hence 1e-12.
"""

import numpy as np
import pytest
from safetensors.numpy import save as safetensors_bytes

import gru_viz
from gru_viz.weights import read_outline, read_weights
from tests.weights.support import DATA, load_npz

KEEPS = "z_convention='keeps_old'"
FILES = {
    "torch_stack_gru_lstm": f"Stack(GRU(3 -> 2x4, reset='after', {KEEPS}), LSTM(8 -> 5))",
    "torch_stack_unnumbered": f"Stack(GRU(3 -> 4, reset='after', {KEEPS}), RNN(4 -> 6))",
    "torch_stack_alike": "GRU(input_size=4, hidden_size=4, layers=2, bidirectional=False, reset='after', "
                         f"{KEEPS})",
}


@pytest.mark.parametrize("name", FILES)
def test_a_state_dict_of_several_modules_reproduces_torch(name):
    found = read_weights(DATA / f"{name}.safetensors")
    ref = load_npz(DATA / f"{name}_outputs.npz")
    assert repr(found.model) == FILES[name]
    np.testing.assert_allclose(found.model.run(ref["x"]).output, ref["output"], rtol=0, atol=1e-12)
    assert read_outline(DATA / f"{name}.safetensors").summary() == found.summary()


def test_the_notes_say_which_modules_were_read_in_which_order_and_what_was_left():
    notes = read_weights(DATA / "torch_stack_gru_lstm.safetensors").notes
    assert any("'encoder.gru1' → 'encoder.gru2', in that order" in note for note in notes)
    assert any("ignored 2 key(s)" in note and "head.weight" in note for note in notes)


def gru_keys(prefix, I, H, seed):
    rng = np.random.default_rng(seed)
    return {f"{prefix}weight_ih_l0": rng.normal(size=(3 * H, I)), f"{prefix}weight_hh_l0": rng.normal(size=(3 * H, H)),
            f"{prefix}bias_ih_l0": rng.normal(size=3 * H), f"{prefix}bias_hh_l0": rng.normal(size=3 * H)}


@pytest.mark.parametrize("arrays, message", [
    ({**gru_keys("a.", 4, 4, 0), **gru_keys("b.", 4, 4, 1)}, r"cannot be known.*2 orders fit.*rnn1, rnn2"),
    ({**gru_keys("a.", 3, 4, 0), **gru_keys("b.", 5, 4, 1)}, "do not chain"),
    ({**gru_keys("rnn1.", 4, 4, 0), **gru_keys("rnn2.", 3, 4, 1)}, "numbers and shapes disagree"),
])
def test_an_order_the_file_does_not_imply_is_refused_with_how_to_name_the_layers(arrays, message):
    with pytest.raises(gru_viz.WeightsError, match=message):
        gru_viz.load_weights(safetensors_bytes(arrays))


def test_numbered_names_order_modules_whose_shapes_allow_either_order():
    arrays = {**gru_keys("rnn2.", 4, 4, 1), **gru_keys("rnn10.", 4, 4, 2), **gru_keys("rnn1.", 3, 4, 0)}
    model = gru_viz.load_weights(safetensors_bytes(arrays))
    assert model.num_layers == 3  # rnn1, rnn2, rnn10 (by number, not by text), alike: one GRU
    np.testing.assert_array_equal(model.layers[2][0].W_ih, arrays["rnn10.weight_ih_l0"])


def test_the_last_number_in_a_module_s_name_orders_it():
    arrays = {**gru_keys("blocks.1.gru.", 4, 4, 1), **gru_keys("blocks.0.gru.", 4, 4, 0)}
    model = gru_viz.load_weights(safetensors_bytes(arrays))
    np.testing.assert_array_equal(model.layers[0][0].W_ih, arrays["blocks.0.gru.weight_ih_l0"])


def test_the_layer_limit_counts_every_module():
    arrays = {**gru_keys("rnn1.", 3, 4, 0), **gru_keys("rnn2.", 4, 4, 1), **gru_keys("rnn3.", 4, 4, 2)}
    with pytest.raises(gru_viz.WeightsError, match="3 layers, above the limit of 2"):
        gru_viz.load_weights(safetensors_bytes(arrays), limits=gru_viz.Limits(max_layers=2))
    many = {k: v for n in range(9) for k, v in gru_keys(f"m{n}.", 4, 4, n).items()}  # refused before any order
    with pytest.raises(gru_viz.WeightsError, match="9 layers, above the limit of 4"):
        gru_viz.load_weights(safetensors_bytes(many))
