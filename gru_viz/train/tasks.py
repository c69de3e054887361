"""Toy tasks that need memory: each makes batches of sequences from a seeded NumPy generator.

Every task answers in the shapes the trainer hands on: x (T, B, I), B sequences time-first, as
model.run takes them; the target as gru_viz.readout_loss reads it, at the last step only
(steps="last": target (B,) or (B, 1)) or at every step (steps="all": target (T, B)).

delayed recall   A symbol marked "remember this" at step 0, then k - 1 random distractor
                 symbols, then a "recall now" cue at step k: answer the marked symbol. With
                 2 symbols it is one bit. To succeed a unit must write once and then keep still
                 through k - 1 inputs that look just like the one it wrote.
running parity   A stream of bits; at every step answer whether the number of ones so far is odd.
                 One unit must flip on every 1 and hold on every 0, for the whole sequence.
adding problem   Two channels: a random value in [0, 1] and a marker; the answer, at the last step,
                 is the sum of the two marked values (Hochreiter and Schmidhuber 1997, "Long
                 short-term memory", experiment 4; the form with one marker in each half is that of
                 Le, Jaitly and Hinton 2015). Counted correct within 0.04, the 1997 criterion.
next character   Windows of a short text this project wrote (gru_viz/data/harbour.txt); at every
                 step predict the next character from the ones read so far. Training windows come
                 from the first four fifths of the text, held-out ones from the last fifth.

`batch(rng, B, held_out=True)` draws the sequences accuracy is measured on: for the generated
tasks any fresh batch, for the text its held-out part. `probe(task)` is one fixed sequence of each
task, the same at every point of training, on which the app shows the gates as the network learns.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

SPACE = "␣"  # a space shown as a token, visible on a time axis
TEXT_FILE = Path(__file__).resolve().parent.parent / "data" / "harbour.txt"
PROBE_SEED = 20141003  # fixed: the probe is the same sequence for every run and every snapshot
MAX_LENGTH = 100
LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class DelayedRecall:
    """Remember the symbol shown k steps before the question. Channels of x: one per symbol,
    then "remember this" (step 0 only) and "recall now" (step k only)."""

    length: int = 10  # the delay k
    symbols: int = 4
    name = "recall"
    title = "Delayed recall"
    loss, steps = "cross_entropy", "last"
    length_label = "delay k (steps between the symbol and the question)"
    min_length = 1

    @property
    def input_size(self):
        return self.symbols + 2

    @property
    def output_size(self):
        return self.symbols

    @property
    def chance(self):
        return 1.0 / self.symbols

    def describe(self):
        return (f"Step 0 shows one of {self.symbols} symbols marked *remember this*; the next {self.length - 1} "
                f"steps show random symbols that do not count; at step {self.length} a cue asks for the marked "
                f"one. Guessing gets {self.chance:.0%}.")

    def batch(self, rng, batch_size, held_out=False):
        k, S = self.length, self.symbols
        shown = rng.integers(0, S, size=(k, batch_size))  # row 0: the one to remember; rows 1..k-1: distractors
        x = np.zeros((k + 1, batch_size, S + 2))
        x[np.arange(k)[:, None], np.arange(batch_size), shown] = 1.0
        x[0, :, S] = 1.0  # remember this
        x[k, :, S + 1] = 1.0  # recall now
        return x, shown[0]

    def tokens(self, x):
        S = self.symbols
        labels = [LETTERS[int(np.argmax(row[:S]))] for row in x[:-1]]
        return [labels[0] + "*"] + labels[1:] + ["?"]


@dataclass(frozen=True)
class RunningParity:
    """At every step: is the number of ones read so far odd? x has one channel, the bit."""

    length: int = 20
    symbols: int = 2  # unused; every task carries the field so that configurations look alike
    name = "parity"
    title = "Running parity"
    loss, steps = "cross_entropy", "all"
    length_label = "sequence length T"
    min_length = 2
    input_size, output_size, chance = 1, 2, 0.5

    def describe(self):
        return (f"{self.length} random bits; at every step answer 1 if the count of ones so far is odd, else 0. "
                "Guessing gets 50%.")

    def batch(self, rng, batch_size, held_out=False):
        bits = rng.integers(0, 2, size=(self.length, batch_size))
        return bits[..., None].astype(np.float64), np.cumsum(bits, axis=0) % 2

    def tokens(self, x):
        return [str(int(v)) for v in x[:, 0]]


@dataclass(frozen=True)
class AddingProblem:
    """Add the two marked values. x channels: the value, then the marker (1 at two steps)."""

    length: int = 20
    symbols: int = 2  # unused
    name = "adding"
    title = "Adding problem"
    loss, steps = "mse", "last"
    length_label = "sequence length T"
    min_length = 2
    input_size, output_size = 2, 1
    tolerance = 0.04  # Hochreiter and Schmidhuber 1997: an answer within 0.04 counts as right
    chance = 0.08  # about what always answering 1.0 scores (the sum has a triangular density on [0, 2])

    def describe(self):
        return (f"{self.length} random values in [0, 1]; two of them are marked, one in each half. At the last "
                f"step answer their sum; within {self.tolerance} counts as right. Always answering 1 "
                f"scores about {self.chance:.0%} (its squared error, about 0.167, is the loss to beat).")

    def batch(self, rng, batch_size, held_out=False):
        T, half = self.length, self.length // 2
        values = rng.uniform(0.0, 1.0, size=(T, batch_size))
        first = rng.integers(0, half, size=batch_size)
        second = rng.integers(half, T, size=batch_size)
        columns = np.arange(batch_size)
        x = np.zeros((T, batch_size, 2))
        x[..., 0] = values
        x[first, columns, 1] = 1.0
        x[second, columns, 1] = 1.0
        return x, (values[first, columns] + values[second, columns])[:, None]

    def tokens(self, x):
        return [f"{v:.2f}" + ("*" if marked else "") for v, marked in x]


@dataclass(frozen=True)
class NextCharacter:
    """Predict the next character of the project's own short text; x is a one-hot character."""

    length: int = 32
    symbols: int = 2  # unused
    name = "text"
    title = "Next character"
    loss, steps = "cross_entropy", "all"
    length_label = "window length T (characters read per sequence)"
    min_length = 2
    probe_start = "what the book teaches"

    @property
    def text(self):
        return corpus()[0]

    @property
    def vocabulary(self):
        return corpus()[1]

    @property
    def codes(self):
        return corpus()[2]

    @property
    def input_size(self):
        return len(self.vocabulary)

    @property
    def output_size(self):
        return len(self.vocabulary)

    @property
    def chance(self):
        return float(np.max(np.bincount(self.codes)) / len(self.codes))  # always the commonest (a space)

    def describe(self):
        return (f"Windows of {self.length} characters from a short text about a harbour ({len(self.text):,} "
                f"characters, {self.input_size} distinct); at every step predict the next character. Always "
                f"guessing a space gets {self.chance:.0%}. Held-out windows come from the text's last fifth.")

    def batch(self, rng, batch_size, held_out=False):
        T, split = self.length, held_out_start(len(self.codes), self.length)
        low, high = (split, len(self.codes) - T) if held_out else (0, split - T)
        starts = rng.integers(low, high, size=batch_size)
        window = self.codes[starts[None, :] + np.arange(T + 1)[:, None]]  # (T + 1, B)
        return np.eye(self.input_size)[window[:-1]], window[1:]

    def probe(self):
        start = self.text.index(self.probe_start)
        window = self.codes[start : start + self.length]
        x = np.eye(self.input_size)[window]
        return x, self.tokens(x)

    def tokens(self, x):
        return [SPACE if ch == " " else ch for ch in (self.vocabulary[int(k)] for k in np.argmax(x, axis=-1))]


