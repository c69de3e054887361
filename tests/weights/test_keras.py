"""Keras 3 .keras and .weights.h5 files: every case reproduces Keras' own outputs.

The files and outputs come from tests/reference/make_keras.py (Keras 3.15.1, torch backend).
Tolerances, and why they differ: Keras' torch backend computes `ops.matmul` in float32 even when
every variable and input is float64 (keras.src.backend.common.dtypes.result_type("float64",
"float64") is "float32" in 3.15.1). GRU(reset_after=True) and LSTM run through torch.matmul
directly and stay float64, so they match to 1e-12. GRU(reset_after=False) and SimpleRNN run
their cells' ops.matmul: Keras' own outputs then carry float32 rounding (measured up to 1.5e-7),
and are compared at 1e-6. gru_float32 is a float32 model throughout: same tolerance, same reason.
"""

import json

import h5py
import numpy as np
import pytest

import gru_viz
from gru_viz.weights import model_bytes, read_outline, read_weights
from tests.weights.support import KERAS, keras_members, load_npz, zip_bytes

FLOAT64 = 1e-12
FLOAT32_MATMUL = 1e-6
KEEPS = "z_convention='keeps_old'"
# case: (cell, layers, directions, reset, tolerance)
CASES = {
    "gru_reset_after": ("GRU", 1, 1, "after", FLOAT64),
    "gru_no_bias": ("GRU", 1, 1, "after", FLOAT64),
    "gru_stacked_head": ("GRU", 3, 1, "after", FLOAT64),
    "gru_last_state": ("GRU", 2, 1, "after", FLOAT64),
    "bidir_gru": ("GRU", 1, 2, "after", FLOAT64),
    "lstm": ("LSTM", 1, 1, None, FLOAT64),
    "bidir_lstm_stacked": ("LSTM", 2, 2, None, FLOAT64),
    "gru_reset_before": ("GRU", 1, 1, "before", FLOAT32_MATMUL),
    "gru_before_stacked": ("GRU", 2, 1, "before", FLOAT32_MATMUL),
    "bidir_gru_before": ("GRU", 1, 2, "before", FLOAT32_MATMUL),
    "simple_rnn": ("RNN", 1, 1, None, FLOAT32_MATMUL),
    "bidir_rnn_stacked": ("RNN", 2, 2, None, FLOAT32_MATMUL),
    "gru_float32": ("GRU", 1, 1, "after", FLOAT32_MATMUL),
}
SUFFIXES = [".keras", ".weights.h5"]


def keras_bytes(name, edit=None, drop=()):
    """The .keras file of a case, with its config.json edited by edit(config) and members dropped."""
    members = keras_members(name)
    if edit is not None:
        config = json.loads(members["config.json"])
        edit(config)
        members["config.json"] = json.dumps(config).encode()
    return zip_bytes({k: v for k, v in members.items() if k not in drop})


def layer_configs(config):
    return config["config"]["layers"]


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("name", CASES)
def test_keras_file_reproduces_keras_outputs(name, suffix):
    cell, num_layers, directions, reset, tolerance = CASES[name]
    ref = load_npz(KERAS / f"{name}.npz")
    found = read_weights(KERAS / f"{name}{suffix}")
    model = found.model
    assert (type(model).__name__, model.num_layers, model.num_directions) == (cell, num_layers, directions)
    if cell == "GRU":
        assert (model.reset, model.z_convention) == (reset, "keeps_old")
    output = model.run(ref["x"]).output
    if ref["output"].ndim == 1:  # return_sequences=False: Keras gives the last step only
        output = output[-1]
    np.testing.assert_allclose(output, ref["output"], rtol=0, atol=tolerance)
    assert found.stored_parameters == ref["num_parameters"]
    assert (found.form, found.container) == ("keras", "keras" if suffix == ".keras" else "hdf5")


