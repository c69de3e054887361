"""Make Keras models that hold their own TextVectorization layer (its vocabulary in the .keras file's
assets), and Keras' predictions for sentences typed as a learner would (capitals, punctuation,
unknown words).

TextVectorization needs TensorFlow, and runs inside a model only on Keras' TensorFlow backend, so
this script runs there (the others use the torch backend), in the throwaway venv:
    /tmp/torchvenv/bin/pip install keras==3.15.1 tensorflow-cpu h5py numpy
    KERAS_BACKEND=tensorflow /tmp/torchvenv/bin/python tests/reference/make_keras_text.py

tests/reference/models/<name>.keras and <name>.npz (`sentences`, and `predictions`: Keras'
model.predict for each, float64 throughout):
    keras_text_sentiment  TextVectorization adapted on a small corpus (Keras' default standardize
        and split), Embedding(20, 4), Bidirectional(GRU(4, return_sequences=True)), GRU(4),
        Dense(3, softmax)
    keras_text_padded     TextVectorization(vocabulary=[...], standardize="lower",
        output_sequence_length=12): every sentence cut or padded to 12 ids, the padding run as
        steps (no mask); Embedding(12, 4), GRU(3), Dense(2, softmax)
    keras_text_characters TextVectorization(split="character", standardize="lower") adapted on the
        corpus (the space is a token), Embedding(40, 4), GRU(4), Dense(2, softmax)
Weights are random (uniform in (-0.8, 0.8)).
"""

import os
import pathlib

os.environ["KERAS_BACKEND"] = "tensorflow"

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = pathlib.Path(__file__).parent / "models"
CORPUS = ["the film was not good", "the acting was great but the plot was boring", "i loved it",
          "i hated it, very much; and it was bad", "École film"]
# Capitals, punctuation, unknown words; an É that TensorFlow's lower case keeps (ASCII only), and a
# non-breaking space that its split does not split on (ASCII whitespace only).
SENTENCES = ["The film was NOT good, but the acting was great!", "i loved it", "a splendid, boring film",
             "the ÉCOLE film\u00a0was good"]


def save(model, name):
    model.save(OUT / f"{name}.keras")
    predictions = np.stack([model.predict(tf.constant([[s]]), verbose=0)[0] for s in SENTENCES])
    np.savez(OUT / f"{name}.npz", sentences=np.array(SENTENCES), predictions=predictions)
    print(name, predictions)


def randomized(model, rng):
    for layer in model.layers:
        if layer.get_weights() and not isinstance(layer, keras.layers.TextVectorization):
            layer.set_weights([rng.uniform(-0.8, 0.8, w.shape) for w in layer.get_weights()])
    return model


def main():
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    keras.utils.set_random_seed(4)
    rng = np.random.default_rng(4)
    L = keras.layers
    text = L.TextVectorization(max_tokens=20, output_mode="int")
    text.adapt(CORPUS)
    save(randomized(keras.Sequential([keras.Input((1,), dtype="string"), text, L.Embedding(20, 4),
                                      L.Bidirectional(L.GRU(4, return_sequences=True)), L.GRU(4),
                                      L.Dense(3, activation="softmax")]), rng), "keras_text_sentiment")
    text = L.TextVectorization(vocabulary=["the", "film", "was", "good", "bad", "not", "it", "loved", "i", "great"],
                               standardize="lower", output_sequence_length=12)
    save(randomized(keras.Sequential([keras.Input((1,), dtype="string"), text, L.Embedding(12, 4), L.GRU(3),
                                      L.Dense(2, activation="softmax")]), rng), "keras_text_padded")
    text = L.TextVectorization(max_tokens=40, split="character", standardize="lower")
    text.adapt(CORPUS)
    save(randomized(keras.Sequential([keras.Input((1,), dtype="string"), text, L.Embedding(40, 4), L.GRU(4),
                                      L.Dense(2, activation="softmax")]), rng), "keras_text_characters")


if __name__ == "__main__":
    main()
