"""save_weights then load_weights gives back an equal model, conventions and absent biases
included, in .safetensors and .npz; files without gru_viz's metadata load as their names say; and
metadata read from a file is checked like the rest of it (every fault a WeightsError)."""

import ast
import io
import json
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from safetensors.numpy import load as safetensors_arrays
from safetensors.numpy import save as safetensors_bytes

import gru_viz
from gru_viz.cells.weights import CellWeights
from gru_viz.weights import model_bytes, read_weights
from tests.helpers import ROOT

X = np.random.default_rng(0).normal(size=(6, 3))
SHAPES = [(1, False), (2, True)]  # (layers, bidirectional)
MODELS = {
    **{f"gru-{reset}-{z}-{L}x{2 if bidir else 1}": gru_viz.GRU.random(3, 4, L, bidir, reset=reset, z_convention=z,
                                                                   seed=L)
       for reset in ("before", "after") for z in ("takes_new", "keeps_old") for L, bidir in SHAPES},
    **{f"lstm-{L}x{2 if b else 1}": gru_viz.LSTM.random(3, 4, L, b, seed=L) for L, b in SHAPES},
    **{f"rnn-{L}x{2 if b else 1}": gru_viz.RNN.random(3, 4, L, b, seed=L) for L, b in SHAPES},
}
FORMATS = ["safetensors", "npz"]


def one_bias(model, keep):
    """model with one bias kept per cell ("b_ih" or "b_hh"), as Keras LSTM and SimpleRNN have."""
    layers = tuple(tuple(CellWeights(c.W_ih, c.W_hh, **{keep: c.b_ih}) for c in d) for d in model.layers)
    return type(model)(layers, **model._conventions())


def same_trace(a, b):
    ta, tb = a.run(X), b.run(X)
    np.testing.assert_array_equal(ta.output, tb.output)
    np.testing.assert_array_equal(ta.h_n, tb.h_n)
    for la, lb in zip(ta.cells, tb.cells):
        for ca, cb in zip(la, lb):
            for name, value in vars(ca).items():
                if isinstance(value, np.ndarray):
                    np.testing.assert_array_equal(value, getattr(cb, name), err_msg=name)
                else:
                    assert value == getattr(cb, name)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(MODELS))
def test_save_then_load_gives_an_equal_model_and_the_same_trace(tmp_path, name, fmt):
    model = MODELS[name]
    path = gru_viz.save_weights(model, tmp_path / f"model.{fmt}")
    loaded = gru_viz.load_weights(path)
    assert loaded == model, (repr(loaded), repr(model))
    assert repr(loaded) == repr(model)
    same_trace(loaded, model)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_keeps_old_gru_with_reset_before_comes_back_keeping_old(tmp_path, fmt):
    """The seed form stores z taking the new candidate; the metadata turns it back."""
    model = gru_viz.GRU.random(3, 4, reset="before", z_convention="keeps_old", seed=3)
    loaded = gru_viz.load_weights(gru_viz.save_weights(model, tmp_path / f"m.{fmt}"))
    assert (loaded.reset, loaded.z_convention) == ("before", "keeps_old")
    np.testing.assert_array_equal(loaded.run(X).cell.z, model.run(X).cell.z)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("model", [
    one_bias(gru_viz.LSTM.random(3, 4, 2, True), "b_ih"),
    one_bias(gru_viz.RNN.random(3, 4), "b_hh"),
    one_bias(gru_viz.GRU.random(3, 4, reset="after", z_convention="takes_new"), "b_hh"),
    one_bias(gru_viz.GRU.random(3, 4, reset="before"), "b_hh"),
    gru_viz.GRU(gru_viz.GRU.random(3, 4).layers, reset="after"),  # a seed-form cell moved after W_hn: no b_hh
    type(m := gru_viz.GRU.random(3, 4, 2, True))(tuple(tuple(CellWeights(c.W_ih, c.W_hh) for c in d)
                                                       for d in m.layers)),
], ids=["lstm-b_ih-only", "rnn-b_hh-only", "gru-after-b_hh-only", "gru-before-b_hh-only", "gru-after-b_ih-only",
        "gru-before-no-bias"])
def test_absent_biases_come_back_absent(tmp_path, model, fmt):
    loaded = gru_viz.load_weights(gru_viz.save_weights(model, tmp_path / f"m.{fmt}"))
    assert loaded == model
    assert loaded.num_parameters == model.num_parameters