# Stacks whose layers differ (gru_viz.Stack): case -> (its repr, tolerance). mixed_kinds_widths
# holds a GRU(reset_after=False) and a SimpleRNN, whose cells Keras multiplies in float32.
MIXED = {
    "mixed_bidir_then_gru": (f"Stack(GRU(3 -> 2x4, reset='after', {KEEPS}), GRU(8 -> 4, reset='after', {KEEPS}))",
                             FLOAT64),
    "mixed_kinds_widths": (f"Stack(LSTM(3 -> 2x3), GRU(6 -> 5, reset='before', {KEEPS}), RNN(5 -> 2))",
                           FLOAT32_MATMUL),
}


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("name", MIXED)
def test_a_keras_stack_of_layers_that_differ_reproduces_keras(name, suffix):
    """The course notebook's Sequential([Input, Bidirectional(GRU(4, return_sequences=True)),
    GRU(4, return_sequences=True)]), and a stack of three kinds and widths, from .keras (the config's
    order) and from .weights.h5 (the order their shapes imply)."""
    layers, tolerance = MIXED[name]
    ref = load_npz(KERAS / f"{name}.npz")
    found = read_weights(KERAS / f"{name}{suffix}")
    assert repr(found.model) == layers
    np.testing.assert_allclose(found.model.run(ref["x"]).output, ref["output"], rtol=0, atol=tolerance)
    assert found.stored_parameters == ref["num_parameters"]
    assert read_outline(KERAS / f"{name}{suffix}").summary() == found.summary()
    if suffix == ".weights.h5":
        assert any("order taken from their shapes" in note for note in found.notes)


@pytest.mark.parametrize("name", ["gru_reset_after", "gru_reset_before", "lstm", "simple_rnn", "bidir_gru"])
def test_stored_parameters_are_kerass_count(name):
    cell, num_layers, directions, reset, _ = CASES[name]
    summary = read_weights(KERAS / f"{name}.keras").summary()
    expected = gru_viz.parameter_count({"GRU": "gru", "LSTM": "lstm", "RNN": "rnn"}[cell], summary["input_size"],
                                       summary["hidden_size"], num_layers, directions == 2, framework="keras",
                                       reset_after=reset == "after")
    assert summary["stored_parameters"] == expected
    assert summary["framework"] == "Keras"
    assert summary["framework_layer"] == {"GRU": "GRU", "LSTM": "LSTM", "RNN": "SimpleRNN"}[cell]


def test_notes_say_whether_the_config_or_the_shapes_were_used_and_what_was_ignored():
    with_config = read_weights(KERAS / "gru_stacked_head.keras").notes
    assert any("config.json" in n for n in with_config)
    assert any("ignored layers" in n and "dense" in n for n in with_config)
    assert any("Keras 3.15.1" in n for n in with_config)
    inferred = read_weights(KERAS / "gru_stacked_head.weights.h5").notes
    assert any("no config.json" in n and "inferred" in n for n in inferred)
    assert any("reset_after=True" in n and "keeps_old" in n for n in inferred)


@pytest.mark.parametrize("name", ["gru_reset_after", "gru_reset_before", "bidir_lstm_stacked", "bidir_rnn_stacked"])
def test_a_keras_model_saved_by_gru_viz_loads_back_identical(name):
    model = gru_viz.load_weights(KERAS / f"{name}.keras")
    again = read_weights(model_bytes(model))
    assert again.form == ("seed" if getattr(model, "reset", None) == "before" else "pytorch")
    x = load_npz(KERAS / f"{name}.npz")["x"]
    np.testing.assert_allclose(again.model.run(x).output, model.run(x).output, rtol=0, atol=1e-15)


def test_keras_file_object_is_read():
    with open(KERAS / "lstm.keras", "rb") as handle:
        assert isinstance(gru_viz.load_weights(handle), gru_viz.LSTM)


def set_in_first(cls, key, value):
    def edit(config):
        for layer in layer_configs(config):
            if layer["class_name"] == cls:
                layer["config"][key] = value
                return
    return edit


