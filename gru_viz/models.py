"""The public models: GRU, LSTM and RNN, each a frozen dataclass of weights you can run.

    model = GRU.random(input_size=3, hidden_size=4, seed=0)
    trace = model.run(x)                      # x: (T, 3)
    trace.cell.z                              # (T, 4) update gate at every step (trace.cells[0][0].z)
    gru_viz.save_weights(model, "model.safetensors")   # gru_viz.load_weights reads it back, equal

Models compare by value and print their sizes and conventions, never their arrays (network.py).
Random weights follow PyTorch's initialisation: every weight and bias uniform in
(-1/sqrt(H), 1/sqrt(H)), drawn layer by layer, direction by direction, in the order
W_ih, W_hh, b_ih, b_hh (NumPy's generator, so the numbers differ from torch's own).
"""

from dataclasses import dataclass

import numpy as np

from .cells.gru import check_conventions, gru_forward
from .cells.lstm import lstm_forward
from .cells.rnn import rnn_forward
from .cells.weights import CellWeights
from .conventions import convention
from .network import Network


def random_layers(num_gates, input_size, hidden_size, num_layers, bidirectional, seed, recurrent_bias=True):
    """PyTorch-style uniform(-1/sqrt(H), 1/sqrt(H)) weights for every layer and direction."""
    for name, value in (("input_size", input_size), ("hidden_size", hidden_size), ("num_layers", num_layers)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive whole number, got {value!r}")
    rng = np.random.default_rng(seed)
    k = 1.0 / np.sqrt(hidden_size)
    G, H, D = num_gates, hidden_size, 2 if bidirectional else 1
    layers = []
    for l in range(num_layers):
        I = input_size if l == 0 else D * H
        directions = []
        for _ in range(D):
            W_ih = rng.uniform(-k, k, (G * H, I))
            W_hh = rng.uniform(-k, k, (G * H, H))
            b_ih = rng.uniform(-k, k, G * H)
            b_hh = rng.uniform(-k, k, G * H) if recurrent_bias else None
            directions.append(CellWeights(W_ih, W_hh, b_ih, b_hh))
        layers.append(tuple(directions))
    return tuple(layers)


# eq=False, repr=False: equality, hashing and the short repr are Network's (by value, no arrays shown).
@dataclass(frozen=True, eq=False, repr=False)
class GRU(Network):
    """A GRU network. `reset` and `z_convention` are explained in gru_viz.cells.gru.

    The seed's convention (reset="before", z_convention="takes_new") reads
        r_t = sigmoid(W_r [h_{t-1}, x_t] + b_r),  z_t = sigmoid(W_z [h_{t-1}, x_t] + b_z)
        h_tilde_t = tanh(W_h [r_t * h_{t-1}, x_t] + b_h)
        h_t = (1 - z_t) * h_{t-1} + z_t * h_tilde_t      (z near 0 keeps the old state)
    PyTorch's (reset="after", z_convention="keeps_old") applies r after W_hn and puts z on h_{t-1}.
    """

    layers: tuple
    reset: str = "before"
    z_convention: str = "takes_new"
    num_gates = 3

    def __post_init__(self):
        check_conventions(self.reset, self.z_convention)
        self._check_layers()

    def _conventions(self):
        return {"reset": self.reset, "z_convention": self.z_convention}

    @classmethod
    def random(cls, input_size, hidden_size, num_layers=1, bidirectional=False, reset="before",
               z_convention="takes_new", seed=0):
        """Random weights as PyTorch initialises them. reset="after" gives PyTorch's two biases
        per gate; reset="before" the seed form's one."""
        layers = random_layers(3, input_size, hidden_size, num_layers, bidirectional, seed,
                               recurrent_bias=reset == "after")
        return cls(layers, reset=reset, z_convention=z_convention)

    def with_z_convention(self, z_convention):
        """The same function written in the other z convention: h is unchanged, z becomes 1 - z.

        Exact because 1 - sigmoid(a) = sigmoid(-a): negate the update gate's weights and biases.
        """
        convention(z_convention)  # refuses an unknown name, saying the valid ones
        if z_convention == self.z_convention:
            return self
        H = self.hidden_size
        z_rows = slice(H, 2 * H)
        layers = tuple(tuple(cell.replace_rows(z_rows, -1.0) for cell in d) for d in self.layers)
        return GRU(layers, reset=self.reset, z_convention=z_convention)

    def with_reset(self, reset):
        """Refused unless nothing changes: moving the reset gate changes the function itself."""
        if reset == self.reset:
            return self
        raise ValueError(
            f"cannot convert a reset={self.reset!r} GRU to reset={reset!r}: the two place the "
            "reset gate differently (before or after W_hn) and compute different functions, so no "
            "change of weights makes them equal. Build a new model with GRU(model.layers, "
            f"reset={reset!r}) to compare the two on the same weights."
        )

    def _run_cell(self, cell, x, initial, reverse):
        return gru_forward(cell, x, initial["h0"], reset=self.reset, z_convention=self.z_convention,
                           reverse=reverse)


@dataclass(frozen=True, eq=False, repr=False)
class LSTM(Network):
    """An LSTM network in PyTorch's gate order (i, f, g, o); see gru_viz.cells.lstm."""

    layers: tuple
    num_gates = 4

    def __post_init__(self):
        self._check_layers()

    @classmethod
    def random(cls, input_size, hidden_size, num_layers=1, bidirectional=False, seed=0):
        return cls(random_layers(4, input_size, hidden_size, num_layers, bidirectional, seed))

    def run(self, x, h0=None, c0=None):
        """As Network.run, with an initial cell state c0 (zeros when None)."""
        return super().run(x, h0, c0=c0)

    def _run_cell(self, cell, x, initial, reverse):
        return lstm_forward(cell, x, initial["h0"], initial["c0"], reverse=reverse)


@dataclass(frozen=True, eq=False, repr=False)
class RNN(Network):
    """A plain tanh RNN network; see gru_viz.cells.rnn."""

    layers: tuple
    num_gates = 1

    def __post_init__(self):
        self._check_layers()

    @classmethod
    def random(cls, input_size, hidden_size, num_layers=1, bidirectional=False, seed=0):
        return cls(random_layers(1, input_size, hidden_size, num_layers, bidirectional, seed))

    def _run_cell(self, cell, x, initial, reverse):
        return rnn_forward(cell, x, initial["h0"], reverse=reverse)