def test_a_reset_before_gru_with_two_biases_comes_back_the_same_function_with_them_added(tmp_path):
    """The one exception (weights/metadata.py): the seed form holds one bias per gate."""
    two = gru_viz.GRU(gru_viz.GRU.random(3, 4, reset="after", seed=2).layers, reset="before", z_convention="keeps_old")
    loaded = gru_viz.load_weights(gru_viz.save_weights(two, tmp_path / "m.safetensors"))
    cell, saved = loaded.layers[0][0], two.layers[0][0]
    assert (loaded.reset, loaded.z_convention) == ("before", "keeps_old") and cell.b_hh is None
    np.testing.assert_allclose(cell.b_ih, saved.b_ih + saved.b_hh, rtol=1e-15, atol=0)
    np.testing.assert_allclose(loaded.run(X).output, two.run(X).output, rtol=0, atol=1e-15)


def test_model_save_writes_what_save_weights_writes(tmp_path):
    model = gru_viz.GRU.random(3, 4, reset="after", z_convention="takes_new")
    a = gru_viz.save_weights(model, tmp_path / "a.npz")
    b = gru_viz.save_weights(model, str(tmp_path / "b.npz"))
    assert a.read_bytes() == b.read_bytes() and gru_viz.load_weights(a) == model


def test_save_weights_refuses_another_suffix_and_a_non_model(tmp_path):
    with pytest.raises(ValueError, match=r"\.safetensors or \.npz"):
        gru_viz.save_weights(gru_viz.GRU.random(3, 4), tmp_path / "m.pt")
    with pytest.raises(TypeError, match="GRU, LSTM or RNN"):
        gru_viz.save_weights({"weight_ih_l0": np.ones((3, 2))}, tmp_path / "m.npz")


