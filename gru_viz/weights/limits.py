"""How much a weight file may ask for: the limits every loader checks before it reads data.

A teaching app takes files from strangers, so sizes are checked from what a file declares
(headers, zip directories, HDF5 dataset shapes) before any array is read or allocated. The three
limits a notebook user may raise live in `Limits`; the structural ones below are fixed because no
real weight file comes near them.
"""

from dataclasses import dataclass

from .errors import WeightsError

MAX_JSON_BYTES = 2**20     # a config.json or safetensors header; a 4-layer Keras config is ~20 kB
MAX_JSON_DEPTH = 64        # Keras configs nest ~10 deep; json.loads recurses once per level
MAX_ZIP_MEMBERS = 1024     # a .npz holds one member per array, a .keras three
MAX_ZIP_RATIO = 200        # deflate can reach ~1000:1 only on runs of one byte: a bomb, not weights
MAX_HDF5_OBJECTS = 4096    # groups and datasets walked in one HDF5 file
MAX_HDF5_DEPTH = 16        # layers/bidirectional/forward_layer/cell/vars/0 is 6 deep
MAX_NDIM = 8               # weights are 1-D or 2-D; other tensors in a state_dict rarely pass 4-D


@dataclass(frozen=True)
class Limits:
    """What load_weights accepts: file size in bytes, input and hidden sizes, and stacked layers.

    The defaults suit a browser app; in a notebook pass e.g.
    `gru_viz.load_weights(path, limits=gru_viz.Limits(max_size=4096))` for a bigger model.
    """

    max_bytes: int = 64 * 10**6  # 64 MB as Streamlit's upload widget counts them (server.maxUploadSize = 64)
    max_size: int = 1024
    max_layers: int = 4

    def __post_init__(self):
        for name in ("max_bytes", "max_size", "max_layers"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive whole number, got {value!r}")

    def describe(self):
        size = f"{self.max_bytes:,} bytes"
        if self.max_bytes >= 10**6:  # MB of 10^6 bytes, as the upload widget counts them
            size = f"{self.max_bytes / 10**6:g} MB ({size})"
        return (f"files up to {size}, input and hidden sizes up to {self.max_size}, "
                f"up to {self.max_layers} layers")

    def refuse(self, what):
        """A WeightsError saying which limit `what` broke, all limits, and how to raise them."""
        return WeightsError(f"{what}. Limits: {self.describe()}; in a notebook, pass "
                            "limits=gru_viz.Limits(max_bytes=..., max_size=..., max_layers=...) to raise them.")

    def check_model(self, input_size, hidden_size, num_layers):
        """Refuse sizes above the limits, before any weights are copied into a model."""
        if input_size > self.max_size:
            raise self.refuse(f"the input size is {input_size}, above the limit of {self.max_size}")
        if hidden_size > self.max_size:
            raise self.refuse(f"the hidden size is {hidden_size}, above the limit of {self.max_size}")
        if num_layers > self.max_layers:
            raise self.refuse(f"the model has {num_layers} layers, above the limit of {self.max_layers}")

    def check_bytes(self, size, what="the file"):
        if size > self.max_bytes:
            raise self.refuse(f"{what} has {size:,} bytes, above the limit of {self.max_bytes:,} bytes")


DEFAULT_LIMITS = Limits()
