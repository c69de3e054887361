"""Weight files in and out: `load_weights(source)`, `read_weights(source)`, `read_outline(source)`
and `save_weights(model, path)`.

Reads (told apart by their first bytes, never by the file name):
    .safetensors / .npz   PyTorch state_dict names (nn.GRU, nn.LSTM, nn.RNN; a module prefix such as
                          encoder.rnn. is found and the other keys reported) or the seed form
                          (W_r, W_z, W_h, b_r, b_z, b_h); float16, bfloat16, float32 or float64
    .keras / .weights.h5  Keras 3 GRU, LSTM, SimpleRNN layers, stacked or Bidirectional
    .onnx                 a chain of ONNX GRU, LSTM or RNN nodes, in ONNX's conventions (onnx_graph.py)
Pickles (torch.save's .pt / .pth / .bin, also inside a zip) are refused, never opened. Only the
safetensors library, numpy.load(allow_pickle=False) and h5py parse a file's contents, after the
sizes it declares have been checked against `Limits`; the onnx package's protobuf messages hold an
.onnx file, and nothing in it runs. Every refusal is a WeightsError (a
ValueError) that says what was wrong and what would be accepted.

`read_outline` reads and checks a file exactly as `read_weights` does but converts no weight to
float64: its model is a ModelOutline (sizes, conventions, parameter count; outline.py), for an app
that summarises a model it will not run, in the memory of the file itself.

Writes .safetensors or .npz: PyTorch names for LSTMs, RNNs and reset="after" GRUs (torch's
load_state_dict accepts them), the seed form for reset="before" GRUs, and beside the arrays the
model's kind, conventions and absent biases (metadata.py), so that a file gru_viz wrote loads back
as an equal model: `load_weights(save_weights(model, path)) == model`.
"""

from pathlib import Path

from ..models import GRU
from ..network import Network
from .containers import read_npz, write_arrays
from .errors import WeightsError, shown
from .hdf5 import read_hdf5
from .keras import from_keras
from .limits import DEFAULT_LIMITS, Limits
from .loaded import LoadedWeights
from .metadata import from_zip_comment, model_metadata, restore, zip_comment
from .onnx_graph import from_onnx
from .outline import DECLARED, NUMBERS, ModelOutline
from .pytorch_names import from_state_dict, is_pytorch, to_state_dict
from .safety import bounded_json, read_zip
from .seed_names import from_seed, is_seed, to_seed
from .source import read_source, refuse_pickle, refuse_unknown, sniff


def read_weights(source, max_bytes=None, *, limits=None) -> LoadedWeights:
    """Load a model from a path, bytes or binary file object, with notes on what was found.

    `limits` (a gru_viz.Limits) bounds file size, input and hidden sizes and layers; `max_bytes`
    overrides its file size alone.
    """
    limits = limits or DEFAULT_LIMITS
    if max_bytes is not None:
        limits = Limits(max_bytes=max_bytes, max_size=limits.max_size, max_layers=limits.max_layers)
    return read_file(read_source(source, limits), limits, NUMBERS)


def read_outline(source, *, limits=None) -> LoadedWeights:
    """What read_weights(source) finds, with the same checks and refusals, but its model is a
    ModelOutline: no weight is converted or kept, so a file costs about its own size to read.
    `loaded.summary()` equals read_weights(source).summary()."""
    limits = limits or DEFAULT_LIMITS
    loaded = read_file(read_source(source, limits), limits, DECLARED)
    return LoadedWeights(ModelOutline.of(loaded.model), loaded.container, loaded.form, loaded.notes,
                         loaded.stored_parameters)


def read_file(data, limits, build):
    """LoadedWeights from a file's bytes; `build` (outline.py) says how weights become cells."""
    kind = sniff(data)
    if kind == "pickle":
        raise refuse_pickle()
    if kind == "hdf5":
        model, notes, stored = from_keras(read_hdf5(data, limits), None, limits, build=build)
        return LoadedWeights(model, "hdf5", "keras", tuple(notes), stored)
    if kind == "zip":
        return read_zip_file(data, limits, build)
    if kind == "safetensors":
        arrays, metadata = build.safetensors(data)
        return from_arrays(arrays, "safetensors", limits, metadata, build)
    if kind == "onnx":
        model, notes, stored = from_onnx(data, limits, build)
        return LoadedWeights(model, "onnx", "onnx", tuple(notes), stored)
    raise refuse_unknown()