TASKS = {task.name: task for task in (DelayedRecall, RunningParity, AddingProblem, NextCharacter)}


def make_task(name, length=None, symbols=4):
    """The task called `name` ('recall', 'parity', 'adding', 'text') with its length (delay k for
    recall), or a ValueError saying which value is out of range."""
    if name not in TASKS:
        raise ValueError(f"task must be one of {tuple(TASKS)}, got {name!r}")
    cls = TASKS[name]
    length = cls.length if length is None else length
    if not isinstance(length, (int, np.integer)) or not cls.min_length <= length <= MAX_LENGTH:
        raise ValueError(f"the {cls.length_label} must be a whole number from {cls.min_length} to {MAX_LENGTH}, "
                         f"got {length!r}")
    if name == "recall" and (not isinstance(symbols, (int, np.integer)) or not 2 <= symbols <= len(LETTERS)):
        raise ValueError(f"delayed recall takes 2 to {len(LETTERS)} symbols, got {symbols!r}")
    return cls(length=int(length), symbols=int(symbols) if name == "recall" else cls.symbols)


def probe(task):
    """(x (T, I), token labels): one fixed sequence of the task, the same for every run."""
    if hasattr(task, "probe"):
        return task.probe()
    x = task.batch(np.random.default_rng(PROBE_SEED), 1)[0][:, 0]
    return x, task.tokens(x)


def correct(task, prediction, target):
    """Which answers are right, one boolean per answered position: the largest logit is the
    label (cross-entropy tasks), or the value lies within the task's tolerance (adding)."""
    if task.loss == "mse":
        return np.abs(prediction[..., 0] - target[..., 0]) < task.tolerance
    return np.argmax(prediction, axis=-1) == target


def held_out_start(n, length):
    """Where the held-out part of the text begins: its last fifth, kept long enough for a window.
    Training windows end before it, so held-out accuracy measures what generalises, not what was
    memorised (the probe lies in the training part)."""
    return min(n - (n // 5), n - 2 * length - 1)


def read_text(path=TEXT_FILE):
    """The text, lower case, every run of white space one space."""
    return re.sub(r"\s+", " ", Path(path).read_text(encoding="utf-8").lower()).strip()


@lru_cache(maxsize=1)
def corpus():
    """(text, vocabulary: its distinct characters in order, codes: each character's index), read once."""
    text = read_text()
    vocabulary = "".join(sorted(set(text)))
    lookup = {ch: k for k, ch in enumerate(vocabulary)}
    codes = np.array([lookup[ch] for ch in text])
    codes.setflags(write=False)
    return text, vocabulary, codes
