"""Where the bytes come from (a path, bytes, or a binary file object) and what they look like.

The format is told from the first bytes, never from the file name, so a pickle renamed .npz or
.safetensors is still recognised as a pickle and refused unopened: unpickling runs whatever code
the file names. Magic numbers: pickle protocol 2+ opens with 0x80 (the PROTO opcode, PEP 307),
protocols 0 and 1 often with MARK '(' or GLOBAL 'c' (Lib/pickletools.py);
HDF5 with \\x89HDF\\r\\n\\x1a\\n (HDF5 File Format Specification, "Superblock"); zip with PK\\x03\\x04
(APPNOTE.TXT); safetensors with an 8-byte little-endian header length, then '{' (the safetensors
format description); ONNX with its ModelProto's ir_version (onnx_graph.looks_like_onnx).
"""

import os
import re

from .errors import WeightsError
from .onnx_graph import looks_like_onnx

CONVERT_PICKLE = (
    "Convert it once, in Python, where you trust the file: "
    "`import torch; from safetensors.torch import save_file; "
    "save_file(torch.load('model.pt', weights_only=True), 'model.safetensors')` "
    "(for a whole saved module, save its .state_dict()), then open the .safetensors file."
)
ACCEPTED = ("Accepted: .safetensors or .npz with PyTorch state_dict names or the seed form "
            "(W_r, W_z, W_h, b_r, b_z, b_h); Keras 3 .keras or .weights.h5 files; .onnx files of GRU, LSTM or "
            "RNN nodes.")
PICKLE_STARTS = (b"\x80", b"(d", b"(l", b"(t", b"}q", b"]q", b"(c")
GLOBAL_OPCODE = re.compile(rb"c[A-Za-z_][\w.]*\n[A-Za-z_][\w.]*\n")  # protocol 0/1: 'c' module \n name \n


def read_source(source, limits):
    """The bytes of a path, a bytes object or a binary file object, refusing more than the limit."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        try:
            limits.check_bytes(os.path.getsize(source))
            with open(source, "rb") as handle:
                data = handle.read(limits.max_bytes + 1)
        except OSError as exc:
            raise WeightsError(f"cannot open {os.fspath(source)!r}: {exc.strerror}") from None
    elif hasattr(source, "read"):
        data = source.read(limits.max_bytes + 1)
        if not isinstance(data, bytes):
            raise WeightsError("the file object must be opened in binary mode ('rb')")
    else:
        raise WeightsError(f"load_weights takes a path, bytes or a binary file object, not {type(source).__name__}")
    limits.check_bytes(len(data))
    if not data:
        raise WeightsError("the file is empty. " + ACCEPTED)
    return data


def sniff(data):
    """'pickle', 'hdf5', 'zip', 'safetensors', 'onnx' or 'unknown', from the first bytes.

    safetensors is tested before pickle: its first byte is the header length's low byte, which
    may well be 0x80.
    """
    if data.startswith(b"\x89HDF\r\n\x1a\n"):
        return "hdf5"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if len(data) >= 10 and data[8:9] == b"{":
        return "safetensors"
    if data.startswith(PICKLE_STARTS) or GLOBAL_OPCODE.match(data, 0, 256):
        return "pickle"
    if looks_like_onnx(data):
        return "onnx"
    return "unknown"


def refuse_pickle(where="this is a pickle file (torch.save's .pt/.pth/.bin format)"):
    return WeightsError(f"{where}, which can run code when opened, so it is never opened here. " + CONVERT_PICKLE)


def refuse_unknown():
    return WeightsError("not a weight file this app reads. " + ACCEPTED
                        + " If it came from torch.save (.pt, .pth, .bin): " + CONVERT_PICKLE)