def test_the_file_holds_pytorch_names_in_pytorchs_convention_and_the_metadata_beside_them():
    model = gru_viz.GRU.random(3, 4, reset="after", z_convention="takes_new", seed=0)
    data = model_bytes(model, "safetensors")
    arrays = safetensors_arrays(data)
    assert set(arrays) == {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"}
    np.testing.assert_array_equal(arrays["weight_hh_l0"][4:8], -model.layers[0][0].W_hh[4:8])  # z keeps old
    header = json.loads(data[8 : 8 + int.from_bytes(data[:8], "little")])
    assert header["__metadata__"] == {"gru_viz.format": "1", "gru_viz.kind": "GRU", "gru_viz.reset": "after",
                                      "gru_viz.z_convention": "takes_new", "gru_viz.biases": "both"}
    with np.load(io.BytesIO(model_bytes(model, "npz")), allow_pickle=False) as npz:
        assert set(npz.files) == set(arrays)  # the .npz metadata is the archive's comment, not an array


def test_a_pytorch_file_without_metadata_keeps_pytorchs_convention():
    model = gru_viz.GRU.random(3, 4, reset="after", z_convention="takes_new", seed=0)
    plain = safetensors_bytes(safetensors_arrays(model_bytes(model, "safetensors")), metadata={"format": "pt"})
    found = read_weights(plain)
    assert (found.form, found.model.z_convention) == ("pytorch", "keeps_old")
    assert found.model == model.with_z_convention("keeps_old")


def test_an_npz_comment_that_is_not_gru_vizs_is_ignored():
    model = gru_viz.LSTM.random(3, 4)
    data = with_npz_comment(model_bytes(model, "npz"), b"exported on Tuesday")
    assert gru_viz.load_weights(data) == model


def with_npz_comment(data, comment):
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = comment
    return buffer.getvalue()


def with_metadata(model, fmt="safetensors", **changes):
    """model's file with its gru_viz metadata changed (None: the key removed)."""
    from gru_viz.weights.metadata import model_metadata

    form = "seed" if isinstance(model, gru_viz.GRU) and model.reset == "before" else "pytorch"
    metadata = model_metadata(model, form)
    for key, value in changes.items():
        if value is None:
            metadata.pop(f"gru_viz.{key}", None)
        else:
            metadata[f"gru_viz.{key}"] = value
    arrays = safetensors_arrays(model_bytes(model, "safetensors"))
    if fmt == "safetensors":
        return safetensors_bytes(arrays, metadata=metadata)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return with_npz_comment(buffer.getvalue(), b"gru_viz " + json.dumps(metadata).encode())


AFTER = gru_viz.GRU.random(3, 4, reset="after", seed=0)
BEFORE = gru_viz.GRU.random(3, 4, reset="before", seed=0)
LSTM = gru_viz.LSTM.random(3, 4, seed=0)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("model, changes, message", [
    (AFTER, {"z_convention": "sideways"}, r"z_convention='sideways'; expected one of \('takes_new', 'keeps_old'\)"),
    (AFTER, {"z_convention": None}, r"z_convention=None"),
    (AFTER, {"reset": "before"}, r"reset='before', but the arrays use PyTorch names, which mean reset='after'"),
    (BEFORE, {"reset": "after"}, r"seed-form names, which mean reset='before'"),
    (AFTER, {"reset": "x" * 5000}, r"reset='xxxxxxxx.*\.\.\.'; expected"),
    (AFTER, {"kind": "LSTM"}, r"says LSTM, but the arrays hold a GRU"),
    (AFTER, {"kind": "Transformer"}, r"names the cell 'Transformer'"),
    (AFTER, {"format": "2"}, r"format '2'.*newer gru_viz"),
    (AFTER, {"colour": "blue"}, r"unknown gru_viz metadata 'gru_viz.colour'"),
    (AFTER, {"biases": "both,both"}, r"biases='both,both'; expected one of both, ih, hh, none for each of the 1 cells"),
    (AFTER, {"biases": "ih"}, r"layer 0 has no such bias .*non-zero values"),
    (AFTER, {"biases": "none"}, r"biases='none', but the file stores both"),
    (BEFORE, {"biases": "both"}, r"two biases, but the seed form holds one per gate"),
    (LSTM, {"z_convention": "keeps_old"}, r"z_convention for an LSTM, which has none"),
], ids=lambda value: str(value)[:30])
def test_metadata_a_file_cannot_mean_is_refused_with_what_was_wrong(model, changes, message, fmt):
    with pytest.raises(gru_viz.WeightsError, match=message):
        gru_viz.load_weights(with_metadata(model, fmt, **changes))


@pytest.mark.parametrize("comment", [b"gru_viz {not json", b"gru_viz [1, 2]", b'gru_viz {"gru_viz.kind": 3}',
                                     b"gru_viz " + b"[" * 100 + b"]" * 100, b"gru_viz \xff\xfe"])
def test_a_damaged_npz_metadata_comment_is_a_weights_error(comment):
    data = with_npz_comment(model_bytes(LSTM, "npz"), comment)
    with pytest.raises(gru_viz.WeightsError, match="gru_viz metadata"):
        gru_viz.load_weights(data)


FIELD_VALUES = {"format": ["1", "2", ""], "kind": ["GRU", "LSTM", "RNN", "gru", ""],
                "reset": ["before", "after", "middle"], "z_convention": ["takes_new", "keeps_old", "takes_old"],
                "biases": ["both", "ih", "hh", "none", "both,both", "", ",", "ih,hh"]}


@settings(max_examples=150, deadline=None)
@given(model=st.sampled_from([AFTER, BEFORE, LSTM, one_bias(gru_viz.RNN.random(3, 4), "b_ih")]),
       fmt=st.sampled_from(FORMATS),
       changes=st.dictionaries(st.sampled_from(sorted(FIELD_VALUES) + ["extra"]),
                               st.none() | st.text(max_size=12), max_size=4),
       picks=st.lists(st.integers(0, 7), min_size=6, max_size=6))
def test_any_gru_viz_metadata_loads_or_is_a_weights_error(model, fmt, changes, picks):
    """Each field set to a nearby value, a random string, or removed: loads, or WeightsError."""
    for (key, value), pick in zip(sorted(changes.items()), picks):
        choices = FIELD_VALUES.get(key, ["x"])
        changes[key] = choices[pick % len(choices)] if pick < 4 else value
    if "extra" in changes and changes["extra"] is None:
        del changes["extra"]
    try:
        loaded = gru_viz.load_weights(with_metadata(model, fmt, **changes))
    except gru_viz.WeightsError as exc:
        assert str(exc)
        return
    assert loaded.num_layers == model.num_layers


def test_loading_says_it_restored_what_was_saved():
    found = read_weights(model_bytes(AFTER.with_z_convention("takes_new"), "npz"))
    assert "written by gru_viz: loaded as it was saved (reset='after', z_convention='takes_new'" in found.notes[-1]
    assert found.summary()["z_convention"] == "takes_new"


def test_the_models_do_not_import_the_weights_package():
    """weights imports models; model.save reaches the writer the weights package registers."""
    tree = ast.parse((ROOT / "gru_viz" / "models.py").read_text())
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert imported and not any("weights" in name.replace("cells.weights", "") for name in imported), imported