@pytest.mark.parametrize("name, edit, message", [
    ("gru_reset_after", set_in_first("GRU", "activation", "relu"), "activation='relu'"),
    ("lstm", set_in_first("LSTM", "recurrent_activation", "hard_sigmoid"), "recurrent_activation='hard_sigmoid'"),
    ("bidir_gru", set_in_first("Bidirectional", "merge_mode", "sum"), "merge_mode='sum'"),
    ("gru_reset_after", set_in_first("GRU", "go_backwards", True), "go_backwards"),
    ("gru_reset_after", set_in_first("GRU", "reset_after", False), "reset_after=False"),
    ("gru_reset_after", set_in_first("GRU", "units", 5), "5 units"),
    ("gru_last_state", lambda c: layer_configs(c)[2]["inbound_nodes"][0]["args"][0]["config"].update(
        keras_history=[layer_configs(c)[0]["name"], 0, 0]), "must form one stack"),
    ("gru_reset_after", lambda c: c.update(class_name="MyModel"), "subclassed"),
    ("gru_reset_after", lambda c: c["config"].update(layers=[layer_configs(c)[0]]), "no GRU, LSTM or SimpleRNN"),
    ("gru_reset_after", lambda c: c["config"].update(layers="many"), "'layers' of type list"),
])
def test_configs_we_cannot_run_are_refused_naming_the_setting(name, edit, message):
    with pytest.raises(gru_viz.WeightsError, match=message):
        gru_viz.load_weights(keras_bytes(name, edit))


def test_a_layer_between_recurrent_layers_is_refused():
    def dense_between(config):
        layer = next(l for l in layer_configs(config) if l["class_name"] == "Dropout")
        layer["class_name"] = "Dense"
    with pytest.raises(gru_viz.WeightsError, match=r"sit between recurrent layers"):
        gru_viz.load_weights(keras_bytes("gru_stacked_head", dense_between))


@pytest.mark.parametrize("drop", ["model.weights.h5", "config.json"])
def test_a_keras_archive_missing_a_member_is_refused(drop):
    with pytest.raises(gru_viz.WeightsError, match=f"no {drop}"):
        gru_viz.load_weights(keras_bytes("gru_reset_after", drop=[drop]))


def h5_bytes(datasets, top=("layers", "vars")):
    """A Keras-like weights file from {path: array}; the root holds the groups in `top`."""
    import io

    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        for name in top:
            f.require_group(name)
        for path, value in datasets.items():
            f[path] = value
    return buffer.getvalue()


def gru_vars(group, I, H, bias_shape, seed=0):
    rng = np.random.default_rng(seed)
    arrays = {f"{group}/cell/vars/0": rng.normal(size=(I, 3 * H)), f"{group}/cell/vars/1": rng.normal(size=(H, 3 * H))}
    if bias_shape is not None:
        arrays[f"{group}/cell/vars/2"] = rng.normal(size=bias_shape)
    return arrays


def rnn_vars(group, I, H, seed=1):
    rng = np.random.default_rng(seed)
    return {f"{group}/cell/vars/0": rng.normal(size=(I, H)), f"{group}/cell/vars/1": rng.normal(size=(H, H)),
            f"{group}/cell/vars/2": rng.normal(size=H)}


