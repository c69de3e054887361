"""Hostile weight files: each builder writes one into a directory and says what the refusal names.

Used by test_hostile_files.py, which loads them all in one capped subprocess (hostile_runner.py).
A pickle payload here creates the file PWNED if it ever runs; the test checks it never appears.
"""

import io
import json
import pickle
import struct
import zipfile

import h5py
import numpy as np
from safetensors.numpy import save as safetensors_bytes

from tests.weights.support import DATA, EXAMPLES, KERAS, keras_members, npz_bytes, safetensors_raw, zip_bytes

MARKER = "PWNED"
GRU_H5 = KERAS / "gru_reset_after.weights.h5"  # layers/gru/cell/vars/0 is the kernel, (3, 12)


class Payload:
    """Unpickling this calls open(path, 'w'): a file appears if anything ever unpickles it."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def payload(directory, protocol=4):
    return pickle.dumps({"weight_ih_l0": Payload(str(directory / MARKER))}, protocol=protocol)


def npy_bytes(array, allow_pickle=False):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=allow_pickle)
    return buffer.getvalue()


def patch_sizes(data, declared):
    """A zip whose members declare `declared` unpacked bytes, in local and central headers."""
    data = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + offset : start + offset + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(data)


def with_kernel_replaced(directory, make):
    """gru_reset_after.weights.h5 with its kernel dataset deleted and make(file, path) in its place."""
    target = directory / "edited.h5"
    target.write_bytes(GRU_H5.read_bytes())
    with h5py.File(target, "r+") as f:
        del f["layers/gru/cell/vars/0"]
        make(f, "layers/gru/cell/vars/0")
    data = target.read_bytes()
    target.unlink()
    return data


def side_file(directory):
    """An HDF5 file next to the hostile ones, holding a kernel-shaped dataset: following a link or
    a virtual mapping into it would succeed, so a refusal proves nothing was followed."""
    path = directory / "side.h5"
    with h5py.File(path, "w") as f:
        f["x"] = np.ones((3, 12))
    return path


def raw_side_file(directory):
    path = directory / "raw.bin"
    path.write_bytes(np.ones((3, 12)).tobytes())
    return path


def virtual(directory):
    source = side_file(directory)

    def make(f, path):
        layout = h5py.VirtualLayout(shape=(3, 12), dtype="<f8")
        layout[:] = h5py.VirtualSource(str(source), "x", shape=(3, 12))
        f.create_virtual_dataset(path, layout)

    return with_kernel_replaced(directory, make)


def h5_declaring(shape, **options):
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_group("vars")
        f.create_dataset("layers/dense/vars/0", shape=shape, dtype="<f8", **options)
    return buffer.getvalue()


def keras_with(**members):
    base = keras_members("gru_reset_after")
    base.update(members)
    return zip_bytes({k: v for k, v in base.items() if v is not None})


def deep_json(depth):
    return b"[" * depth + b"]" * depth


def torch_zip(directory):
    return zip_bytes({"archive/data.pkl": payload(directory, 2), "archive/version": b"3\n",
                      "archive/data/0": b"\0" * 16})


def ratio_bomb():
    """A .keras whose weights member honestly declares 40 MB that deflate packed ~1000:1."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", keras_members("gru_reset_after")["config.json"])
        archive.writestr("model.weights.h5", bytes(40 * 2**20))
    return buffer.getvalue()


def too_many_members():
    data = bytearray(npz_bytes(a=np.ones(2)))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = struct.pack("<HH", 65000, 65000)
    return bytes(data)


def with_length(header):
    return struct.pack("<Q", len(header)) + header


def random_bytes(n, seed, prefix=b""):
    return prefix + np.random.default_rng(seed).integers(0, 256, n, dtype=np.uint8).tobytes()


def onnx_graphs():
    """tests/weights/onnx_graphs.py, imported when a case is written (it needs the onnx package)."""
    from tests.weights import onnx_graphs

    return onnx_graphs


