"""gru_viz.load_model: an embedding, the recurrent stack and a dense head, with a vocabulary, give
the framework's own prediction for a sentence.

The models and predictions come from tests/reference/make_models.py (torch 2.13.0, Keras 3.15.1,
torch backend), in float64. torch's logits match to 1e-12. Keras' to 1e-6: its torch backend runs
Dense's ops.matmul in float32 (see tests/weights/test_keras.py), so its own prediction carries
float32 rounding.
"""

import json

import numpy as np
import pytest
from safetensors.numpy import save as safetensors_bytes

import gru_viz
from tests.helpers import ROOT
from tests.weights.support import load_npz

MODELS = ROOT / "tests" / "reference" / "models"
CASES = {  # file: (vocabulary, tolerance)
    "keras_sentiment.keras": ("keras_sentiment_vocab.txt", 1e-6),
    "torch_next_token.safetensors": ("torch_next_token_vocab.json", 1e-12),
    "onnx_sentiment.onnx": ("onnx_sentiment_vocab.txt", 1e-12),  # torch's export; torch's float64 forward
}
SHIPPED = ROOT / "examples" / "models"


def test_the_shipped_models_are_these_with_their_vocabularies():
    """examples/models/ holds each model and its vocabulary as make_models.py made them."""
    for name, (vocabulary, _) in CASES.items():
        for file in (name, vocabulary):
            assert (SHIPPED / file).read_bytes() == (MODELS / file).read_bytes(), file
    assert sorted(p.name for p in SHIPPED.iterdir()) == sorted(f for name, (v, _) in CASES.items() for f in (name, v))


@pytest.mark.parametrize("name", CASES)
def test_a_sentence_in_gives_the_frameworks_prediction(name):
    vocabulary, tolerance = CASES[name]
    model = gru_viz.load_model(MODELS / name, vocabulary=MODELS / vocabulary)
    ref = load_npz(MODELS / f"{name.split('.')[0]}.npz")
    ids, unknown = model.tokenize(str(ref["sentence"]))
    np.testing.assert_array_equal(ids, ref["ids"])
    assert unknown == []
    np.testing.assert_allclose(model.predict(ids), ref["prediction"], rtol=0, atol=tolerance)


def test_every_layer_s_gates_are_traced_on_the_embedded_tokens():
    model = gru_viz.load_model(MODELS / "keras_sentiment.keras", vocabulary=MODELS / "keras_sentiment_vocab.txt")
    ids, _ = model.tokenize("the acting was good")
    trace = model.trace(ids)
    assert [len(directions) for directions in trace.cells] == [2, 1]  # Bidirectional(GRU), then GRU
    np.testing.assert_array_equal(trace.cells[0][0].x, model.embedding.table[ids])
    assert trace.cells[1][0].z.shape == (4, 4)
    assert model.predict(ids).shape == (3,) and abs(model.predict(ids).sum() - 1) < 1e-12  # softmax, last step


def test_unknown_words_are_listed_and_take_the_unknown_token():
    model = gru_viz.load_model(MODELS / "keras_sentiment.keras", vocabulary=MODELS / "keras_sentiment_vocab.txt")
    ids, unknown = model.tokenize("The film was Wonderful, truly!")
    assert unknown == ["wonderful", "truly"]
    assert ids.tolist() == [2, 4, 5, 1, 1]  # [UNK] is id 1


def test_a_weights_h5_file_says_what_it_cannot_know():
    """No config: the stack's order comes from the shapes and the embedding's width; the head's
    activations are taken as linear, at every step, and the notes say so."""
    model = gru_viz.load_model(MODELS / "keras_sentiment.weights.h5")
    keras = gru_viz.load_model(MODELS / "keras_sentiment.keras")
    assert repr(model.recurrent) == repr(keras.recurrent)
    assert [layer.activation for layer in model.head] == ["linear", "linear"]
    assert any("activations are taken as linear" in note for note in model.notes)
    ids = load_npz(MODELS / "keras_sentiment.npz")["ids"]
    np.testing.assert_allclose(model.trace(ids).output, keras.trace(ids).output, rtol=0, atol=0)


def test_the_notes_of_a_state_dict_say_the_head_is_logits_at_every_step():
    model = gru_viz.load_model(MODELS / "torch_next_token.safetensors")
    assert any("identity (logits), applied at every step" in note for note in model.notes)
    assert model.vocabulary is None
    with pytest.raises(ValueError, match="no vocabulary"):
        model.tokenize("the film")


def refused(message, **kwargs):
    with pytest.raises(gru_viz.WeightsError, match=message):
        gru_viz.load_model(MODELS / "keras_sentiment.keras", **kwargs)


def test_bad_vocabularies_are_refused():
    refused("1,000,001 lines, more than 1,000,000", vocabulary=b"a\n" * 1_000_001)
    refused("above the limit", vocabulary=b"a\n" * 10_000_000)  # 10 million lines: 20 MB, refused unread
    refused("whole number id", vocabulary=json.dumps({"the": "two"}).encode())
    refused("ids up to 99, but the embedding has 20 rows", vocabulary=json.dumps({"the": 99}).encode())
    refused("not UTF-8", vocabulary=b"\xff\xfe\x00")
    refused("empty", vocabulary=b"\n")


def test_a_head_whose_sizes_do_not_chain_is_refused():
    rng = np.random.default_rng(0)
    arrays = {"rnn.weight_ih_l0": rng.normal(size=(12, 3)), "rnn.weight_hh_l0": rng.normal(size=(12, 4)),
              "rnn.bias_ih_l0": rng.normal(size=12), "rnn.bias_hh_l0": rng.normal(size=12),
              "fc.weight": rng.normal(size=(2, 5)), "fc.bias": rng.normal(size=2)}
    with pytest.raises(gru_viz.WeightsError, match="no nn.Linear reads the recurrent stack's output"):
        gru_viz.load_model(safetensors_bytes(arrays))


def test_token_ids_are_checked():
    model = gru_viz.load_model(MODELS / "torch_next_token.safetensors")
    with pytest.raises(ValueError, match="in 0 .. 19"):
        model.predict(np.array([3, 20]))
    with pytest.raises(ValueError, match="whole numbers"):
        model.predict(np.array([0.5]))
