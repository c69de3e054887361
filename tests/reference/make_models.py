"""Make whole models (an embedding, recurrent layers, a dense head) and their frameworks' predictions.

Run in a throwaway venv (torch and keras are never dependencies of the app or its tests):
    /tmp/torchvenv/bin/pip install torch==2.13.0 keras==3.15.1 h5py numpy safetensors onnx==1.23.2 onnxscript
    KERAS_BACKEND=torch /tmp/torchvenv/bin/python tests/reference/make_models.py

tests/reference/models/, each model with its vocabulary and <name>.npz: `sentence` (the text),
`ids` (its token ids) and `prediction` (the framework's own output for those ids, batch 1):
    keras_sentiment.keras / .weights.h5 + keras_sentiment_vocab.txt
        Sequential([Input, Embedding(20, 4), Bidirectional(GRU(4, return_sequences=True)), GRU(4),
        Dense(6, relu), Dense(3, softmax)]): three classes from the last step; Keras' model.predict
    torch_next_token.safetensors + torch_next_token_vocab.json
        a module of nn.Embedding(20, 4), nn.GRU(4, 5, bidirectional=True), nn.LSTM(10, 3) and
        nn.Linear(3, 20): logits for the next token at every step, the module's own forward
    onnx_sentiment.onnx + onnx_sentiment_vocab.txt
        nn.Embedding(20, 4), nn.GRU(4, 4, bidirectional=True) and nn.Linear(8, 3) exported by
        torch.onnx.export (float32): a Gather, two GRU directions, a MatMul and an Add; the
        prediction is torch's forward in float64 for those float32 weights
    keras_bidir_last.keras (tests only; its vocabulary is keras_sentiment_vocab.txt)
        Embedding(20, 4), Bidirectional(GRU(4)) with return_sequences=False, Dense(2, softmax)
Each of the first three, with its vocabulary, is also copied to examples/models/.
Weights are random (uniform in (-0.8, 0.8), biases too) and in float64, so the only difference left
is the frameworks' own arithmetic (Keras' torch backend multiplies some cells in float32).
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import safetensors.torch  # noqa: E402
import torch  # noqa: E402

OUT = pathlib.Path(__file__).parent / "models"
WORDS = ["[PAD]", "[UNK]", "the", "a", "film", "was", "not", "good", "bad", "great", "boring", "plot", "acting",
         "i", "loved", "hated", "it", "very", "and", "but"]
SENTENCE = "the film was not good but the acting was great"


def ids_of(sentence, vocabulary):
    return np.array([vocabulary.get(word, vocabulary["[UNK]"]) for word in sentence.split()], dtype=np.int64)


def keras_bidir_last(rng):
    """Embedding, then Bidirectional(GRU(4)) with return_sequences=False, then Dense(2, softmax): the
    head reads each direction's state after the whole sentence (the backward one's is at step 0)."""
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    keras.utils.set_random_seed(3)
    L = keras.layers
    model = keras.Sequential([keras.Input((None,), dtype="int64"), L.Embedding(len(WORDS), 4),
                              L.Bidirectional(L.GRU(4)), L.Dense(2, activation="softmax")], name="keras_bidir_last")
    for layer in model.layers:
        layer.set_weights([rng.uniform(-0.8, 0.8, w.shape) for w in layer.get_weights()])
    ids = ids_of(SENTENCE, {w: k for k, w in enumerate(WORDS)})
    model.save(OUT / "keras_bidir_last.keras")
    prediction = model.predict(ids[None], verbose=0)[0]
    np.savez(OUT / "keras_bidir_last.npz", sentence=SENTENCE, ids=ids, prediction=prediction)


def keras_sentiment(rng):
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    keras.utils.set_random_seed(0)
    L = keras.layers
    stack = [L.Bidirectional(L.GRU(4, return_sequences=True)), L.GRU(4)]
    model = keras.Sequential([keras.Input((None,), dtype="int64"), L.Embedding(len(WORDS), 4), *stack,
                              L.Dense(6, activation="relu"), L.Dense(3, activation="softmax")],
                             name="keras_sentiment")
    for layer in model.layers:
        layer.set_weights([rng.uniform(-0.8, 0.8, w.shape) for w in layer.get_weights()])
    vocabulary = {w: k for k, w in enumerate(WORDS)}
    ids = ids_of(SENTENCE, vocabulary)
    prediction = model.predict(ids[None], verbose=0)[0]
    model.save(OUT / "keras_sentiment.keras")
    model.save_weights(OUT / "keras_sentiment.weights.h5")
    (OUT / "keras_sentiment_vocab.txt").write_text("\n".join(WORDS) + "\n")
    np.savez(OUT / "keras_sentiment.npz", sentence=SENTENCE, ids=ids, prediction=prediction)
    print("keras_sentiment", prediction)


class NextToken(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(len(WORDS), 4)
        self.rnn1 = torch.nn.GRU(4, 5, bidirectional=True)
        self.rnn2 = torch.nn.LSTM(10, 3)
        self.out = torch.nn.Linear(3, len(WORDS))

    def forward(self, ids):  # ids (T, 1)
        return self.out(self.rnn2(self.rnn1(self.embedding(ids))[0])[0])


def torch_next_token():
    torch.manual_seed(1)
    module = NextToken().double()
    for parameter in module.parameters():
        torch.nn.init.uniform_(parameter, -0.8, 0.8)
    vocabulary = {w: k for k, w in enumerate(WORDS)}
    ids = ids_of(SENTENCE, vocabulary)
    with torch.no_grad():
        logits = module(torch.from_numpy(ids)[:, None])[:, 0].numpy()
    safetensors.torch.save_file({k: v.contiguous() for k, v in module.state_dict().items()},
                                OUT / "torch_next_token.safetensors")
    (OUT / "torch_next_token_vocab.json").write_text(json.dumps(vocabulary))
    np.savez(OUT / "torch_next_token.npz", sentence=SENTENCE, ids=ids, prediction=logits)
    print("torch_next_token", logits.shape)


class Sentiment(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(len(WORDS), 4)
        self.gru = torch.nn.GRU(4, 4, bidirectional=True)
        self.head = torch.nn.Linear(8, 3)

    def forward(self, ids):  # ids (T, 1): class logits at every step
        return self.head(self.gru(self.embedding(ids))[0])


def onnx_sentiment():
    import io

    import onnx

    torch.manual_seed(2)
    module = Sentiment()
    for parameter in module.parameters():
        torch.nn.init.uniform_(parameter, -0.8, 0.8)
    vocabulary = {w: k for k, w in enumerate(WORDS)}
    ids = ids_of(SENTENCE, vocabulary)
    buffer = io.BytesIO()
    torch.onnx.export(module.eval(), (torch.from_numpy(ids)[:, None],), buffer, dynamo=True, input_names=["ids"],
                      output_names=["logits"])
    model = onnx.load_model_from_string(buffer.getvalue())
    onnx.checker.check_model(model)
    (OUT / "onnx_sentiment.onnx").write_bytes(model.SerializeToString())
    (OUT / "onnx_sentiment_vocab.txt").write_text("\n".join(WORDS) + "\n")
    with torch.no_grad():
        logits = module.double()(torch.from_numpy(ids)[:, None])[:, 0].numpy()
    np.savez(OUT / "onnx_sentiment.npz", sentence=SENTENCE, ids=ids, prediction=logits)
    print("onnx_sentiment", [n.op_type for n in model.graph.node])


def ship():
    """Copy each model with its vocabulary to examples/models/."""
    shipped = OUT.parents[2] / "examples" / "models"
    shipped.mkdir(exist_ok=True)
    for name in ("keras_sentiment.keras", "keras_sentiment_vocab.txt", "torch_next_token.safetensors",
                 "torch_next_token_vocab.json", "onnx_sentiment.onnx", "onnx_sentiment_vocab.txt"):
        (shipped / name).write_bytes((OUT / name).read_bytes())


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    keras_sentiment(np.random.default_rng(0))
    torch_next_token()
    onnx_sentiment()
    keras_bidir_last(np.random.default_rng(3))
    ship()
