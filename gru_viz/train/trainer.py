"""Training a small recurrent network on a toy task, in NumPy, with gru_viz's own backprop.

    config = TrainConfig(task="recall", model="GRU", hidden_size=16, length=10, steps=600)
    state = start(config)                 # step 0: weights, Adam moments, batch generator, snapshot
    state = advance(state, 100)           # 100 steps more; call again to go on
    state.loss[-1], state.accuracy[-1]    # per step, on that step's batch
    state.snapshots[-1].eval_accuracy     # on a fixed held-out batch, at each snapshot

One step: draw a batch from the task (the generator's state is part of the training state), run
the network over it (model.run, time-first (T, B, I)), apply the linear read-out and the task's
loss (gru_viz.readout_loss), backpropagate (gru_viz.backward: through the read-out, the loss and
every step of the network), clip the gradient's global norm, and take an Adam step (optim.py).

Everything the next step depends on lives in the TrainingState: parameters, both Adam moments, the
step counter and the batch generator's state. Nothing else carries over, so training is a pure
function of (config, number of steps): 1000 steps at once and ten calls of 100 give the very same
bits, and a state written to JSON and read back goes on exactly as if it had never stopped.

The GRU trained here is the app's convention: reset gate before W_h, z takes the new candidate,
h_t = (1 - z_t) h_{t-1} + z_t h~_t (z near 0 keeps the old state); see gru_viz.cells.gru.
"""

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from ..conventions import RESET_POSITIONS
from ..gradients import backward
from ..losses import readout_loss
from .optim import adam_update, clip_by_global_norm
from .params import MODELS, Layout, flatten_gradients, initial_params, unpack
from .tasks import TASKS, correct, make_task

MAX_HIDDEN = 128
MAX_STEPS = 100_000
EVAL_SEQUENCES = 256


@dataclass(frozen=True)
class TrainConfig:
    """What to train and how. length is the delay k for delayed recall, else the sequence length;
    symbols is used by delayed recall only. clip=0 trains without clipping. reset is the GRU's
    reset position (the app trains "before"; the benchmark also "after", torch's form). keep_bias
    starts the keeping gate on its keeping side (params.initial_params); 0 is PyTorch's start."""

    task: str = "recall"
    model: str = "GRU"
    hidden_size: int = 16
    length: int = 10
    symbols: int = 4
    learning_rate: float = 0.01
    steps: int = 1000
    batch_size: int = 32
    clip: float = 1.0
    seed: int = 0
    reset: str = "before"
    snapshots: int = 20
    keep_bias: float = 0.0

    def __post_init__(self):
        make_task(self.task, self.length, self.symbols)  # raises for a bad task, length or symbols
        if self.model not in MODELS:
            raise ValueError(f"model must be one of {tuple(MODELS)}, got {self.model!r}")
        for name, low, high in (("hidden_size", 1, MAX_HIDDEN), ("steps", 1, MAX_STEPS), ("batch_size", 1, 4096),
                                ("seed", 0, 2**32 - 1), ("snapshots", 1, 1000)):
            value = getattr(self, name)
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or not low <= value <= high:
                raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
        for name, low, high in (("learning_rate", 0.0, 1.0), ("clip", 0.0, 1e6), ("keep_bias", 0.0, 10.0)):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
                raise ValueError(f"{name} must be a number from {low:g} to {high:g}, got {value!r}")
        if self.learning_rate == 0.0:
            raise ValueError("learning_rate must be above 0")
        if self.reset not in RESET_POSITIONS:
            raise ValueError(f"reset must be 'before' or 'after', got {self.reset!r}")

    @property
    def the_task(self):
        return task_of(self)

    @property
    def layout(self):
        return layout_of(self)

    @property
    def snapshot_every(self):
        return max(1, math.ceil(self.steps / self.snapshots))

    def is_snapshot(self, step):
        return step % self.snapshot_every == 0 or step == self.steps


@lru_cache(maxsize=256)
def task_of(config):
    return make_task(config.task, config.length, config.symbols)


