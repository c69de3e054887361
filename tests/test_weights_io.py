"""load_weights and model.save: PyTorch names, the seed form, and refusals that say why."""

import io
import pickle

import numpy as np
import pytest
from safetensors.numpy import save as safetensors_bytes

import gru_viz
from gru_viz.weights import read_weights
from tests.helpers import REFERENCE, reference_case, state_dict_of


def npz_bytes(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


MODELS = [
    gru_viz.GRU.random(3, 4, seed=1),
    gru_viz.GRU.random(3, 4, num_layers=2, bidirectional=True, seed=2),
    gru_viz.GRU.random(3, 4, reset="after", z_convention="keeps_old", seed=3),
    gru_viz.GRU.random(3, 4, num_layers=3, bidirectional=True, reset="after", z_convention="takes_new", seed=4),
    gru_viz.LSTM.random(3, 4, num_layers=2, bidirectional=True, seed=5),
    gru_viz.RNN.random(3, 4, num_layers=2, seed=6),
]


@pytest.mark.parametrize("suffix", [".safetensors", ".npz"])
@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{type(m).__name__}-{m.num_layers}x{m.num_directions}")
def test_save_then_load_gives_identical_numbers(tmp_path, model, suffix):
    path = model.save(tmp_path / f"model{suffix}")
    loaded = gru_viz.load_weights(path)
    assert type(loaded) is type(model)
    x = np.random.default_rng(0).normal(size=(6, 3))
    np.testing.assert_allclose(loaded.run(x).output, model.run(x).output, rtol=0, atol=1e-15)
    if isinstance(model, gru_viz.GRU):
        assert loaded.reset == model.reset


def test_reset_after_gru_is_saved_with_pytorch_names_and_z_keeping_old(tmp_path):
    model = gru_viz.GRU.random(3, 4, reset="after", z_convention="takes_new", seed=0)
    found = read_weights(model.save(tmp_path / "m.safetensors"))
    assert found.form == "pytorch" and found.model.z_convention == "keeps_old"
    np.testing.assert_allclose(found.model.layers[0][0].W_hh[4:8], -model.layers[0][0].W_hh[4:8])


def test_seed_form_loads_as_reset_before_takes_new_and_matches_hand_computation():
    rng = np.random.default_rng(0)
    H, I = 3, 2
    W = {f"W_{g}": rng.normal(size=(H, H + I)) for g in "rzh"}
    b = {f"b_{g}": rng.normal(size=H) for g in "rzh"}
    model = gru_viz.load_weights(npz_bytes(**W, **b))
    assert (model.reset, model.z_convention) == ("before", "takes_new")
    x, h = rng.normal(size=(1, I)), np.zeros(H)
    h = 0.3 * np.ones(H)
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    r = sig(W["W_r"] @ np.r_[h, x[0]] + b["b_r"])
    z = sig(W["W_z"] @ np.r_[h, x[0]] + b["b_z"])
    h_tilde = np.tanh(W["W_h"] @ np.r_[r * h, x[0]] + b["b_h"])
    cell = model.run(x, h0=h).cells[0][0]
    np.testing.assert_allclose(cell.h[0], (1 - z) * h + z * h_tilde, rtol=0, atol=1e-15)


def test_module_state_dict_with_prefix_is_read_and_the_rest_reported():
    case = reference_case("gru_small")
    arrays = {f"encoder.rnn.{k}": v for k, v in state_dict_of(case).items()}
    arrays["head.weight"] = np.ones((2, 4))
    found = read_weights(safetensors_bytes(arrays))
    assert any("head.weight" in note for note in found.notes)
    np.testing.assert_allclose(found.model.run(case["x"], h0=case["h0"]).output, case["output"], atol=1e-12)


def test_float32_and_float16_weights_are_computed_in_float64():
    case = reference_case("gru_small")
    arrays = {k: v.astype(np.float32) for k, v in state_dict_of(case).items()}
    model = gru_viz.load_weights(safetensors_bytes(arrays))
    assert model.layers[0][0].W_hh.dtype == np.float64
    np.testing.assert_allclose(model.run(case["x"], h0=case["h0"]).output, case["output"], atol=1e-5)


def test_file_object_and_path_are_read(tmp_path):
    path = REFERENCE / "forward" / "gru_small.safetensors"
    with open(path, "rb") as handle:
        a = gru_viz.load_weights(handle)
    b = gru_viz.load_weights(str(path))
    np.testing.assert_array_equal(a.layers[0][0].W_ih, b.layers[0][0].W_ih)


class Payload:
    def __reduce__(self):
        return (open, ("/tmp/gru_viz_pickle_ran", "w"))


@pytest.mark.parametrize("protocol", [2, 4, 5])
def test_pickles_are_refused_unopened_with_the_conversion_line(protocol):
    data = pickle.dumps({"weight_ih_l0": Payload()}, protocol=protocol)
    with pytest.raises(gru_viz.WeightsError, match="save_file"):
        gru_viz.load_weights(data)


@pytest.mark.parametrize("arrays, message", [
    ({"weight_ih_l0": np.ones((6, 2)), "weight_hh_l0": np.ones((6, 4))}, "shape"),
    ({"weight_ih_l0": np.ones((9, 2)), "weight_hh_l0": np.ones((9, 3)), "bias_ih_l0": np.ones(9)}, "bias_hh"),
    ({"weight_ih_l0": np.full((9, 2), np.nan), "weight_hh_l0": np.ones((9, 3))}, "NaN"),
    ({"W_r": np.ones((3, 5)), "W_z": np.ones((3, 5)), "W_h": np.ones((3, 4)),
      "b_r": np.ones(3), "b_z": np.ones(3), "b_h": np.ones(3)}, "share one shape"),
    ({"W_r": np.ones((3, 5)), "b_r": np.ones(3)}, "missing"),
    ({"kernel": np.ones((3, 5))}, "no recurrent weights"),
    ({"weight_ih_l0": np.ones((9, 2), dtype=np.int64), "weight_hh_l0": np.ones((9, 3))}, "int64"),
])
def test_bad_arrays_raise_weights_error_naming_the_fault(arrays, message):
    for data in (npz_bytes(**arrays), safetensors_bytes(arrays)):
        with pytest.raises(gru_viz.WeightsError, match=message):
            gru_viz.load_weights(data)


@pytest.mark.parametrize("data", [b"", b"hello world, not weights", b"PK\x03\x04broken zip", b"\x00" * 64])
def test_junk_is_refused(data):
    with pytest.raises(gru_viz.WeightsError):
        gru_viz.load_weights(data)


def test_weights_error_is_a_value_error_and_size_limit_is_stated():
    assert issubclass(gru_viz.WeightsError, ValueError)
    with pytest.raises(gru_viz.WeightsError, match="limit"):
        gru_viz.load_weights(b"x" * 2000, max_bytes=1000)
