"""read_outline: the same summary as read_weights for every kind of file, without a float64 copy.

The app reads an upload with read_outline first (ui/weight_files.py), so a file it only
summarises never becomes a float64 model; its summary must still be exactly the one read_weights
gives, numbers and notes included. Hostile files are compared in test_hostile_files.py.
"""

import numpy as np
import pytest
from safetensors.numpy import save

import gru_viz
from gru_viz.cells.weights import CellWeights
from gru_viz.weights import ModelOutline, read_outline, read_weights
from gru_viz.weights.limits import DEFAULT_LIMITS
from gru_viz.weights.outline import CHUNK, DECLARED, DeclaredCell, StackOutline
from gru_viz.weights.pytorch_names import from_state_dict
from tests.weights.support import EXAMPLES, KERAS, npz_bytes


def pytorch_f16(prefix="", extra=False, bias=True):
    """A float16 state_dict of a 2-layer bidirectional nn.GRU(5, 6), as torch would save it."""
    rng, tensors = np.random.default_rng(3), {}
    for layer in range(2):
        for reverse in ("", "_reverse"):
            inputs = 5 if layer == 0 else 12
            tensors[f"{prefix}weight_ih_l{layer}{reverse}"] = rng.normal(size=(18, inputs)).astype(np.float16)
            tensors[f"{prefix}weight_hh_l{layer}{reverse}"] = rng.normal(size=(18, 6)).astype(np.float16)
            if bias:
                tensors[f"{prefix}bias_ih_l{layer}{reverse}"] = rng.normal(size=18).astype(np.float16)
                tensors[f"{prefix}bias_hh_l{layer}{reverse}"] = rng.normal(size=18).astype(np.float16)
    if extra:
        tensors["embedding.weight"] = np.arange(12, dtype=np.int64).reshape(3, 4)
    return tensors


def written(model, fmt):
    return gru_viz.weights.model_bytes(model, fmt)


FILES = {
    **{p.name: p.read_bytes() for p in sorted(EXAMPLES.glob("*")) if p.suffix in (".safetensors", ".keras")
       and "outputs" not in p.name},
    **{p.name: p.read_bytes() for p in sorted(KERAS.glob("*")) if p.name.endswith((".keras", ".weights.h5"))},
    "pytorch f16, prefix and extra keys": save(pytorch_f16("encoder.rnn.", extra=True)),
    "pytorch f16 npz, no bias": npz_bytes(**pytorch_f16(bias=False)),
    "seed form, takes_new written keeps_old": written(gru_viz.GRU.random(3, 4, 2, True, z_convention="keeps_old"),
                                                      "safetensors"),
    "pytorch names, takes_new (z negated back)": written(gru_viz.GRU.random(3, 4, 2, reset="after"), "npz"),
    "seed form without biases": written(gru_viz.GRU(((CellWeights(np.ones((9, 2)), np.ones((9, 3))),),)),
                                        "safetensors"),
    "lstm": written(gru_viz.LSTM.random(3, 5, num_layers=2, bidirectional=True), "safetensors"),
    "rnn npz": written(gru_viz.RNN.random(4, 2, num_layers=3), "npz"),
}


@pytest.mark.parametrize("name", FILES)
def test_the_outline_summarises_a_file_exactly_as_its_model_does(name):
    data = FILES[name]
    full, outline = read_weights(data), read_outline(data)
    assert outline.summary() == full.summary()
    assert isinstance(outline.model, (ModelOutline, StackOutline)) and outline.model == ModelOutline.of(full.model)


def test_the_outline_keeps_nothing_of_the_file():
    # What a session keeps of a model it cannot explore: a few hundred bytes, however large the file
    # (ui/shared_cache.size_of counts every object reachable from it, arrays' data included).
    from gru_viz import GRU
    from gru_viz.weights import model_bytes
    from ui.shared_cache import size_of

    data = model_bytes(GRU.random(64, 96, num_layers=2, bidirectional=True))  # 1.5 MB
    loaded = read_outline(data)
    assert size_of(loaded) < 20_000 < len(data) // 50, (size_of(loaded), len(data))
    assert size_of(read_weights(data)) > len(data)  # the full read keeps the float64 weights
    assert "ModelOutline(GRU" in repr(loaded.model) and "hidden_size=96" in repr(loaded.model)


def test_the_declared_build_keeps_the_stored_arrays_without_a_copy():
    """What read_outline reads through: the file's own float16 arrays, checked, never converted."""
    arrays = pytorch_f16()
    model, _, _ = from_state_dict(arrays, DEFAULT_LIMITS, DECLARED)
    cell = model.layers[1][1]
    assert isinstance(cell, DeclaredCell) and cell.W_ih.dtype == np.float16
    assert cell.W_ih is arrays["weight_ih_l1_reverse"] and cell.b_hh is arrays["bias_hh_l1_reverse"]


def test_the_outline_finds_an_inf_past_the_first_chunk():
    tensors = {"weight_ih_l0": np.zeros((3 * 512, CHUNK // (3 * 512) + 4), np.float16),
               "weight_hh_l0": np.zeros((3 * 512, 512), np.float16)}
    assert tensors["weight_ih_l0"].size > CHUNK
    tensors["weight_ih_l0"][-1, -1] = np.inf  # in the last chunk
    data = save(tensors)
    with pytest.raises(gru_viz.WeightsError) as outline_error:
        read_outline(data)
    with pytest.raises(gru_viz.WeightsError) as full_error:
        read_weights(data)
    assert str(outline_error.value) == str(full_error.value)
    assert "weight_ih_l0 contains NaN or inf" in str(outline_error.value)


def test_the_outline_refuses_sizes_above_the_limits_before_reading_weights():
    tensors = {"weight_ih_l0": np.zeros((3 * 1025, 1), np.float16), "weight_hh_l0": np.zeros((3 * 1025, 1025),
                                                                                               np.float16)}
    with pytest.raises(gru_viz.WeightsError, match="hidden size is 1025, above the limit of 1024"):
        read_outline(save(tensors))


def outcome(read, data):
    """('summary', summary) or ('refused', type and words) of read(data)."""
    try:
        return "summary", read(data).summary()
    except Exception as exc:  # the two must agree on every outcome, whatever it is
        return "refused", type(exc).__name__, str(exc)


def test_a_safetensors_file_with_a_gap_between_tensors_is_refused_in_the_librarys_words():
    """The outline reads views of the file's bytes, so it checks the layout the library insists on."""
    from tests.weights.support import safetensors_raw

    W = np.zeros((3, 2), np.float16).tobytes()
    data = safetensors_raw({"weight_ih_l0": ("F16", (3, 1), W[:6]), "weight_hh_l0": ("F16", (3, 1), W[:6])})
    header_end = 8 + int.from_bytes(data[:8], "little")
    gapped = data.replace(b'"data_offsets": [6, 12]', b'"data_offsets": [8, 14]') + b"\0\0"
    assert gapped != data + b"\0\0" and len(gapped) - header_end == 14
    assert outcome(read_outline, gapped) == outcome(read_weights, gapped)
    assert outcome(read_outline, gapped)[0] == "refused"


def test_mutated_files_get_the_same_answer_from_the_outline_and_the_model():
    rng = np.random.default_rng(18)
    sources = [data for name, data in FILES.items() if len(data) < 200_000]
    for k in range(300):
        data = bytearray(sources[k % len(sources)])
        for _ in range(rng.integers(1, 6)):
            span = len(data) if rng.integers(2) else min(2048, len(data))
            data[int(rng.integers(span))] = int(rng.integers(256))
        assert outcome(read_outline, bytes(data)) == outcome(read_weights, bytes(data)), k