def read_zip_file(data, limits, build=NUMBERS):
    """A .npz, a .keras, or torch.save's zip (refused: it holds a pickle)."""
    members, comment = read_zip(data, "the zip archive", limits)
    if any(name.endswith(".pkl") for name in members):
        raise refuse_pickle("this zip is a torch.save file (it holds a pickle, data.pkl)")
    if "model.weights.h5" in members or "config.json" in members:
        for needed in ("config.json", "model.weights.h5"):
            if needed not in members:
                raise WeightsError(f"this .keras archive has no {needed}; a Keras 3 .keras file holds config.json "
                                   "and model.weights.h5")
        config = bounded_json(members["config.json"], "config.json")
        version = None
        if "metadata.json" in members:
            metadata = bounded_json(members["metadata.json"], "metadata.json")
            version = metadata.get("keras_version") if isinstance(metadata, dict) else None
        tree = read_hdf5(members["model.weights.h5"], limits)
        model, notes, stored = from_keras(tree, config, limits, version if isinstance(version, str) else None, build)
        return LoadedWeights(model, "keras", "keras", tuple(notes), stored)
    return from_arrays(read_npz(members), "npz", limits, from_zip_comment(comment), build)


def from_arrays(arrays, container, limits, metadata, build=NUMBERS):
    """LoadedWeights from named arrays, restored as saved where gru_viz `metadata` says how."""
    if not arrays:
        raise WeightsError(f"the {container} file holds no arrays")
    if is_pytorch(arrays):
        model, notes, stored = from_state_dict(arrays, limits, build)
        form = "pytorch"
    elif is_seed(arrays):
        model, notes, stored = from_seed(arrays, limits, build)
        form = "seed"
    else:
        names = ", ".join(map(shown, sorted(arrays)[:8]))
        raise WeightsError(f"no recurrent weights found (keys: {names}). Expected PyTorch names "
                           "(weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ...) or the seed form "
                           "(W_r, W_z, W_h, b_r, b_z, b_h)")
    model, notes = restore(model, form, metadata, tuple(notes))
    return LoadedWeights(model, container, form, tuple(notes), stored)


def arrays_of(data, kind, limits):
    """The named arrays of a .safetensors or .npz file's bytes (already read once by read_file)."""
    if kind == "safetensors":
        return NUMBERS.safetensors(data)[0]
    members, _ = read_zip(data, "the zip archive", limits)
    return read_npz(members)


def load_weights(source, max_bytes=None, *, limits=None):
    """The model stored in `source` (a path, bytes or a binary file object); see read_weights."""
    return read_weights(source, max_bytes, limits=limits).model


def model_form(model):
    """'seed' for a reset='before' GRU, 'pytorch' for every other model: the names it is saved with."""
    return "seed" if isinstance(model, GRU) and model.reset == "before" else "pytorch"


def model_arrays(model):
    """The arrays a model is saved as: seed names for a reset='before' GRU, PyTorch names otherwise."""
    return to_seed(model) if model_form(model) == "seed" else to_state_dict(model)


def model_bytes(model, fmt="safetensors"):
    """The bytes of a .safetensors or .npz file holding the model and its metadata (for downloads)."""
    if not isinstance(model, Network):
        raise TypeError(f"save a gru_viz GRU, LSTM or RNN, not a {type(model).__name__}")
    metadata = model_metadata(model, model_form(model))
    return write_arrays(model_arrays(model), fmt, metadata=metadata, comment=zip_comment(metadata))


def save_weights(model, path):
    """Write `model` to `path` (.safetensors or .npz) and return the path as a Path.

    load_weights(path) gives back an equal model: the same class, conventions and arrays (see
    metadata.py for the one exception, a reset='before' GRU with two biases per gate).
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".")
    if fmt not in ("safetensors", "npz"):
        raise ValueError(f"save to a .safetensors or .npz path, not {path.name!r}")
    path.write_bytes(model_bytes(model, fmt))
    return path


from .around import load_model  # noqa: E402  (it reads files with read_file, above)

__all__ = ["WeightsError", "Limits", "LoadedWeights", "ModelOutline", "load_model", "load_weights", "read_weights",
           "read_outline", "model_bytes", "save_weights"]