@pytest.mark.parametrize("datasets, layers, groups", [
    ({**gru_vars("layers/gru", 3, 4, (2, 12)), **gru_vars("layers/gru_1", 4, 5, (2, 15))},
     f"Stack(GRU(3 -> 4, reset='after', {KEEPS}), GRU(4 -> 5, reset='after', {KEEPS}))", ("gru", "gru_1")),
    ({**gru_vars("layers/gru", 3, 4, (2, 12)), **gru_vars("layers/gru_1", 4, 4, (12,))},
     f"Stack(GRU(3 -> 4, reset='after', {KEEPS}), GRU(4 -> 4, reset='before', {KEEPS}))", ("gru", "gru_1")),
    ({**rnn_vars("layers/simple_rnn", 5, 3), **gru_vars("layers/gru", 3, 4, (2, 12))},
     f"Stack(RNN(5 -> 3), GRU(3 -> 4, reset='after', {KEEPS}))", ("simple_rnn", "gru")),
])
def test_weights_files_of_layers_that_differ_load_as_a_stack_in_the_order_their_shapes_imply(datasets, layers,
                                                                                               groups):
    """Without config.json, layers of different kinds have no order in their names: the one order
    in which each layer reads what the one before gives is taken, each layer with its own group's
    weights, and the notes say so."""
    from gru_viz.weights.keras import torch_rows

    found = read_weights(h5_bytes(datasets))
    assert repr(found.model) == layers
    for layer, group in zip(found.model.layers, groups):
        recurrent = datasets[f"layers/{group}/cell/vars/1"]
        np.testing.assert_array_equal(layer.layers[0][0].W_hh, torch_rows(recurrent, layer.num_gates))
    if "simple_rnn" in groups:  # two kinds: the shapes gave the order, and the notes say so
        assert any(" → ".join(groups) in note for note in found.notes)


@pytest.mark.parametrize("datasets, message", [
    ({**gru_vars("layers/gru", 4, 4, (2, 12)), **rnn_vars("layers/simple_rnn", 4, 4)}, "2 orders fit"),
    ({**gru_vars("layers/gru", 3, 4, (2, 12)), **rnn_vars("layers/simple_rnn", 5, 5)}, "do not chain"),
    ({**gru_vars("layers/gru", 3, 4, (2, 12)), **gru_vars("layers/lstm", 4, 4, (12,))}, "a LSTM has 4"),
    ({**gru_vars("layers/gru", 3, 4, (2, 12)), **gru_vars("layers/gru_2", 4, 4, (2, 12))}, None),
    (gru_vars("layers/gru", 3, 4, (3, 12)), r"bias\) has the shape \(3, 12\)"),
    ({**gru_vars("layers/gru", 3, 4, (2, 12)), "layers/gru/cell/vars/3": np.ones(2)}, "holds variables"),
    ({**gru_vars("layers/gru", 3, 4, (2, 12)), "layers/gru/vars/0": np.ones(2)}, "outside its cell"),
    ({**gru_vars("layers/gru", 3, 4, (2, 12)), **gru_vars("layers/functional/layers/gru", 4, 4, (12,))},
     "not part of the stack"),
    ({"layers/dense/vars/0": np.ones((3, 2))}, "no gru, lstm, simple_rnn or bidirectional"),
    ({**gru_vars("layers/gru", 3, 4, (2, 12)), "layers/gru/cell/vars/0": np.ones((3, 12), dtype=np.int32)},
     "stored as int32"),
])
def test_weights_files_without_config_are_read_by_shape_or_refused(datasets, message):
    data = h5_bytes(datasets)
    if message is None:  # gru then gru_2: the order is by number; not every number needs to be there
        assert gru_viz.load_weights(data).num_layers == 2
        return
    with pytest.raises(gru_viz.WeightsError, match=message):
        gru_viz.load_weights(data)


def test_no_bias_gru_without_config_assumes_kerass_default_and_says_so():
    found = read_weights(h5_bytes(gru_vars("layers/gru", 3, 4, None)))
    assert found.model.reset == "after"
    assert any("reset_after=True assumed" in n for n in found.notes)


@pytest.mark.parametrize("top, message", [
    (("layers", "vars", "extra"), "at its root"),
    (("model_weights",), "legacy Keras .h5"),
])
def test_hdf5_files_that_are_not_keras_3_weights_are_refused(top, message):
    with pytest.raises(gru_viz.WeightsError, match=message):
        gru_viz.load_weights(h5_bytes(gru_vars("layers/gru", 3, 4, (2, 12)), top=top))