def onnx_edited(change, **options):
    """A valid ONNX GRU graph (tests/weights/onnx_graphs.py) with change(graph) applied."""
    model = onnx_graphs().chain("GRU", **options)
    change(model.graph)
    return model.SerializeToString()


def onnx_loop(graph):
    graph.node[0].input[0] = "y"


def onnx_with_op(op, domain=""):
    def change(graph):
        from onnx import helper

        graph.node.append(helper.make_node(op, ["y"], ["z"], domain=domain))
    return change


def truncated(path):
    data = path.read_bytes()
    return data[: len(data) // 2]


STATE = {"weight_ih_l0": np.ones((12, 3)), "weight_hh_l0": np.ones((12, 4))}
# name: (suffix, builder(directory) -> bytes, what the message must say)
CASES = {
    **{f"pickle_as{ext.replace('.', '_')}": (ext, lambda d, p=p: payload(d, p % 6), "never opened.*save_file")
       for p, ext in enumerate([".pt", ".pth", ".bin", ".npz", ".safetensors", ".keras", ".h5"])},
    "torch_zip_with_payload": (".pt", torch_zip, "torch.save file.*save_file"),
    "real_torch_save": (".pth", lambda d: (DATA / "torch_save.pt").read_bytes(), "torch.save file"),
    "npz_object_array_payload": (".npz", lambda d: npz_bytes(weight_ih_l0=np.array([Payload(str(d / MARKER))])),
                                 "Python objects"),
    "keras_weights_member_is_pickle": (".keras", lambda d: keras_with(**{"model.weights.h5": payload(d)}),
                                       "cannot read the HDF5 file"),
    "zip_bomb_declares_3_gb": (".npz", lambda d: patch_sizes(
        zip_bytes({"weight_ih_l0.npy": npy_bytes(np.zeros(1000))}, zipfile.ZIP_DEFLATED), 3 * 10**9),
        "above the limit"),
    "zip_ratio_bomb": (".keras", lambda d: ratio_bomb(), "zip bombs"),
    "zip_declares_65000_members": (".npz", lambda d: too_many_members(), "65,000 members"),
    "zip_member_outside_archive": (".keras", lambda d: keras_with(**{"../evil.txt": b"x"}), "outside the archive"),
    "zip_member_absolute_path": (".keras", lambda d: keras_with(**{"/tmp/evil.txt": b"x"}), "outside the archive"),
    "npy_header_claims_2_pow_80_bytes": (".npz", lambda d: zip_bytes({"weight_ih_l0.npy": npy_bytes(
        np.zeros(4)).replace(b"(4,)", b"(1099511627776, 1099511627776)".ljust(4))}), "declares the shape|not a valid"),
    "safetensors_header_claims_2_pow_60": (".safetensors", lambda d: struct.pack("<Q", 2**60) + b'{"a": 1}   ',
                                           "header claims"),
    "safetensors_absurd_shape": (".safetensors", lambda d: safetensors_raw(
        {"weight_ih_l0": ("F64", (2**39, 2**39), bytes(8))}), "declares the shape"),
    "safetensors_offsets_past_the_end": (".safetensors", lambda d: safetensors_raw(
        {"weight_ih_l0": ("F64", (3, 4), bytes(96))})[:-40], "outside"),
    "safetensors_deep_header": (".safetensors", lambda d: with_length(b'{"a": ' + deep_json(100_000) + b"}"),
                                "nests deeper"),
    "safetensors_unknown_dtype": (".safetensors", lambda d: safetensors_raw(
        {"weight_ih_l0": ("F8_E4M3", (12, 3), bytes(36))}), "F8_E4M3"),
    "empty": (".safetensors", lambda d: b"", "empty"),
    "random_bytes": (".bin", lambda d: random_bytes(4096, 0), "not a weight file"),
    "random_after_hdf5_magic": (".h5", lambda d: random_bytes(4096, 1, b"\x89HDF\r\n\x1a\n"), "HDF5"),
    "random_after_zip_magic": (".npz", lambda d: random_bytes(4096, 2, b"PK\x03\x04"), "zip"),
    "truncated_safetensors": (".safetensors", lambda d: truncated(EXAMPLES / "pytorch_gru_2layer_bidir.safetensors"),
                              "header claims|offsets|cannot read"),
    "truncated_keras": (".keras", lambda d: truncated(EXAMPLES / "keras_gru_reset_after.keras"), "zip"),
    "truncated_weights_h5": (".h5", lambda d: truncated(KERAS / "bidir_gru.weights.h5"), "HDF5"),
    "nan_weights": (".safetensors", lambda d: safetensors_bytes({**STATE, "weight_hh_l0": np.full((12, 4), np.nan)}),
                    "NaN"),
    "inf_in_keras_kernel": (".h5", lambda d: with_kernel_replaced(
        d, lambda f, p: f.create_dataset(p, data=np.full((3, 12), np.inf))), "NaN or inf"),
    "inconsistent_shapes": (".npz", lambda d: npz_bytes(weight_ih_l0=np.ones((9, 3)), weight_hh_l0=np.ones((12, 4))),
                            "shape"),
    "unknown_keys": (".npz", lambda d: npz_bytes(foo=np.ones(3), bar=np.ones(2)), "no recurrent weights"),
    "seed_form_with_unknown_key": (".safetensors", lambda d: safetensors_bytes(
        {**{f"W_{g}": np.ones((4, 7)) for g in "rzh"}, **{f"b_{g}": np.ones(4) for g in "rzh"}, "extra": np.ones(1)}),
        "unknown key 'extra'"),
    "hdf5_external_link": (".h5", lambda d: with_kernel_replaced(
        d, lambda f, p: f.__setitem__(p, h5py.ExternalLink(str(side_file(d)), "x"))), "external link"),
    "hdf5_soft_link": (".h5", lambda d: with_kernel_replaced(
        d, lambda f, p: f.__setitem__(p, h5py.SoftLink("/layers/gru/cell/vars/1"))), "soft link"),
    "hdf5_external_storage": (".h5", lambda d: with_kernel_replaced(d, lambda f, p: f.create_dataset(
        p, shape=(3, 12), dtype="<f8", external=[(str(raw_side_file(d)), 0, 3 * 12 * 8)])), "external file"),
    "hdf5_virtual_dataset": (".h5", virtual, "virtual"),
    "hdf5_declares_80_gb": (".h5", lambda d: h5_declaring((10**10,)), "above the limit"),
    "hdf5_gzip_declares_80_gb": (".h5", lambda d: h5_declaring((10**10,), chunks=(2**16,), compression="gzip"),
                                 "compressed"),
    "hdf5_legacy_keras": (".h5", lambda d: h5_declaring((2,)).replace(b"layers", b"model_"), "HDF5|legacy|root"),
    "keras_config_nested_100000_deep": (".keras", lambda d: keras_with(**{"config.json": deep_json(100_000)}),
                                        "nests deeper"),
    "keras_config_2_mb": (".keras", lambda d: keras_with(**{"config.json": b'"' + b"x" * 2**21 + b'"'}),
                          "config.json has"),
    "keras_config_unclosed_escaped_quotes": (".keras", lambda d: keras_with(
        **{"config.json": b'"' + b'\\"' * (2**19 - 1)}), "not valid JSON"),
    "safetensors_header_unclosed_escaped_quotes": (".safetensors", lambda d: with_length(
        b'{"' + b'\\"' * (2**19 - 2)), "not valid JSON"),
    "keras_config_not_json": (".keras", lambda d: keras_with(**{"config.json": b"{'no': json}"}), "not valid JSON"),
    "onnx_truncated": (".onnx", lambda d: onnx_edited(lambda g: None, layers=2)[:700], "does not parse|no graph"),
    "onnx_external_data": (".onnx", lambda d: onnx_edited(onnx_graphs().make_external), "external data file"),
    "onnx_declares_2_pow_40_elements": (".onnx", lambda d: onnx_edited(onnx_graphs().declaring([1, 2**20, 2**20])),
                                        "1,099,511,627,776 elements"),
    "onnx_declares_2_pow_62_elements": (".onnx", lambda d: onnx_edited(onnx_graphs().declaring([2**31, 2**31])),
                                        "elements"),
    "onnx_loop_in_the_graph": (".onnx", lambda d: onnx_edited(onnx_loop), "form a loop"),
    "onnx_loop_op": (".onnx", lambda d: onnx_edited(onnx_with_op("Loop")), "op 'Loop'"),
    "onnx_custom_domain": (".onnx", lambda d: onnx_edited(onnx_with_op("Run", "com.evil")), "domain 'com.evil'"),
    "random_after_onnx_start": (".onnx", lambda d: random_bytes(4096, 3, b"\x08\x08\x3a"), "ONNX|no graph|no GRU"),
}


MODELS = DATA.parents[1] / "reference" / "models"  # tests/reference/models


def sentiment_with(edit, name="keras_sentiment"):
    """tests/reference/models/<name>.keras with edit(config) applied to its config.json."""
    with zipfile.ZipFile(MODELS / f"{name}.keras") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    edit(config)
    members["config.json"] = json.dumps(config).encode()
    return zip_bytes(members)


def dense_units(config, units=7):
    next(layer for layer in config["config"]["layers"] if layer["class_name"] == "Dense")["config"]["units"] = units


def own_standardize(config):
    """A TextVectorization whose standardize names a function of the file's own: code, never run."""
    layer = next(layer for layer in config["config"]["layers"] if layer["class_name"] == "TextVectorization")
    layer["config"]["standardize"] = {"module": "os", "class_name": "function", "config": "system"}


def head_not_chaining():
    rng = np.random.default_rng(0)
    return safetensors_bytes({"rnn.weight_ih_l0": rng.normal(size=(12, 3)),
                              "rnn.weight_hh_l0": rng.normal(size=(12, 4)),
                              "fc.weight": rng.normal(size=(2, 5)), "fc.bias": rng.normal(size=2)})


# load_model's cases: name: (suffix, the model file's bytes, the vocabulary's bytes or None, what the message says)
MODEL_CASES = {
    "vocabulary_of_10_million_lines": (".keras", lambda: (MODELS / "keras_sentiment.keras").read_bytes(),
                                       lambda: b"a\n" * 10_000_000, "above the limit"),
    "vocabulary_of_a_million_and_one_lines": (".keras", lambda: (MODELS / "keras_sentiment.keras").read_bytes(),
                                              lambda: b"w\n" * 1_000_001, "more than 1,000,000"),
    "keras_config_contradicts_its_weights": (".keras", lambda: sentiment_with(dense_units), None,
                                             "config.json says 7 units, the weights hold 6"),
    "head_whose_sizes_do_not_chain": (".safetensors", head_not_chaining, None, "do not chain"),
    "text_vectorization_naming_a_function": (".keras", lambda: sentiment_with(own_standardize, "keras_text_padded"),
                                             None, "a function of its own"),
}


def write_cases(directory):
    """Write every case into `directory`; {case: file name} (the index the runner reads)."""
    index = {}
    for name, (suffix, build, _) in CASES.items():
        path = directory / f"{name}{suffix}"
        path.write_bytes(build(directory))
        index[name] = path.name
    for name, (suffix, weights, vocabulary, _) in MODEL_CASES.items():
        (directory / f"{name}{suffix}").write_bytes(weights())
        index[name] = [f"{name}{suffix}", None]
        if vocabulary is not None:
            (directory / f"{name}.vocab").write_bytes(vocabulary())
            index[name][1] = f"{name}.vocab"
    (directory / "index.json").write_text(json.dumps(index))
    return index
