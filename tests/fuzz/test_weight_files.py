"""Weight files, beyond tests/weights/test_mutated_files.py (byte flips of the examples, one
.weights.h5 and two .npz): byte flips of the files it leaves out (GRU .weights.h5 files, more
.keras files, float16 and bfloat16 files, a torch.save pickle), and damage that keeps each
container well formed so that it reaches the readers behind it: Keras configs with values
replaced, safetensors and .npz files with arrays renamed, reshaped and retyped, safetensors
headers that lie, HDF5 trees rewritten. Every file loads or raises WeightsError; a GRU that loads
then goes where the Load page sends it: each cell becomes an app state or a StateError, and the
state computes without a warning."""

import io
import json
import warnings

import h5py
import numpy as np
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import gru_viz
from gru_viz.weights import read_weights
from gru_viz.weights.containers import read_safetensors
from gru_viz.weights.hdf5 import read_hdf5
from gru_viz.weights.limits import Limits
from lessons.explore import run_state, state_for_cell
from lessons.state import StateError
from tests.fuzz import EXAMPLES, JSON_VALUES
from tests.weights.support import DATA, KERAS, keras_members, npz_bytes, safetensors_raw, zip_bytes
from tests.weights.support import EXAMPLES as EXAMPLE_FILES

CURRENT = EXAMPLES["Write once, carry"]
NOT_YET_MUTATED = {
    **{name: (KERAS / name).read_bytes() for name in (
        "gru_reset_after.weights.h5", "gru_reset_before.weights.h5", "bidir_gru.weights.h5", "gru_no_bias.weights.h5",
        "gru_stacked_head.weights.h5", "bidir_rnn_stacked.weights.h5", "bidir_gru_before.keras",
        "gru_stacked_head.keras", "gru_last_state.keras")},
    **{p.name: p.read_bytes() for p in sorted(DATA.iterdir()) if p.suffix in (".safetensors", ".pt")},
}
SAFETENSORS = {p.name: read_safetensors(p.read_bytes()) for p in sorted(EXAMPLE_FILES.glob("*.safetensors"))}
SAFETENSORS["gru_bfloat16.safetensors"] = read_safetensors((DATA / "gru_bfloat16.safetensors").read_bytes())
KERAS_FILES = ("gru_reset_after", "gru_reset_before", "bidir_gru", "gru_stacked_head", "gru_last_state", "gru_no_bias",
               "bidir_lstm_stacked")
WEIGHTS_H5 = {name: read_hdf5((KERAS / f"{name}.weights.h5").read_bytes(), Limits()) for name in KERAS_FILES}


def load_and_explore(data):
    """read_weights, then the Load page's path for a GRU: every cell to a state, and its trace."""
    try:
        loaded = read_weights(data)
    except gru_viz.WeightsError as exc:
        event("refused")
        assert str(exc)
        return
    event("loaded")
    summary = loaded.summary()
    model = loaded.model
    assert summary["layers"] == model.num_layers >= 1
    if type(model).__name__ != "GRU":
        return
    for layer in range(model.num_layers):
        for direction in range(model.num_directions):
            try:
                state = state_for_cell(model, CURRENT, layer, direction, "uploaded.safetensors")
            except StateError:
                continue  # beyond the explorer's sizes or weights: the page says so
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                assert np.all(np.isfinite(run_state(state).output))


@st.composite
def flipped(draw):
    """Byte flips (anywhere, and in the first and last 2 kB) and a cut, as in test_mutated_files."""
    data = bytearray(NOT_YET_MUTATED[draw(st.sampled_from(sorted(NOT_YET_MUTATED)))])
    for _ in range(draw(st.integers(1, 12))):
        span = len(data) if draw(st.booleans()) else min(2048, len(data))
        at = draw(st.integers(0, span - 1))
        data[at if draw(st.booleans()) else len(data) - 1 - at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=flipped())
def test_a_damaged_file_of_another_kind_loads_or_is_refused(data):
    load_and_explore(data)


