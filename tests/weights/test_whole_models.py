"""gru_viz.load_model: an embedding, the recurrent stack and a dense head, with a vocabulary, give
the framework's own prediction for a sentence.

The models and predictions come from tests/reference/make_models.py (torch 2.13.0, Keras 3.15.1,
torch backend), in float64. torch's logits match to 1e-12. Keras' to 1e-6: its torch backend runs
Dense's ops.matmul in float32 (see tests/weights/test_keras.py), so its own prediction carries
float32 rounding.
"""

import dataclasses
import json
import re

import numpy as np
import pytest
from safetensors.numpy import save as safetensors_bytes

import gru_viz
from tests.helpers import ROOT
from tests.weights.hostile_cases import sentiment_with
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
    # (a vocabulary of 10 million lines, or of 1,000,001: tests/weights/hostile_cases.py)
    refused("an object, token -> id", vocabulary=b'["the", "film"]')
    refused("two tokens the same id", vocabulary=json.dumps({"the": 2, "film": 2}).encode())
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


def test_a_bidirectional_last_layer_that_returns_no_sequence_reads_each_direction_s_final_state():
    """Keras' Bidirectional(GRU(4)) with return_sequences=False gives the head the forward state after
    the last step and the backward state after the first (it read the sentence from the end)."""
    model = gru_viz.load_model(MODELS / "keras_bidir_last.keras", vocabulary=MODELS / "keras_sentiment_vocab.txt")
    ref = load_npz(MODELS / "keras_bidir_last.npz")
    np.testing.assert_allclose(model.predict(ref["ids"]), ref["prediction"], rtol=0, atol=1e-6)
    trace = model.trace(ref["ids"])
    assert not np.allclose(trace.output[-1], np.concatenate([trace.cells[0][0].h[-1], trace.cells[0][1].h[0]]))


def test_words_are_split_as_textvectorization_splits_them():
    model = gru_viz.load_model(MODELS / "keras_sentiment.keras", vocabulary=b"[PAD]\n[UNK]\ndont\nstop\n")
    ids, unknown = model.tokenize("Don't STOP, me_now!")
    assert ids.tolist() == [2, 3, 1] and unknown == ["menow"]


def test_a_vocabulary_file_s_byte_order_mark_and_padding_are_no_tokens():
    model = gru_viz.load_model(MODELS / "keras_sentiment.keras", vocabulary="\ufeffthe\nfilm\n".encode())
    assert model.vocabulary == {"the": 0, "film": 1}
    padded = dataclasses.replace(model, embedding=gru_viz.whole.Embedding(model.embedding.table, padding=0))
    again = gru_viz.weights.around.with_vocabulary(padded, b"the\nfilm\n")
    assert again.vocabulary == {"film": 1}  # id 0 is padding with mask_zero=True: no word
    with pytest.raises(gru_viz.WeightsError, match="keeps for padding"):
        gru_viz.weights.around.with_vocabulary(padded, b"[UNK]\nfilm\n")


def torch_arrays(**extra):
    rng = np.random.default_rng(0)
    return {"embed.weight": rng.normal(size=(10, 3)), "rnn.weight_ih_l0": rng.normal(size=(12, 3)),
            "rnn.weight_hh_l0": rng.normal(size=(12, 4)), **extra}


def test_a_state_dict_s_head_may_have_no_bias_and_anything_else_is_refused():
    rng = np.random.default_rng(1)
    model = gru_viz.load_model(safetensors_bytes(torch_arrays(**{"fc.weight": rng.normal(size=(2, 4))})))
    assert model.embedding.table.shape == (10, 3) and repr(model.head[0]) == "Dense(4 -> 2, linear)"
    assert model.head[0].b is None
    norm = {"norm.weight": np.ones(4), "norm.bias": np.zeros(4), "fc.weight": rng.normal(size=(2, 4))}
    with pytest.raises(gru_viz.WeightsError, match="'norm' is none of them"):
        gru_viz.load_model(safetensors_bytes(torch_arrays(**norm)))
    # A tied language model: decoder.weight is as wide as the table and has no bias; embed* is the table.
    tied = {"embed.weight": rng.normal(size=(10, 4)), "rnn.weight_ih_l0": rng.normal(size=(12, 4)),
            "rnn.weight_hh_l0": rng.normal(size=(12, 4)), "decoder.weight": rng.normal(size=(10, 4))}
    found = gru_viz.load_model(safetensors_bytes(tied))
    np.testing.assert_array_equal(found.embedding.table, tied["embed.weight"])
    np.testing.assert_array_equal(found.head[0].W, tied["decoder.weight"])


