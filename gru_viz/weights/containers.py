"""Read and write the containers that hold named arrays: .safetensors and .npz.

safetensors (format: 8-byte little-endian header length N, N bytes of JSON mapping each name to
{dtype, shape, data_offsets}, then the data): the header is parsed and every tensor's declared
size checked against its offsets and the file length here, before the safetensors library reads
it; the library then parses the file (safetensors.deserialize) and the raw bytes become arrays.
bfloat16, which NumPy lacks, is widened to float32 exactly (its 16 bits are float32's top 16).
.npz (numpy.lib.format): a zip of .npy members; each member's header is read with NumPy's own
header parser and checked (plain numbers, size matching the member) before
numpy.load(allow_pickle=False) reads it. Arrays come back in their stored dtype; the readers of
PyTorch, seed and Keras names convert the ones they use with `as_float64`.
Metadata (strings, see metadata.py) rides in the safetensors header's __metadata__ and in the
.npz zip archive's comment, beside the arrays, never as one.
"""

import io
import math
import struct
import zipfile

import numpy as np

from .errors import WeightsError, shown
from .limits import MAX_JSON_BYTES, MAX_NDIM
from .safety import bounded_json

SAFETENSORS_DTYPES = {  # safetensors dtype name -> NumPy dtype (BF16 handled apart)
    "BOOL": "?", "U8": "u1", "I8": "i1", "U16": "<u2", "I16": "<i2", "U32": "<u4", "I32": "<i4",
    "U64": "<u8", "I64": "<i8", "F16": "<f2", "BF16": "<u2", "F32": "<f4", "F64": "<f8",
}
FLOATS = ("float16", "bfloat16", "float32", "float64")


def check_weight_dtype(name, array):
    """Refuse a stored weight array that is not float16, bfloat16 (read as float32), 32 or 64."""
    if array.dtype.kind != "f" or array.dtype.itemsize not in (2, 4, 8):
        raise WeightsError(f"{name} is stored as {array.dtype}; weights must be {', '.join(FLOATS)}")


def as_float64(name, array):
    """A float64 copy of a stored weight array, refusing other dtypes and NaN or inf."""
    check_weight_dtype(name, array)
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise WeightsError(f"{name} contains NaN or inf; weights must be finite numbers")
    return array


def check_safetensors_header(data):
    """The parsed header, after checking its length, depth and every tensor's declared size."""
    if len(data) < 8:
        raise WeightsError("the .safetensors file is shorter than its 8-byte header length")
    (header_size,) = struct.unpack("<Q", data[:8])
    if header_size > len(data) - 8:
        raise WeightsError(f"the safetensors header claims {header_size:,} bytes but the file has {len(data):,}")
    if header_size > MAX_JSON_BYTES:
        raise WeightsError(f"the safetensors header claims {header_size:,} bytes; at most {MAX_JSON_BYTES:,}")
    header = bounded_json(data[8 : 8 + header_size], "the safetensors header")
    if not isinstance(header, dict):
        raise WeightsError("the safetensors header is not a JSON object")
    data_size = len(data) - 8 - header_size
    for name, entry in header.items():
        if name == "__metadata__":
            if not isinstance(entry, dict) or not all(isinstance(v, str) for v in entry.values()):
                raise WeightsError("the safetensors __metadata__ must map names to strings")
            continue
        check_tensor_entry(name, entry, data_size)
    return header


def check_tensor_entry(name, entry, data_size):
    if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
        raise WeightsError(f"tensor {shown(name)}: the header entry must hold exactly dtype, shape and data_offsets")
    dtype, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
    if dtype not in SAFETENSORS_DTYPES:
        raise WeightsError(f"tensor {shown(name)} is stored as {dtype!r}; readable dtypes are "
                           f"{', '.join(SAFETENSORS_DTYPES)} (weights: F16, BF16, F32 or F64)")
    if (not isinstance(shape, list) or len(shape) > MAX_NDIM
            or not all(type(n) is int and 0 <= n < 2**40 for n in shape)):
        raise WeightsError(f"tensor {shown(name)} declares the shape {str(shape)[:80]}; "
                           f"expected at most {MAX_NDIM} non-negative sizes")
    if (not isinstance(offsets, list) or len(offsets) != 2 or not all(type(n) is int for n in offsets)
            or not 0 <= offsets[0] <= offsets[1] <= data_size):
        raise WeightsError(f"tensor {shown(name)} declares data offsets {str(offsets)[:80]} outside the "
                           f"{data_size:,} bytes of data the file holds")
    size = math.prod(shape) * np.dtype(SAFETENSORS_DTYPES[dtype]).itemsize
    if size != offsets[1] - offsets[0]:
        raise WeightsError(f"tensor {shown(name)} declares the shape {shape} ({dtype}, {size:,} bytes) but "
                           f"{offsets[1] - offsets[0]:,} bytes of data")