# ---- Keras configs with values replaced --------------------------------------------------------------


def places(value, path=()):
    """Every place in a JSON value: (path to it) for each dict entry and list item, depth first."""
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += places(child, (*path, key))
    elif isinstance(value, list):
        for k, child in enumerate(value):
            found += places(child, (*path, k))
    return found


KERAS_WORDS = st.sampled_from(["GRU", "LSTM", "SimpleRNN", "Bidirectional", "Dense", "Dropout", "InputLayer",
                               "Sequential", "Functional", "gru", "relu", "sum", True, False, 4, 5, 0, -1])


@st.composite
def keras_with_config_changed(draw):
    members = keras_members(draw(st.sampled_from(KERAS_FILES)))
    config = json.loads(members["config.json"])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(places(config)[1:]))
        parent = config
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.integers(0, 4)) == 0:
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(KERAS_WORDS | JSON_VALUES)
    members["config.json"] = json.dumps(config).encode()
    if draw(st.integers(0, 5)) == 0:  # the weights of another model under this config
        members["model.weights.h5"] = keras_members(draw(st.sampled_from(KERAS_FILES)))["model.weights.h5"]
    return zip_bytes(members)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=keras_with_config_changed())
def test_a_keras_file_with_its_config_changed_loads_or_is_refused(data):
    load_and_explore(data)


# ---- arrays renamed, reshaped, retyped (safetensors and .npz) -------------------------------------------

NAMES = st.sampled_from(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1",
                         "weight_ih_l0_reverse", "bias_hh_l2", "weight_hh_l10", "rnn.weight_ih_l0", "W_r", "W_z",
                         "W_h", "b_r", "b_h", "W_r_l1", "b_z_reverse", "fc.weight", "", "weight_ih_l"])
VALUES = st.sampled_from([0.0, -0.0, 1e6, -1e6, 1e6 + 1, 1e30, 3e38, np.nan, np.inf, -np.inf, 5e-324, 65504.0])


@st.composite
def changed_arrays(draw):
    arrays = dict(SAFETENSORS[draw(st.sampled_from(sorted(SAFETENSORS)))])
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(arrays))) if arrays else None
        how = draw(st.sampled_from(["rename", "drop", "copy", "reshape", "retype", "value"]))
        if name is None:
            break
        array = arrays[name]
        if how == "rename":
            arrays[draw(NAMES)] = arrays.pop(name)
        elif how == "drop":
            del arrays[name]
        elif how == "copy":
            arrays[draw(NAMES)] = array
        elif how == "reshape":
            shapes = [array.T, array[:-1], array[..., :-1], array[None], array.reshape(-1), np.concatenate([array] * 2)]
            arrays[name] = draw(st.sampled_from(shapes))
        elif how == "retype":
            kinds = ["float16", "float32", "float64", "int32", "uint8", "bool"]
            with np.errstate(over="ignore", invalid="ignore"):
                arrays[name] = array.astype(draw(st.sampled_from(kinds)))
        elif array.size:
            array = array.astype(np.float64)
            array.flat[draw(st.integers(0, array.size - 1))] = draw(VALUES)
            with np.errstate(over="ignore"):  # 1e30 as float16 is inf, which the loader must refuse
                arrays[name] = array.astype(arrays[name].dtype) if arrays[name].dtype.kind == "f" else array
    return arrays


SAFETENSORS_DTYPES = {"float16": "F16", "float32": "F32", "float64": "F64", "int32": "I32", "uint8": "U8",
                      "bool": "BOOL"}