def test_a_classifier_with_a_sparse_vocabulary_names_its_classes():
    from lessons.sentence import prediction

    model = gru_viz.load_model(MODELS / "keras_sentiment.keras", vocabulary=json.dumps({"the": 2, "film": 4}).encode())
    title, rows, _ = prediction(model, model.tokenize("the film")[0])
    assert sorted(label for label, _ in rows) == ["class 0", "class 1", "class 2"]  # no token: a class each
    assert all(label.startswith("class ") for label, _ in rows) and "after the whole sentence" in title


def test_an_activation_layer_after_a_dense_one_is_its_activation():
    """Dense(3) then Activation("softmax") computes what Dense(3, activation="softmax") does."""
    import zipfile

    from tests.weights.support import zip_bytes

    with zipfile.ZipFile(MODELS / "keras_sentiment.keras") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    layers = config["config"]["layers"]
    last = layers[-1]
    last["config"]["activation"] = "linear"
    layers.append({"module": "keras.layers", "class_name": "Activation",
                   "config": {"name": "activation", "activation": "softmax"}})
    members["config.json"] = json.dumps(config).encode()
    split = gru_viz.load_model(zip_bytes(members))
    whole = gru_viz.load_model(MODELS / "keras_sentiment.keras")
    ids = load_npz(MODELS / "keras_sentiment.npz")["ids"]
    np.testing.assert_allclose(split.predict(ids), whole.predict(ids), rtol=0, atol=0)
    assert split.head[-1].activation == "softmax"


TEXT_MODELS = ("keras_text_sentiment", "keras_text_padded", "keras_text_characters")  # make_keras_text.py


@pytest.mark.parametrize("name", TEXT_MODELS)
def test_a_keras_model_with_its_own_text_vectorization_needs_no_vocabulary_and_predicts_as_keras(name):
    """Keras' model.predict on the raw sentences (its TensorFlow backend, float64): the file's own
    vocabulary (in its assets, or listed in its config), standardization, split and length."""
    model = gru_viz.load_model(MODELS / f"{name}.keras")
    ref = load_npz(MODELS / f"{name}.npz")
    assert model.vocabulary is not None and any(note.startswith("text: the file's TextVectorization")
                                                for note in model.notes)
    for sentence, expected in zip(ref["sentences"], ref["predictions"]):
        ids, _ = model.tokenize(str(sentence))
        np.testing.assert_allclose(model.predict(ids), expected, rtol=0, atol=1e-12)


def test_the_text_setups_are_the_files_own():
    adapted = gru_viz.load_model(MODELS / "keras_text_sentiment.keras")
    assert adapted.tokenize("A splendid, boring film")[1] == ["a", "splendid"]  # lower case, commas gone
    padded = gru_viz.load_model(MODELS / "keras_text_padded.keras")
    assert padded.text.standardize == "lower" and padded.text.length == 12
    ids, unknown = padded.tokenize("I loved it")
    assert ids.tolist() == [10, 9, 8] + [0] * 9 and unknown == []  # padded with id 0 to 12
    assert "good," in padded.tokenize("not good, it was")[1]  # "lower" keeps the punctuation
    assert adapted.tokenize("ÉCOLE film")[1] == [] and "École" in adapted.vocabulary  # ASCII lower case only
    assert adapted.tokenize("the film\u00a0was")[1] == ["film\u00a0was"]  # split on ASCII whitespace only
    characters = gru_viz.load_model(MODELS / "keras_text_characters.keras")
    ids, unknown = characters.tokenize("I lo!")
    assert [characters.tokens[int(i)] for i in ids] == ["i", " ", "l", "o", "[UNK]"] and unknown == ["!"]  # " " a token
    given = gru_viz.load_model(MODELS / "keras_text_padded.keras", vocabulary=b"x\ny\n")
    assert given.vocabulary == {"x": 0, "y": 1}  # a vocabulary given wins over the file's


@pytest.mark.parametrize("setting, value, message", [
    ("standardize", "my_project>clean_text", "a function of its own"),
    ("split", "my_project>split", "splits with 'my_project>split'"),
    ("output_mode", "multi_hot", "an Embedding reads token ids"),
    ("ngrams", 2, "n-grams"),
    ("output_sequence_length", -3, "not a whole number from 1"),
])
def test_a_text_vectorization_the_app_cannot_follow_is_refused_by_name(setting, value, message):
    def edit_config(config):
        layers = config["config"]["layers"]
        next(layer for layer in layers if layer["class_name"] == "TextVectorization")["config"][setting] = value

    with pytest.raises(gru_viz.WeightsError, match=re.escape(message)):
        gru_viz.load_model(sentiment_with(edit_config, "keras_text_padded"))
