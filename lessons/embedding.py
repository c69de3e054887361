"""Text to vectors for the explorer's text mode: tokens and a small fixed embedding.

Each token gets a vector of `input_size` numbers in (-1, 1), drawn once from a random generator
seeded by the token itself (CRC-32 of its text): the same token always gets the same vector, in
every session and on every machine, and different tokens get unrelated vectors. It is fixed, not
learned: the point is to show a GRU reading a sequence, not to model language.
"""

import zlib
from functools import lru_cache

import numpy as np

from gru_viz.train.tasks import SPACE  # spaces are tokens too in character mode, shown as ␣


def tokenize(text, split="characters"):
    """The token labels of `text`: its characters (spaces shown as ␣) or its words."""
    if split == "words":
        return text.split()
    return [SPACE if ch == " " else ch for ch in text]


@lru_cache(maxsize=4096)
def token_vector(token, input_size):
    """The fixed embedding of one token: a read-only (input_size,) vector in (-1, 1)."""
    rng = np.random.default_rng(zlib.crc32(token.encode("utf-8")))
    vector = np.round(rng.uniform(-1.0, 1.0, input_size), 2)  # two decimals: easy to read and to check
    vector.setflags(write=False)
    return vector


def embed(text, split, input_size):
    """(T, input_size): the embedding of every token of `text`, in order."""
    tokens = tokenize(text, split)
    if not tokens:
        return np.zeros((0, input_size))
    return np.stack([token_vector(token, input_size) for token in tokens])
