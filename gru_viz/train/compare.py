"""GRU, LSTM and plain RNN side by side: the same delayed-recall task, the same budget, accuracy against delay.

Every run of a comparison shares everything but the model kind and the delay: hidden size, number
of steps, learning rate, batch size, seed (so the same stream of batches for all three kinds) and
how the keeping gate starts (keep_bias: 0 is PyTorch's initialisation, see params.initial_params;
a plain RNN has no such gate).
What it measures is the held-out accuracy after the fixed number of steps. Used twice: live in the
app on small settings, and by scripts/compare_models.py for the full table the app ships
(gru_viz/data/compare_recall.json).
"""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .trainer import TrainConfig, advance, start

MODELS = ("GRU", "LSTM", "RNN")
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "compare_recall.json"


@dataclass(frozen=True)
class CompareJob:
    """One run of a comparison: a model kind at a delay, with one seed."""

    model: str
    delay: int
    seed: int = 0


@dataclass(frozen=True)
class CompareSettings:
    """What every run of a comparison shares."""

    hidden_size: int = 8
    steps: int = 400
    symbols: int = 4
    learning_rate: float = 0.02
    batch_size: int = 32
    delays: tuple = (2, 5, 10, 20, 30)
    seeds: tuple = (0,)
    models: tuple = MODELS
    keep_bias: float = 0.0

    def config(self, job: CompareJob) -> TrainConfig:
        return TrainConfig(task="recall", model=job.model, hidden_size=self.hidden_size, length=job.delay,
                           symbols=self.symbols, learning_rate=self.learning_rate, steps=self.steps,
                           batch_size=self.batch_size, seed=job.seed, snapshots=10, keep_bias=self.keep_bias)


def compare_jobs(settings: CompareSettings):
    """The runs in the order they are done: delay by delay, each delay for every model and seed, so
    a partial comparison already compares the kinds."""
    return [CompareJob(model, delay, seed) for delay in settings.delays for seed in settings.seeds
            for model in settings.models]


def run_job(settings: CompareSettings, job: CompareJob, chunk=None):
    """Train one run to the end (in chunks of `chunk` steps, which changes nothing) and return its row."""
    state = start(settings.config(job))
    while not state.done:
        state = advance(state, chunk or settings.steps)
    return result_row(job, state)


def result_row(job: CompareJob, state):
    """{model, delay, seed, keep_bias, accuracy (held-out, at the end), steps_to_95 (the first
    snapshot at or above 95 %, or None)}."""
    reached = [s.step for s in state.snapshots if s.eval_accuracy >= 0.95]
    return {**asdict(job), "keep_bias": state.config.keep_bias, "accuracy": state.snapshots[-1].eval_accuracy,
            "steps_to_95": reached[0] if reached else None}


def load_shipped(path=SHIPPED):
    """The shipped comparison: {"settings": ..., "rows": [...], ...} as scripts/compare_models.py wrote it."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