def read_safetensors(data):
    """{name: array} from the bytes of a .safetensors file, checked before the library reads it."""
    return read_safetensors_with_metadata(data)[0]


def read_safetensors_with_metadata(data):
    """({name: array}, {name: string}): the arrays and the header's __metadata__ ({} if none)."""
    metadata = check_safetensors_header(data).get("__metadata__", {})
    from safetensors import deserialize

    try:
        tensors = deserialize(data)
    except Exception as exc:  # the library raises SafetensorError and others
        raise WeightsError(f"cannot read the .safetensors file: {exc}") from None
    arrays = {}
    for name, tensor in tensors:
        array = np.frombuffer(tensor["data"], dtype=SAFETENSORS_DTYPES[tensor["dtype"]])
        if tensor["dtype"] == "BF16":
            array = (array.astype(np.uint32) << 16).view(np.float32)
        arrays[name] = array.reshape(tensor["shape"])
    return arrays, metadata


def safetensors_views(data):
    """What read_safetensors_with_metadata gives, as read-only views of `data`: no tensor copied.

    The header is checked as above; then the layout the safetensors library insists on (tensors
    back to back from offset 0 to the end of the data). A file that breaks it goes to the library
    after all, to be refused in its words (it refuses from the header, before copying anything).
    """
    header = check_safetensors_header(data)
    metadata = header.pop("__metadata__", {})
    start = 8 + struct.unpack("<Q", data[:8])[0]
    end = 0
    for begin, stop in sorted(entry["data_offsets"] for entry in header.values()):
        if begin != end:
            break
        end = stop
    if end != len(data) - start:
        read_safetensors_with_metadata(data)  # raises the library's own refusal
    arrays = {}
    for name, entry in header.items():
        dtype, shape, begin = SAFETENSORS_DTYPES[entry["dtype"]], entry["shape"], entry["data_offsets"][0]
        array = np.frombuffer(data, dtype=dtype, count=math.prod(shape), offset=start + begin)
        if entry["dtype"] == "BF16":
            array = (array.astype(np.uint32) << 16).view(np.float32)
        arrays[name] = array.reshape(shape)
    return arrays, metadata


def read_npy(name, blob):
    """One .npy member: header checked with NumPy's parser, then numpy.load(allow_pickle=False)."""
    from numpy.lib import format as npy

    stream = io.BytesIO(blob)
    try:
        version = npy.read_magic(stream)
        if version == (1, 0):
            shape, _, dtype = npy.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, _, dtype = npy.read_array_header_2_0(stream)
        else:
            raise WeightsError(f"{name}: .npy format version {version} is not read; NumPy writes 1.0 or 2.0")
    except ValueError as exc:
        if isinstance(exc, WeightsError):
            raise
        raise WeightsError(f"{name}: not a valid .npy array: {exc}") from None
    if dtype.hasobject or dtype.kind not in "biuf" or dtype.fields is not None:
        raise WeightsError(f"{name} holds {dtype} values (Python objects need a pickle to load); "
                           "arrays must be plain numbers")
    if len(shape) > MAX_NDIM or stream.tell() + math.prod(shape) * dtype.itemsize != len(blob):
        raise WeightsError(f"{name} declares the shape {shape} ({dtype}) but holds {len(blob):,} bytes")
    try:
        return np.load(io.BytesIO(blob), allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise WeightsError(f"cannot read {name}: {exc}") from None


def read_npz(members):
    """{name: array} from the members of a .npz archive (already read, sizes checked)."""
    arrays = {}
    for member, blob in members.items():
        if not member.endswith(".npy"):
            raise WeightsError(f"the zip holds {shown(member)}; a .npz holds only .npy arrays")
        arrays[member.removesuffix(".npy")] = read_npy(member, blob)
    return arrays


def write_arrays(arrays, fmt, metadata=None, comment=b""):
    """The bytes of a .safetensors or .npz file holding `arrays` (float64): with `metadata`
    (strings) in a safetensors header, `comment` as a .npz archive's comment."""
    arrays = {name: np.ascontiguousarray(value, dtype=np.float64) for name, value in arrays.items()}
    if fmt == "safetensors":
        from safetensors.numpy import save

        return save(arrays, metadata=metadata or None)
    if fmt == "npz":
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        if comment:
            with zipfile.ZipFile(buffer, "a") as archive:
                archive.comment = comment
        return buffer.getvalue()
    raise ValueError(f"format must be 'safetensors' or 'npz', got {fmt!r}")
