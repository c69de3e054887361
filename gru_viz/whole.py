"""A whole trained model: token ids in, an embedding, the recurrent stack, a dense head, the prediction out.

    model = gru_viz.load_model("sentiment.keras", vocabulary="vocab.txt")
    ids, unknown = model.tokenize("a fine film")     # unknown: the words not in the vocabulary
    model.predict(ids)                                # what the framework's model outputs
    model.trace(ids).cells[layer][direction].z        # every gate of every recurrent layer

The recurrent part is a gru_viz network or Stack, run as load_weights runs it; the embedding is a
table lookup and the head a chain of dense layers, each `activation(W x + b)`, as Keras' Dense and
torch's nn.Linear compute them. Which step the head reads is the file's: a Keras model whose last
recurrent layer has return_sequences=False reads each direction's state after the whole sentence
(a backward direction's is at step 0), and predict gives one row; a PyTorch state_dict or an ONNX
head says nothing of it, so the head is applied at every step (predict gives a row per step, the
last one after the whole sentence, as torch's output[-1]), and the notes say so.
"""

import re
import string
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .reprs import call_repr

ACTIVATIONS = {
    "linear": lambda a: a,
    "relu": lambda a: np.maximum(a, 0.0),
    "tanh": np.tanh,
    "sigmoid": lambda a: 0.5 * (1.0 + np.tanh(0.5 * a)),  # exact in float64, never overflows
    "softmax": lambda a: softmax(a),
}
UNKNOWN_TOKENS = ("[UNK]", "<unk>", "<UNK>", "[unk]")
# Keras' TextVectorization, standardize="lower_and_strip_punctuation", split="whitespace"
# (keras/src/layers/preprocessing/text_vectorization.py, DEFAULT_STRIP_REGEX).
PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
ASCII_SPACE = re.compile(r"[ \t\n\v\f\r]+")  # C's isspace, which tf.strings.split uses
STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation", None)
SPLITS = ("whitespace", "character")


@dataclass(frozen=True)
class Text:
    """How a sentence becomes tokens, as Keras' TextVectorization makes them (its defaults unless the
    file's own layer says otherwise): `standardize` one of STANDARDIZE, `split` one of SPLITS, and
    `length` its output_sequence_length (None: as long as the sentence; else cut or padded with id 0)."""

    standardize: str | None = "lower_and_strip_punctuation"
    split: str = "whitespace"
    length: int | None = None

    def words(self, text):
        """The tokens of `text`, as TensorFlow's string ops make them: tf.strings.lower changes ASCII
        letters only (É stays É), and tf.strings.split splits on ASCII whitespace only (a
        non-breaking space is part of a word); "character" keeps every character, spaces too."""
        if self.standardize in ("lower", "lower_and_strip_punctuation"):
            text = text.translate(ASCII_LOWER)
        if self.standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            text = PUNCTUATION.sub("", text)
        return [word for word in ASCII_SPACE.split(text) if word] if self.split == "whitespace" else list(text)


def softmax(a):
    shifted = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


@dataclass(frozen=True, eq=False)
class Embedding:
    """A table (vocabulary size, features): token id k reads row k. `padding` is the id a Keras
    Embedding(mask_zero=True) treats as padding (0), which predict refuses inside a sentence."""

    table: np.ndarray
    padding: int | None = None

    def __call__(self, ids):
        ids = np.asarray(ids)
        if ids.ndim != 1 or ids.size == 0 or not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"token ids must be a non-empty 1-D array of whole numbers, got {ids.dtype} {ids.shape}")
        if ids.min() < 0 or ids.max() >= len(self.table):
            raise ValueError(f"token ids must be in 0 .. {len(self.table) - 1} (the embedding's rows)")
        if self.padding is not None and np.any(ids == self.padding):
            raise ValueError(f"id {self.padding} is padding for this embedding (mask_zero=True), not a token")
        return self.table[ids]


