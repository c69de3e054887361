"""Weight files in and out: `load_weights(source)` and `save_model(model, path)`.

Reads .safetensors and .npz holding PyTorch state_dict names (nn.GRU, nn.LSTM, nn.RNN) or the seed
form (W_r, W_z, W_h, b_r, b_z, b_h). Pickles are refused, never opened. Every refusal is a
WeightsError (a ValueError) that says what was wrong and what would be accepted.
"""

from dataclasses import dataclass
from pathlib import Path

from ..models import GRU
from .containers import read_arrays, read_source, write_arrays
from .errors import WeightsError
from .pytorch_names import from_state_dict, is_pytorch, to_state_dict
from .seed_names import from_seed, is_seed, to_seed

MAX_BYTES = 64 * 2**20


@dataclass(frozen=True)
class LoadedWeights:
    """A model with what the loader found out: container format, naming form and notes."""

    model: object
    container: str
    form: str
    notes: tuple


def read_weights(source, max_bytes=MAX_BYTES) -> LoadedWeights:
    """Load a model from a path, bytes or binary file object, with notes on what was found."""
    container, arrays = read_arrays(read_source(source, max_bytes))
    if not arrays:
        raise WeightsError(f"the {container} file holds no arrays")
    if is_pytorch(arrays):
        model, notes = from_state_dict(arrays)
        form = "pytorch"
    elif is_seed(arrays):
        model, notes = from_seed(arrays)
        form = "seed"
    else:
        names = ", ".join(sorted(arrays)[:8])
        raise WeightsError(f"no recurrent weights found (keys: {names}). Expected PyTorch names "
                           "(weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ...) or the seed form "
                           "(W_r, W_z, W_h, b_r, b_z, b_h)")
    return LoadedWeights(model=model, container=container, form=form, notes=tuple(notes))


def load_weights(source, max_bytes=MAX_BYTES):
    """The model stored in `source` (a path, bytes or a binary file object)."""
    return read_weights(source, max_bytes).model


def model_arrays(model):
    """The arrays a model is saved as: seed names for a reset='before' GRU, PyTorch names otherwise."""
    if isinstance(model, GRU) and model.reset == "before":
        return to_seed(model)
    return to_state_dict(model)


def model_bytes(model, fmt="safetensors"):
    """The bytes of a .safetensors or .npz file holding the model (for downloads)."""
    return write_arrays(model_arrays(model), fmt)


def save_model(model, path):
    path = Path(path)
    fmt = path.suffix.lstrip(".")
    if fmt not in ("safetensors", "npz"):
        raise ValueError(f"save to a .safetensors or .npz path, not {path.name!r}")
    path.write_bytes(model_bytes(model, fmt))
    return path


__all__ = ["WeightsError", "LoadedWeights", "load_weights", "read_weights", "model_bytes", "save_model"]
