"""Shared helpers for the weight-file tests: where the files live and how to rebuild archives."""

import io
import zipfile

import numpy as np

from tests.helpers import REFERENCE, ROOT

KERAS = REFERENCE / "keras"
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "weights" / "data"


def npz_bytes(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def load_npz(path):
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def zip_bytes(members, compression=zipfile.ZIP_STORED):
    """A zip archive of {name: bytes}, in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return buffer.getvalue()


def keras_members(name):
    """The members of tests/reference/keras/<name>.keras, {name: bytes}."""
    with zipfile.ZipFile(KERAS / f"{name}.keras") as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def safetensors_raw(tensors, header_size=None):
    """Hand-made .safetensors bytes from {name: (dtype, shape, data bytes)}; header_size overrides
    the 8-byte length field, to make files that lie about it."""
    import json
    import struct

    header, offset = {}, 0
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    size = len(text) if header_size is None else header_size
    return struct.pack("<Q", size) + text + b"".join(data for _, _, data in tensors.values())
