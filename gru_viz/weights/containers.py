"""Read and write the containers that hold weight arrays: .safetensors and .npz.

Only the safetensors library and numpy.load(allow_pickle=False) ever parse a user's bytes, and
they parse them in memory. Pickles (torch.save's .pt / .pth / .bin) are recognised by their first
bytes and refused before anything reads them.
"""

import io
import os
import struct
import zipfile

import numpy as np

from .errors import WeightsError

ACCEPTED_DTYPES = (np.float16, np.float32, np.float64)

CONVERT_PICKLE = (
    "Convert it once, in Python, where you trust the file: "
    "`import torch; from safetensors.torch import save_file; "
    "save_file(torch.load('model.pt', weights_only=True), 'model.safetensors')` "
    "(for a whole saved module, save its .state_dict()), then open the .safetensors file."
)


def read_source(source, max_bytes):
    """The bytes of a path, a bytes object or a binary file object, refusing more than max_bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        try:
            size = os.path.getsize(source)
        except OSError as exc:
            raise WeightsError(f"cannot open {os.fspath(source)!r}: {exc.strerror}") from None
        if size > max_bytes:
            raise WeightsError(too_big(size, max_bytes))
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    elif hasattr(source, "read"):
        data = source.read(max_bytes + 1)
        if not isinstance(data, bytes):
            raise WeightsError("the file object must be opened in binary mode ('rb')")
    else:
        raise WeightsError(f"load_weights takes a path, bytes or a binary file object, not {type(source).__name__}")
    if len(data) > max_bytes:
        raise WeightsError(too_big(len(data), max_bytes))
    if not data:
        raise WeightsError("the file is empty; expected a .safetensors or .npz weight file")
    return data


def too_big(size, max_bytes):
    return (f"the file has {size:,} bytes; the limit is {max_bytes:,} bytes "
            f"({max_bytes / 2**20:.0f} MB). Pass limits= to load_weights to raise it in a notebook.")


def sniff(data):
    """The container format from the first bytes: 'safetensors', 'npz', 'pickle', 'hdf5' or 'zip'."""
    if data[:1] == b"\x80" or data[:2] in (b"(d", b"}q", b"]q", b"(l"):
        return "pickle"
    if data[:8] == b"\x89HDF\r\n\x1a\n":
        return "hdf5"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if len(data) >= 10 and data[8:9] == b"{":
        return "safetensors"
    return "unknown"


def read_arrays(data):
    """(format, {name: float64 array}) from the bytes of a .safetensors or .npz file."""
    kind = sniff(data)
    if kind == "pickle":
        raise WeightsError("this is a pickle file (torch.save's .pt/.pth/.bin format), which can run code "
                           "when opened, so it is never opened here. " + CONVERT_PICKLE)
    if kind == "zip":
        return "npz", read_npz(data)
    if kind == "safetensors":
        return "safetensors", read_safetensors(data)
    if kind == "hdf5":
        raise WeightsError("this is an HDF5 file (Keras .h5); Keras weights are not readable in this version. "
                           "Accepted: .safetensors or .npz with PyTorch state_dict names or the seed form.")
    raise WeightsError("not a weight file this app reads: expected .safetensors or .npz "
                       "(PyTorch state_dict names or the seed form W_r, W_z, W_h, b_r, b_z, b_h)")


def read_npz(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise WeightsError(f"the zip archive is damaged: {exc}") from None
    if any(name.endswith(".pkl") for name in names):
        raise WeightsError("this zip is a torch.save file (it holds a pickle), which can run code when opened, "
                           "so it is never opened here. " + CONVERT_PICKLE)
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        raise WeightsError(f"cannot read the .npz file: {exc}. Arrays must be plain numbers (no objects).") from None
    return {name: as_float64(name, array) for name, array in arrays.items()}


def read_safetensors(data):
    (header_size,) = struct.unpack("<Q", data[:8])
    if header_size > len(data) - 8:
        raise WeightsError(f"the safetensors header claims {header_size:,} bytes but the file has {len(data):,}")
    from safetensors.numpy import load

    try:
        arrays = load(data)
    except Exception as exc:  # the library raises its own SafetensorError and others
        raise WeightsError(f"cannot read the .safetensors file: {exc}") from None
    return {name: as_float64(name, array) for name, array in arrays.items()}


def as_float64(name, array):
    if array.dtype not in ACCEPTED_DTYPES:
        raise WeightsError(f"{name} is stored as {array.dtype}; weights must be float16, float32 or float64")
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise WeightsError(f"{name} contains NaN or inf; weights must be finite numbers")
    return array


def write_arrays(arrays, fmt):
    """The bytes of a .safetensors or .npz file holding `arrays` (float64)."""
    arrays = {name: np.ascontiguousarray(value, dtype=np.float64) for name, value in arrays.items()}
    if fmt == "safetensors":
        from safetensors.numpy import save

        return save(arrays)
    if fmt == "npz":
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()
    raise ValueError(f"format must be 'safetensors' or 'npz', got {fmt!r}")