@st.composite
def safetensors_files(draw):
    """A hand-made safetensors file of changed arrays, with a header entry that may lie (another
    dtype, shape or offset than the data)."""
    arrays = draw(changed_arrays())
    tensors = {name: [SAFETENSORS_DTYPES[str(a.dtype)], list(a.shape), np.ascontiguousarray(a).tobytes()]
               for name, a in arrays.items()}
    if tensors and draw(st.booleans()):
        entry = tensors[draw(st.sampled_from(sorted(tensors)))]
        lie = draw(st.sampled_from(["dtype", "shape", "data"]))
        if lie == "dtype":
            entry[0] = draw(st.sampled_from(["F32", "F64", "BF16", "I64", "F8_E4M3", "f32", "", "COMPLEX"]))
        elif lie == "shape":
            entry[1] = draw(st.lists(st.integers(-1, 2**41) | st.sampled_from([1.5, "3", None]), max_size=9))
        else:
            entry[2] = entry[2][: draw(st.integers(0, len(entry[2])))]
    return safetensors_raw({name: tuple(entry) for name, entry in tensors.items()})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=safetensors_files())
def test_a_safetensors_file_with_arrays_changed_loads_or_is_refused(data):
    load_and_explore(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arrays=changed_arrays(),
       odd=st.none() | st.sampled_from(["<U3", "complex128", "datetime64[s]", "object", "i8,f8"]))
def test_an_npz_file_with_arrays_changed_loads_or_is_refused(arrays, odd):
    if odd and arrays:  # a dtype a weight never has; object arrays are written as pickles
        name = sorted(arrays)[0]
        arrays[name] = np.zeros(arrays[name].shape, dtype=odd)
    load_and_explore(npz_bytes(**arrays))


# ---- HDF5 trees rewritten ---------------------------------------------------------------------------

GROUP_NAMES = st.sampled_from(["gru", "gru_1", "gru_2", "lstm", "simple_rnn", "bidirectional", "dense", "cell",
                               "vars", "forward_layer", "backward_layer", "layers", "optimizer", "model_weights"])


@st.composite
def rewritten_hdf5(draw):
    """A Keras .weights.h5 tree written again with a group renamed, a dataset reshaped, retyped,
    moved or dropped, a legacy marker, or a link Keras never writes."""
    tree = WEIGHTS_H5[draw(st.sampled_from(sorted(WEIGHTS_H5)))]
    arrays = dict(tree.arrays)
    for _ in range(draw(st.integers(1, 3))):
        if not arrays:
            break
        path = draw(st.sampled_from(sorted(arrays)))
        how = draw(st.sampled_from(["rename", "reshape", "retype", "drop", "move", "value"]))
        array = arrays.pop(path)
        parts = path.split("/")
        if how == "rename":
            parts[draw(st.integers(0, len(parts) - 2))] = draw(GROUP_NAMES)
        elif how == "reshape":
            array = draw(st.sampled_from([array.T, array[:-1], array[None], array.reshape(-1)]))
        elif how == "retype":
            array = array.astype(draw(st.sampled_from(["float16", "float32", "int8", "uint64", "bool"])))
        elif how == "move":
            parts = parts[-2:] if draw(st.booleans()) else ["layers", *parts[1:-2], "extra", *parts[-2:]]
        elif how == "value" and array.size:
            array = array.astype(np.float64)
            array.flat[0] = draw(VALUES)
        if how != "drop":
            arrays["/".join(parts)] = array
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as root:
        for path, array in arrays.items():
            try:
                root.create_dataset(path, data=array)
            except (ValueError, TypeError, KeyError, OSError):
                pass  # the path is taken (a moved dataset landed on another): keep the first
        extra = draw(st.sampled_from([None, "legacy", "soft", "external", "attribute"]))
        if extra == "legacy":
            root.attrs["layer_names"] = [b"gru"]
        elif extra == "soft":
            root["layers/alias"] = h5py.SoftLink("/layers")
        elif extra == "external":
            root["layers/elsewhere"] = h5py.ExternalLink("other.h5", "/layers")
        elif extra == "attribute":
            root["layers"].attrs["note"] = "x" * 100
    return buffer.getvalue()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=rewritten_hdf5())
def test_a_rewritten_weights_h5_file_loads_or_is_refused(data):
    load_and_explore(data)
