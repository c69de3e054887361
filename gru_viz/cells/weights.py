"""The weights of one recurrent cell (one layer, one direction), stored as PyTorch stores them.

Every cell keeps its gates fused in PyTorch's layout so that one matrix product serves all gates:
    W_ih (G*H, I)   input weights, gate blocks stacked by row
    W_hh (G*H, H)   recurrent weights
    b_ih (G*H,)     input bias, or None when the file has none
    b_hh (G*H,)     recurrent bias, or None (the seed form and Keras reset_after=False have one bias
                    per gate, which lives in b_ih)
G is 3 for a GRU (r, z, h~), 4 for an LSTM (i, f, g, o) and 1 for a plain RNN.
Arrays are float64 copies marked read-only: a model can be cached and shared without a caller
being able to change it under another's feet.
"""

from dataclasses import dataclass

import numpy as np


def frozen_array(value, name):
    """A read-only float64 copy of `value`; refuses NaN and inf, naming the array."""
    array = np.array(value, dtype=np.float64, copy=True)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or inf; weights must be finite numbers")
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class CellWeights:
    W_ih: np.ndarray
    W_hh: np.ndarray
    b_ih: np.ndarray | None = None
    b_hh: np.ndarray | None = None

    def __post_init__(self):
        for name in ("W_ih", "W_hh", "b_ih", "b_hh"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, frozen_array(value, name))
        self._check_shapes()

    def _check_shapes(self):
        """Refuse arrays whose shapes do not make one cell (shared with gru_viz.weights' outlines)."""
        rows, hidden = self.W_hh.shape if self.W_hh.ndim == 2 else (None, None)
        if hidden is None or hidden == 0 or rows % hidden:
            raise ValueError(f"W_hh must have shape (G*H, H), got {self.W_hh.shape}")
        if self.W_ih.ndim != 2 or self.W_ih.shape[0] != rows or self.W_ih.shape[1] == 0:
            raise ValueError(f"W_ih must have shape ({rows}, input_size), got {self.W_ih.shape}")
        for name in ("b_ih", "b_hh"):
            bias = getattr(self, name)
            if bias is not None and bias.shape != (rows,):
                raise ValueError(f"{name} must have shape ({rows},), got {bias.shape}")

    @property
    def hidden_size(self):
        return self.W_hh.shape[1]

    @property
    def input_size(self):
        return self.W_ih.shape[1]

    @property
    def num_gates(self):
        return self.W_hh.shape[0] // self.W_hh.shape[1]

    @property
    def num_parameters(self):
        return sum(a.size for a in (self.W_ih, self.W_hh, self.b_ih, self.b_hh) if a is not None)

    def prepared(self, key, build):
        """build(self), computed once per weights object and kept: the loops' rearranged matrices.

        Safe because the weights are frozen; every rerun of the app then skips the rearranging.
        """
        cache = self.__dict__.setdefault("_prepared", {})
        if key not in cache:
            cache[key] = build(self)
        return cache[key]

    def blocks(self, name):
        """The array `name` ("W_ih", "W_hh", "b_ih" or "b_hh") cut into its G gate blocks, in the
        stored order (GRU r, z, n; LSTM i, f, g, o): views of shape (H, I), (H, H) or (H,); zeros
        for an absent bias, which is what a missing bias adds. The plain steps read these."""
        H, array = self.hidden_size, getattr(self, name)
        if array is None:
            array = np.zeros(self.num_gates * H)
        return tuple(array[k * H : (k + 1) * H] for k in range(self.num_gates))

    def arrays(self):
        """The stored arrays by PyTorch's name, absent biases left out."""
        named = {"W_ih": self.W_ih, "W_hh": self.W_hh, "b_ih": self.b_ih, "b_hh": self.b_hh}
        return {k: v for k, v in named.items() if v is not None}

    def replace_rows(self, rows, sign):
        """A copy whose gate rows `rows` (a slice) are multiplied by `sign` in every array."""
        new = {}
        for name, array in self.arrays().items():
            array = array.copy()
            array[rows] *= sign
            new[name] = array
        return CellWeights(**new)