@dataclass(frozen=True, eq=False)
class Dense:
    """activation(W x + b): W (out, in) as torch's nn.Linear stores it (Keras' kernel transposed)."""

    W: np.ndarray
    b: np.ndarray | None
    activation: str = "linear"

    def __call__(self, x):
        a = x @ self.W.T + (0.0 if self.b is None else self.b)
        return ACTIVATIONS[self.activation](a)

    def __repr__(self):
        return f"Dense({self.W.shape[1]} -> {self.W.shape[0]}, {self.activation})"


@dataclass(frozen=True, eq=False)
class WholeModel:
    """What load_model read: see the module docstring. `vocabulary` maps token -> id (or None)."""

    recurrent: object
    embedding: Embedding | None = None
    head: tuple = ()
    last_step_only: bool = False
    vocabulary: dict | None = None
    notes: tuple = ()
    text: Text = Text()

    @cached_property
    def tokens(self):
        """{id: token}, the vocabulary read the other way (made once: a vocabulary may hold a million)."""
        return {} if self.vocabulary is None else {k: token for token, k in self.vocabulary.items()}

    @property
    def num_parameters(self):
        """The numbers the model holds: embedding, recurrent layers and head."""
        embedded = 0 if self.embedding is None else self.embedding.table.size
        return embedded + self.recurrent.num_parameters + sum(
            layer.W.size + (0 if layer.b is None else layer.b.size) for layer in self.head)

    def embed(self, ids):
        """The recurrent stack's input for token ids (T,), or for features (T, I) without an embedding."""
        if self.embedding is None:
            return np.asarray(ids, dtype=np.float64)
        return self.embedding(ids)

    def trace(self, ids):
        """Every gate of every recurrent layer for these token ids (a NetworkTrace or StackTrace)."""
        return self.recurrent.run(self.embed(ids))

    def predict(self, ids):
        """The head's output: (C,) when the head reads the last step only, else (T, C); the stack's
        output itself when the file holds no head."""
        return self.apply_head(self.head_input(self.trace(ids)))

    def head_input(self, trace):
        """What the head reads from a trace: (D*H,) when it reads the last step only, else (T, D*H)."""
        if self.last_step_only:  # each direction's state after the whole sentence: a backward one's is at step 0
            return np.concatenate([cell.h[0] if cell.reverse else cell.h[-1] for cell in trace.cells[-1]], axis=-1)
        return trace.output

    def apply_head(self, y):
        """The head's dense layers on y (..., D*H), the last axis the last recurrent layer's units."""
        for layer in self.head:
            y = layer(y)
        return y

    def tokenize(self, text):
        """(ids, unknown words) for a sentence, made as self.text says (by default as Keras'
        TextVectorization does: ASCII lower case, punctuation deleted (don't is dont), words
        between ASCII whitespace). An unknown word takes the vocabulary's unknown token ([UNK] or <unk>) where
        it has one; else it is left out. Both ways it is listed. A fixed length cuts the ids, and
        pads them with id 0 as the file's TextVectorization does, unless the embedding masks id 0
        (mask_zero=True), where padding changes nothing the head reads after the sentence."""
        if self.vocabulary is None:
            raise ValueError("this model has no vocabulary: pass vocabulary= to load_model, or give token ids")
        unknown_id = next((self.vocabulary[t] for t in UNKNOWN_TOKENS if t in self.vocabulary), None)
        ids, unknown = [], []
        for word in self.text.words(text):
            if word in self.vocabulary:
                ids.append(self.vocabulary[word])
            else:
                unknown.append(word)
                if unknown_id is not None:
                    ids.append(unknown_id)
        if self.text.length is not None:
            ids = ids[:self.text.length]
            if self.embedding is None or self.embedding.padding is None:  # mask_zero skips padding: none added
                ids += [0] * (self.text.length - len(ids))
        return np.array(ids, dtype=np.int64), unknown

    def __repr__(self):
        parts = {"embedding": None if self.embedding is None else self.embedding.table.shape,
                 "head": list(self.head) or None,
                 "vocabulary": None if self.vocabulary is None else len(self.vocabulary)}
        return call_repr("WholeModel", self.recurrent, **parts)
