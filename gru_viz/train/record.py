"""A training state as JSON and back, and what a finished run is saved as.

to_json / from_json: the whole TrainingState (parameters, Adam moments, step, the batch
generator's state, curves, snapshots). Floats are written with Python's repr, which reads back to
the same bits, so a run saved and reopened goes on exactly as if it had not stopped.

save_trained(state, path): the network's weights as a weight file (gru_viz.weights: the seed form
for our reset-before GRU, PyTorch names otherwise) and, beside it, `<name>.json`, the training
record: the configuration, the read-out (not part of a recurrent layer's weight file), the curves,
the held-out accuracy at each snapshot and the probe sequence (the loss curve to 8 significant
digits, to keep the file small).
"""

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ..weights import model_bytes
from .tasks import probe
from .trainer import Snapshot, TrainConfig, TrainingState, frozen

FORMAT = "gru-viz-training-state"
CURVE_DIGITS = 8  # significant digits of the record's loss curve: plenty to compare, a small file
MAX_JSON_CHARS = 50_000_000


def to_json(state: TrainingState) -> str:
    data = {
        "format": FORMAT,
        "version": 1,
        "config": asdict(state.config),
        "step": state.step,
        "params": state.params.tolist(),
        "m": state.m.tolist(),
        "v": state.v.tolist(),
        "rng": state.rng,
        "loss": list(state.loss),
        "accuracy": list(state.accuracy),
        "snapshots": [{"step": s.step, "params": s.params.tolist(), "eval_loss": s.eval_loss,
                       "eval_accuracy": s.eval_accuracy} for s in state.snapshots],
    }
    return json.dumps(data, allow_nan=False, separators=(",", ":"))


def from_json(text) -> TrainingState:
    """A TrainingState from to_json's text; ValueError naming what is wrong otherwise."""
    try:
        return _from_json(text)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a training state this app wrote: {exc!r}") from None


def _from_json(text):
    if len(text) > MAX_JSON_CHARS:
        raise ValueError("the training state is larger than any the app writes")
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"not a training state (format {FORMAT!r} expected)")
    config = TrainConfig(**data["config"])
    size = config.layout.size

    def vector(values, name):
        array = np.array(values, dtype=np.float64)
        if array.shape != (size,) or not np.all(np.isfinite(array)):
            raise ValueError(f"{name} must hold {size} finite numbers")
        return frozen(array)

    step = data["step"]
    if not isinstance(step, int) or not 0 <= step <= config.steps:
        raise ValueError(f"step must be between 0 and {config.steps}")
    if len(data["loss"]) != step or len(data["accuracy"]) != step:
        raise ValueError("the loss and accuracy curves must have one entry per step")
    bits = np.random.PCG64()
    try:
        bits.state = data["rng"]
    except (TypeError, ValueError, KeyError) as exc:
        raise ValueError(f"rng is not a PCG64 state: {exc}") from None
    snapshots = tuple(Snapshot(step=s["step"], params=vector(s["params"], "a snapshot"),
                               eval_loss=float(s["eval_loss"]), eval_accuracy=float(s["eval_accuracy"]))
                      for s in data["snapshots"])
    return TrainingState(config=config, params=vector(data["params"], "params"), m=vector(data["m"], "m"),
                         v=vector(data["v"], "v"), step=step, rng=bits.state,
                         loss=tuple(float(x) for x in data["loss"]),
                         accuracy=tuple(float(x) for x in data["accuracy"]), snapshots=snapshots)


def training_record(state: TrainingState, weights_name=None, weights_bytes=None, made_by=None):
    """The training record of a run, as a JSON-ready dict (see the module docstring)."""
    config, task = state.config, state.config.the_task
    readout = state.readout()
    x, tokens = probe(task)
    last = state.snapshots[-1]
    record = {
        "format": "gru-viz-training-record",
        "version": 1,
        "config": asdict(config),
        "task": {"title": task.title, "description": task.describe(), "input_size": task.input_size,
                 "output_size": task.output_size, "loss": task.loss, "read_at": task.steps},
        "model": {"kind": config.model, "hidden_size": config.hidden_size,
                  **({"reset": config.reset, "z_convention": "takes_new"} if config.model == "GRU" else {})},
        "steps_trained": state.step,
        "held_out": {"sequences": 256, "loss": last.eval_loss, "accuracy": last.eval_accuracy, "at_step": last.step},
        "snapshots": [{"step": s.step, "eval_loss": s.eval_loss, "eval_accuracy": s.eval_accuracy}
                      for s in state.snapshots],
        "curves": {"loss": [float(f"{v:.{CURVE_DIGITS}g}") for v in state.loss], "accuracy": list(state.accuracy)},
        "readout": {"W": readout.W.tolist(), "b": readout.b.tolist()},
        "probe": {"x": x.tolist(), "tokens": tokens},
        "numpy": np.__version__,
    }
    if weights_name is not None:
        record["weights"] = {"file": weights_name,
                             "sha256": None if weights_bytes is None else hashlib.sha256(weights_bytes).hexdigest()}
    if made_by is not None:
        record["made_by"] = made_by
    return record


def save_trained(state: TrainingState, path, made_by=None):
    """Write the trained network to `path` (.safetensors or .npz) and its record to path.json.
    Returns the two paths."""
    path = Path(path)
    fmt = path.suffix.lstrip(".")
    data = model_bytes(state.model(), fmt)
    path.write_bytes(data)
    record_path = path.with_suffix(".json")
    record = training_record(state, path.name, data, made_by)
    record_path.write_text(json.dumps(record, allow_nan=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return path, record_path
