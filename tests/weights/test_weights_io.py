"""load_weights and model.save: PyTorch names, the seed form, dtypes, limits, and refusals that say why."""

import pickle
import tomllib

import numpy as np
import pytest
from safetensors.numpy import load_file
from safetensors.numpy import save as safetensors_bytes

import gru_viz
from gru_viz.weights import read_weights
from tests.helpers import REFERENCE, ROOT, reference_case, state_dict_of
from tests.weights.support import DATA, load_npz, npz_bytes, safetensors_raw

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
    path = gru_viz.save_weights(model, tmp_path / f"model{suffix}")
    loaded = gru_viz.load_weights(path)
    assert type(loaded) is type(model)
    x = np.random.default_rng(0).normal(size=(6, 3))
    np.testing.assert_allclose(loaded.run(x).output, model.run(x).output, rtol=0, atol=1e-15)
    if isinstance(model, gru_viz.GRU):
        assert loaded.reset == model.reset


def test_reset_after_gru_is_saved_with_pytorch_names_and_z_keeping_old(tmp_path):
    model = gru_viz.GRU.random(3, 4, reset="after", z_convention="takes_new", seed=0)
    path = gru_viz.save_weights(model, tmp_path / "m.safetensors")
    stored = load_file(path)  # what torch's load_state_dict sees: z keeps the old state
    np.testing.assert_array_equal(stored["weight_hh_l0"][4:8], -model.layers[0][0].W_hh[4:8])
    found = read_weights(path)
    assert found.form == "pytorch" and found.model == model  # the file's metadata restores takes_new


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


@pytest.mark.parametrize("name", ["gru_float16", "gru_bfloat16"])
def test_float16_and_bfloat16_files_written_by_torch_match_torch_on_the_same_numbers(name):
    """make_examples.py cast nn.GRU's weights with torch and ran torch on exactly those numbers."""
    ref = load_npz(DATA / f"{name}.npz")
    model = gru_viz.load_weights(DATA / f"{name}.safetensors")
    assert model.layers[0][0].W_ih.dtype == np.float64
    np.testing.assert_allclose(model.run(ref["x"]).output, ref["output"], rtol=0, atol=1e-12)


