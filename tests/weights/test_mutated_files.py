"""Damaged real files: byte flips and truncations of the shipped examples (and the other
containers) either load or raise WeightsError, never anything else."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gru_viz
from gru_viz.weights import model_bytes
from tests.helpers import ROOT
from tests.weights.onnx_graphs import chain
from tests.weights.support import EXAMPLES, KERAS


def originals():
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".safetensors", ".keras"))
    blobs = {p.name: p.read_bytes() for p in files}
    blobs["bidir_lstm_stacked.weights.h5"] = (KERAS / "bidir_lstm_stacked.weights.h5").read_bytes()
    seed_form = gru_viz.GRU.random(3, 4, num_layers=2, bidirectional=True, seed=0)
    blobs["seed_form.npz"] = model_bytes(seed_form, "npz")
    blobs["lstm.npz"] = model_bytes(gru_viz.LSTM.random(3, 4, seed=0), "npz")
    blobs["gru_bidir_stacked.onnx"] = chain("GRU", layers=2, direction="bidirectional", lbr=1).SerializeToString()
    blobs["lstm.onnx"] = chain("LSTM", dtype=np.float32).SerializeToString()
    return blobs


ORIGINALS = originals()


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(ORIGINALS)))
    data = bytearray(ORIGINALS[name])
    # Flips anywhere, and in the first and last 2 kB, where headers and zip directories live.
    for _ in range(draw(st.integers(0, 12))):
        region = draw(st.sampled_from(["anywhere", "head", "tail"]))
        span = len(data) if region == "anywhere" else min(2048, len(data))
        at = draw(st.integers(0, span - 1))
        data[at if region != "tail" else len(data) - 1 - at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return name, bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_damaged_file_loads_or_raises_weights_error(case):
    name, data = case
    try:
        model = gru_viz.load_weights(data)
    except gru_viz.WeightsError:
        return
    assert model.num_layers >= 1, name


@pytest.mark.parametrize("name", sorted(ORIGINALS))
def test_every_original_loads_unchanged(name):
    model = gru_viz.load_weights(ORIGINALS[name])
    output = model.run(np.zeros((3, model.input_size))).output  # and runs
    assert model.num_layers >= 1 and output.shape[0] == 3 and np.all(np.isfinite(output))


WHOLE = {name: (ROOT / "tests" / "reference" / "models" / name).read_bytes()
         for name in ("keras_sentiment.keras", "keras_sentiment.weights.h5", "torch_next_token.safetensors",
                      "onnx_sentiment.onnx")}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(WHOLE)), st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 255)), max_size=10),
       st.one_of(st.none(), st.integers(0, 2**31)))
def test_a_damaged_whole_model_loads_or_raises_weights_error(name, flips, cut):
    """load_model's readers (embedding, head) on byte flips and truncations of the whole models; what
    loads also predicts (or refuses the ids with a ValueError)."""
    data = bytearray(WHOLE[name])
    for at, value in flips:
        data[at % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    try:
        model = gru_viz.load_model(bytes(data))
    except gru_viz.WeightsError:
        return
    assert model.recurrent.num_layers >= 1, name
    ids = np.array([1, 2, 3]) if model.embedding is not None else np.zeros((3, model.recurrent.input_size))
    try:
        model.predict(ids)
    except ValueError:  # ids beyond a damaged table, say: refused, never a crash
        pass