@lru_cache(maxsize=256)
def layout_of(config):
    """The config's Layout, one object per config, so its offsets are worked out once."""
    task = task_of(config)
    return Layout(config.model, task.input_size, config.hidden_size, task.output_size, config.reset)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The parameters after `step` steps, and the loss and accuracy on the held-out batch then."""

    step: int
    params: np.ndarray
    eval_loss: float
    eval_accuracy: float


@dataclass(frozen=True, eq=False)
class TrainingState:
    """Everything a run needs to go on, and its record so far. Arrays are read-only.

    params, m, v   the flat parameters (params.py) and Adam's two moments, (layout.size,)
    step           steps taken; loss[i] and accuracy[i] belong to step i + 1 (on its batch)
    rng            the batch generator's state (numpy PCG64's state dict: plain ints and strings)
    snapshots      Snapshot at step 0 and every config.snapshot_every steps, and at config.steps
    """

    config: TrainConfig
    params: np.ndarray
    m: np.ndarray
    v: np.ndarray
    step: int = 0
    rng: dict = field(default_factory=dict)
    loss: tuple = ()
    accuracy: tuple = ()
    snapshots: tuple = ()

    @property
    def done(self):
        return self.step >= self.config.steps

    def model(self, params=None):
        """The network (a GRU, LSTM or RNN) at these parameters (default: the current ones)."""
        return unpack(self.config.layout, self.params if params is None else params)[0]

    def readout(self, params=None):
        return unpack(self.config.layout, self.params if params is None else params)[1]


def start(config: TrainConfig) -> TrainingState:
    """Step 0: fresh weights, zero moments, the batch generator seeded, the first snapshot."""
    params = initial_params(config.layout, config.seed, config.keep_bias)
    rng = np.random.Generator(np.random.PCG64([config.seed, 2]))
    state = TrainingState(config=config, params=frozen(params), m=frozen(np.zeros_like(params)),
                          v=frozen(np.zeros_like(params)), rng=rng.bit_generator.state)
    return replace(state, snapshots=(snapshot(config, params, 0),))


def advance(state: TrainingState, steps) -> TrainingState:
    """The state after up to `steps` more steps (fewer when config.steps is reached first)."""
    config = state.config
    n = max(0, min(int(steps), config.steps - state.step))
    if n == 0:
        return state
    task, layout = config.the_task, config.layout
    params, m, v = state.params.copy(), state.m.copy(), state.v.copy()
    bits = np.random.PCG64()
    bits.state = state.rng
    rng = np.random.Generator(bits)
    grad, scratch = np.empty(layout.size), np.empty(layout.size)
    losses, hits, snapshots = list(state.loss), list(state.accuracy), list(state.snapshots)
    for step in range(state.step + 1, state.step + n + 1):
        x, target = task.batch(rng, config.batch_size)
        loss, prediction = loss_and_gradient(config, params, x, target, out=grad)
        clip_by_global_norm(grad, config.clip)
        adam_update(params, grad, m, v, step, config.learning_rate, scratch=scratch)
        losses.append(loss)
        hits.append(float(np.mean(correct(task, prediction, target))))
        if config.is_snapshot(step):
            snapshots.append(snapshot(config, params, step))
    return replace(state, params=frozen(params), m=frozen(m), v=frozen(v), step=state.step + n,
                   rng=bits.state, loss=tuple(losses), accuracy=tuple(hits), snapshots=tuple(snapshots))


def loss_and_gradient(config: TrainConfig, params, x, target, out=None):
    """(loss, prediction) of the network with flat parameters `params` on a batch, and d loss /
    d params written into `out` (a new array when None; then it is returned third)."""
    task, layout = config.the_task, config.layout
    model, readout = unpack(layout, params)
    trace = model.run(x)
    result = readout_loss(readout, trace.output, target, loss=task.loss, steps=task.steps)
    grads = backward(model, trace, d_output=result.d_output)
    flat = flatten_gradients(layout, grads.layers[0][0], result.d_readout, out=out)
    return (result.loss, result.prediction) if out is not None else (result.loss, result.prediction, flat)


def evaluate(config: TrainConfig, params, x=None, target=None):
    """(loss, accuracy) on a batch, by default the run's fixed held-out batch."""
    if x is None:
        x, target = held_out(config)
    model, readout = unpack(config.layout, params)
    task = config.the_task
    result = readout_loss(readout, model.run(x).output, target, loss=task.loss, steps=task.steps)
    return result.loss, float(np.mean(correct(task, result.prediction, target)))


@lru_cache(maxsize=64)
def held_out(config: TrainConfig, sequences=EVAL_SEQUENCES):
    """A fixed batch the run never trains on (its own stream of the seed), read-only."""
    x, target = config.the_task.batch(np.random.default_rng([config.seed, 3]), sequences, held_out=True)
    return frozen(x), frozen(target)


def snapshot(config, params, step):
    loss, accuracy = evaluate(config, params)
    return Snapshot(step=step, params=frozen(params.copy()), eval_loss=loss, eval_accuracy=accuracy)


def frozen(array):
    array = np.asarray(array)
    array.setflags(write=False)
    return array


__all__ = ["TASKS", "TrainConfig", "TrainingState", "Snapshot", "start", "advance", "loss_and_gradient",
           "evaluate", "held_out"]
