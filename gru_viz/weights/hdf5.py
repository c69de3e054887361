"""Read an HDF5 weight file (Keras 3 model.weights.h5) from memory, refusing anything unusual.

Only h5py parses the bytes, opened from an in-memory buffer. The walk looks at each link's type
before following it (h5py's low-level `links.get_info`), so soft links, external links (which
would open another file on this machine) and user-defined links are refused untouched. Datasets
are refused if their storage is external (raw data in another file) or virtual (data mapped from
other datasets or files), if they pass through filters (compression could inflate past the
declared size, and filter plugins are code loaded at read time), or if they hold anything but
plain numbers. Declared shapes are summed against the byte limit before any data is read.
Keras 3 writes none of these features. Sources: the HDF5 User Guide ("Links", "Dataset Creation
Property Lists", "Virtual Dataset"); the h5py documentation ("Groups", "Datasets", "Low-level API").
"""

import io
import math
from dataclasses import dataclass

import numpy as np

from .errors import WeightsError, shown
from .limits import MAX_HDF5_DEPTH, MAX_HDF5_OBJECTS, MAX_NDIM

TOP_LEVEL = ("layers", "vars", "optimizer")  # what Keras 3's saving_lib writes at the root


@dataclass(frozen=True)
class H5Tree:
    """The groups (paths) and datasets ({path: array}) of an HDF5 file, read and checked."""

    groups: frozenset
    arrays: dict


def read_hdf5(data, limits):
    """The checked H5Tree of an HDF5 file's bytes (h5py is imported here: `import gru_viz` stays NumPy-only)."""
    import h5py

    try:
        with h5py.File(io.BytesIO(data), "r") as root:
            top = sorted(root)
            if "model_weights" in top or "layer_names" in root.attrs:
                raise WeightsError("this is a legacy Keras .h5 file (model.save('m.h5')); re-save it in Keras 3 "
                                   "with model.save('m.keras') and open the .keras file")
            unexpected = [name for name in top if name not in TOP_LEVEL]
            if unexpected or "layers" not in top:
                raise WeightsError(f"the HDF5 file holds {', '.join(repr(n) for n in top) or 'nothing'} at its root; "
                                   "a Keras 3 weights file holds 'layers', 'vars' and maybe 'optimizer'")
            groups, datasets = set(), {}
            walk(root, "", 0, groups, datasets)
            declared = sum(math.prod(ds.shape) * ds.dtype.itemsize for ds in datasets.values())
            limits.check_bytes(declared, "the HDF5 datasets (declared sizes, summed)")
            arrays = {path: np.asarray(ds[()]) for path, ds in datasets.items()}
    except WeightsError:
        raise
    except Exception as exc:  # h5py raises OSError, KeyError, TypeError, RuntimeError ... on damaged files
        raise WeightsError(f"cannot read the HDF5 file: {type(exc).__name__}: {exc}") from None
    return H5Tree(groups=frozenset(groups), arrays=arrays)


def walk(group, path, depth, groups, datasets):
    """Collect groups and datasets below `group`, checking each link before following it."""
    import h5py

    if depth > MAX_HDF5_DEPTH:
        raise WeightsError(f"the HDF5 file nests deeper than {MAX_HDF5_DEPTH} groups at {shown(path)}")
    for name in group:
        where = f"{path}/{name}" if path else name
        link = group.id.links.get_info(name.encode("utf-8")).type
        if link == h5py.h5l.TYPE_SOFT:
            raise WeightsError(f"the HDF5 file holds a soft link at {shown(where)}; Keras writes none, so it is "
                               "refused")
        if link == h5py.h5l.TYPE_EXTERNAL:
            raise WeightsError(f"the HDF5 file holds an external link at {shown(where)} (it would open another file); "
                               "refused")
        if link != h5py.h5l.TYPE_HARD:
            raise WeightsError(f"the HDF5 file holds a link of unknown type at {shown(where)}; refused")
        if len(groups) + len(datasets) >= MAX_HDF5_OBJECTS:
            raise WeightsError(f"the HDF5 file holds more than {MAX_HDF5_OBJECTS} objects")
        obj = group[name]
        if isinstance(obj, h5py.Group):
            if where in groups:
                raise WeightsError(f"the HDF5 group {shown(where)} is reached twice")
            groups.add(where)
            walk(obj, where, depth + 1, groups, datasets)
        elif isinstance(obj, h5py.Dataset):
            check_dataset(obj, where, path)
            datasets[where] = obj
        else:
            raise WeightsError(f"the HDF5 file holds a {type(obj).__name__} at {shown(where)}; "
                               "only groups and datasets are read")


def check_dataset(ds, where, parent):
    import h5py

    if parent.rsplit("/", 1)[-1] != "vars":
        raise WeightsError(f"the HDF5 dataset {shown(where)} is outside a 'vars' group, where Keras keeps variables")
    plist = ds.id.get_create_plist()
    if plist.get_layout() == h5py.h5d.VIRTUAL:
        raise WeightsError(f"the HDF5 dataset {shown(where)} is virtual (its data lives in other datasets or files); "
                           "refused")
    if plist.get_external_count() > 0:
        raise WeightsError(f"the HDF5 dataset {shown(where)} keeps its data in an external file; refused")
    if plist.get_nfilters() > 0:
        raise WeightsError(f"the HDF5 dataset {shown(where)} is compressed or filtered; Keras writes plain datasets")
    if ds.dtype.kind not in "biuf" or ds.dtype.fields is not None or ds.dtype.itemsize > 8:
        raise WeightsError(f"the HDF5 dataset {shown(where)} holds {ds.dtype} values; weights are plain numbers")
    if ds.shape is None or len(ds.shape) > MAX_NDIM:
        raise WeightsError(f"the HDF5 dataset {shown(where)} has the shape {ds.shape}")