def test_bfloat16_is_widened_exactly():
    values = np.array([1.0, -2.5, 0.1, 3e38, -1e-30, 7.0], dtype=np.float32)
    top = (values.view(np.uint32) >> 16).astype("<u2")  # bfloat16 is float32's top 16 bits
    W_ih = np.tile(top, 6).reshape(12, 3)
    blob = safetensors_raw({"weight_ih_l0": ("BF16", (12, 3), W_ih.tobytes()),
                            "weight_hh_l0": ("F64", (12, 4), np.zeros((12, 4)).tobytes())})
    loaded = gru_viz.load_weights(blob).layers[0][0].W_ih
    expected = (W_ih.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    np.testing.assert_array_equal(loaded, expected)
    assert loaded[0, 0] == 1.0 and loaded[0, 1] == -2.5


def test_other_tensors_of_a_module_may_have_any_dtype_and_are_reported():
    case = reference_case("gru_small")
    arrays = {f"encoder.rnn.{k}": v for k, v in state_dict_of(case).items()}
    arrays["encoder.norm.num_batches_tracked"] = np.array(3, dtype=np.int64)
    arrays["encoder.mask"] = np.ones(4, dtype=bool)
    found = read_weights(safetensors_bytes(arrays))
    assert any("num_batches_tracked" in note and "encoder.mask" in note for note in found.notes)
    assert any("'encoder.rnn'" in note for note in found.notes)


def test_torch_save_file_is_refused_unopened_with_the_conversion_line():
    with pytest.raises(gru_viz.WeightsError, match=r"pickle.*save_file\(torch\.load"):
        gru_viz.load_weights(DATA / "torch_save.pt")


def test_size_and_layer_limits_are_stated_and_can_be_raised():
    big = gru_viz.GRU.random(3, 20, num_layers=3, reset="after", z_convention="keeps_old")
    data = gru_viz.weights.model_bytes(big)
    small = gru_viz.Limits(max_size=16)
    with pytest.raises(gru_viz.WeightsError, match=r"hidden size is 20, above the limit of 16.*gru_viz\.Limits"):
        gru_viz.load_weights(data, limits=small)
    with pytest.raises(gru_viz.WeightsError, match=r"3 layers, above the limit of 2"):
        gru_viz.load_weights(data, limits=gru_viz.Limits(max_layers=2))
    with pytest.raises(gru_viz.WeightsError, match=r"files up to 1,024 bytes"):
        gru_viz.load_weights(data, limits=gru_viz.Limits(max_bytes=1024))
    assert gru_viz.load_weights(data, limits=gru_viz.Limits(max_size=20, max_layers=3)).hidden_size == 20
    with pytest.raises(ValueError, match="max_size"):
        gru_viz.Limits(max_size=0)


def test_default_limits_are_64_mb_1024_units_4_layers():
    assert gru_viz.Limits() == gru_viz.Limits(max_bytes=64 * 10**6, max_size=1024, max_layers=4)
    too_wide = {"weight_ih_l0": np.zeros((3, 1025)), "weight_hh_l0": np.zeros((3, 1))}
    with pytest.raises(gru_viz.WeightsError, match="input size is 1025"):
        gru_viz.load_weights(safetensors_bytes(too_wide))


def test_summary_describes_the_model_for_the_app():
    found = read_weights(REFERENCE / "forward" / "gru_three_layer_bidir.safetensors")
    summary = found.summary()
    assert summary == {
        "framework": "PyTorch", "container": "safetensors", "cell": "GRU", "framework_layer": "nn.GRU",
        "layers": 3, "directions": 2, "bidirectional": True, "input_size": 4, "hidden_size": 3,
        "reset": "after", "z_convention": "keeps_old",
        "stored_parameters": gru_viz.parameter_count("gru", 4, 3, 3, True),
        "model_parameters": gru_viz.parameter_count("gru", 4, 3, 3, True),
        "notes": list(found.notes),
    }
    seed = read_weights(gru_viz.weights.model_bytes(gru_viz.GRU.random(3, 4, seed=0))).summary()
    assert (seed["framework"], seed["reset"], seed["z_convention"]) == ("seed form", "before", "takes_new")
    assert seed["stored_parameters"] == gru_viz.parameter_count("gru", 3, 4, framework="seed")
    lstm = read_weights(gru_viz.weights.model_bytes(gru_viz.LSTM.random(3, 4))).summary()
    assert (lstm["cell"], lstm["reset"], lstm["z_convention"]) == ("LSTM", None, None)


@pytest.mark.parametrize("model, keys", [
    (gru_viz.GRU.random(3, 4, 2, True, seed=0), {f"{k}_{g}_l{l}{r}" for k in "Wb" for g in "rzh" for l in (0, 1)
                                                 for r in ("", "_reverse")}),
    (gru_viz.LSTM.random(3, 4, 1, True), {f"{w}_{p}_l0{r}" for w in ("weight", "bias") for p in ("ih", "hh")
                                           for r in ("", "_reverse")}),
    (gru_viz.RNN.random(3, 4, 2), {f"{w}_{p}_l{l}" for w in ("weight", "bias") for p in ("ih", "hh") for l in (0, 1)}),
], ids=["seed-form GRU", "LSTM", "RNN"])
def test_saved_names_are_the_seed_form_or_pytorchs(tmp_path, model, keys):
    path = gru_viz.save_weights(model, tmp_path / "m.npz")
    assert set(load_npz(path)) == keys


def test_a_safetensors_header_length_whose_first_byte_looks_like_a_pickle_is_still_read():
    """A header of 128 bytes starts the file with 0x80, pickle's PROTO opcode: the layout decides."""
    arrays = {"weight_ih_l0": ("F64", (3, 2), np.ones((3, 2)).tobytes()),
              "weight_hh_l0": ("F64", (3, 1), np.ones((3, 1)).tobytes())}
    for pad in range(64):
        arrays["x" * (pad + 1)] = ("F64", (0,), b"")
        data = safetensors_raw(arrays)
        if data[0] == 0x80:
            break
    assert data[0] == 0x80
    assert gru_viz.load_weights(data).hidden_size == 1


def test_the_upload_widget_and_the_loader_agree_on_one_size_limit():
    """Streamlit's widget counts server.maxUploadSize in MB of 10^6 bytes; the loader's limit is
    that many bytes, and its message states it the same way."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    limit = gru_viz.Limits().max_bytes
    assert limit == config["server"]["maxUploadSize"] * 10**6
    assert "64 MB (64,000,000 bytes)" in gru_viz.Limits().describe()
    with pytest.raises(gru_viz.WeightsError, match="64 MB"):
        gru_viz.load_weights(b"\0" * (limit + 1))
