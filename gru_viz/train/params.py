"""What is trained, as one flat vector: a one-layer recurrent network and its linear read-out.

The vector holds, in order, the cell's W_ih, W_hh, b_ih, b_hh (PyTorch's layout, gate blocks by
row; a GRU with the reset gate before W_h has no b_hh, like the seed form) and the read-out's W
(C, H) and b (C,). `unpack` turns a vector back into a model and a Readout: the optimizer sees one
array, the network code sees its usual objects.

Initial values: the models' own PyTorch-style initialisation (uniform in +-1/sqrt(H)) and
Readout.random's torch.nn.Linear-style one, each from its own stream of the run's seed.
"""

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..cells.weights import CellWeights
from ..losses import Readout
from ..models import GRU, LSTM, RNN

MODELS = {"GRU": GRU, "LSTM": LSTM, "RNN": RNN}


@dataclass(frozen=True)
class Layout:
    """Where each array lives in the flat vector: (name, shape) in order; the network is `kind`
    ('GRU', 'LSTM' or 'RNN'), a GRU with the reset gate at `reset` and z taking the new candidate."""

    kind: str
    input_size: int
    hidden_size: int
    output_size: int
    reset: str = "before"

    @cached_property
    def entries(self):
        G = MODELS[self.kind].num_gates
        H, I, C = self.hidden_size, self.input_size, self.output_size
        cell = [("W_ih", (G * H, I)), ("W_hh", (G * H, H)), ("b_ih", (G * H,))]
        if not (self.kind == "GRU" and self.reset == "before"):
            cell.append(("b_hh", (G * H,)))
        return tuple(cell) + (("W_out", (C, H)), ("b_out", (C,)))

    @cached_property
    def slices(self):
        """(name, slice of the flat vector, shape) per array."""
        out, start = [], 0
        for name, shape in self.entries:
            out.append((name, slice(start, start + math.prod(shape)), shape))
            start += math.prod(shape)
        return tuple(out)

    @property
    def size(self):
        return self.slices[-1][1].stop

    def views(self, flat):
        """{name: view of flat with that array's shape}."""
        return {name: flat[where].reshape(shape) for name, where, shape in self.slices}


def initial_params(layout: Layout, seed, keep_bias=0.0):
    """The flat vector of a freshly initialised network and read-out for this seed.

    keep_bias > 0 starts the gate that keeps the past on its keeping side: a GRU's update gate gets
    the bias -keep_bias (z = sigmoid(-2) = 0.12 for 2: each step keeps 88 % of the old state), an
    LSTM's forget gate +keep_bias (Gers, Schmidhuber and Cummins 2000 and Jozefowicz, Zaremba and
    Sutskever 2015 start it at 1 or more); the other bias of that gate, if any, becomes 0. A plain
    RNN has no such gate and is left as it is. 0 keeps PyTorch's initialisation, z near one half.
    """
    cls = MODELS[layout.kind]
    extra = {"reset": layout.reset} if layout.kind == "GRU" else {}
    cell = cls.random(layout.input_size, layout.hidden_size, seed=[seed, 0], **extra).layers[0][0]
    readout = Readout.random(layout.hidden_size, layout.output_size, seed=[seed, 1])
    arrays = {**cell.arrays(), "W_out": readout.W, "b_out": readout.b}
    flat = np.concatenate([arrays[name].ravel() for name, _ in layout.entries])
    if keep_bias and layout.kind != "RNN":
        H, views = layout.hidden_size, layout.views(flat)
        keeping = slice(H, 2 * H)  # GRU rows r, z, n: z; LSTM rows i, f, g, o: f
        views["b_ih"][keeping] = -keep_bias if layout.kind == "GRU" else keep_bias
        if "b_hh" in views:
            views["b_hh"][keeping] = 0.0
    return flat


def unpack(layout: Layout, flat):
    """(model, readout) holding the numbers of `flat` (copies: later updates do not touch them)."""
    arrays = layout.views(flat)
    cell = CellWeights(arrays["W_ih"], arrays["W_hh"], arrays["b_ih"], arrays.get("b_hh"))
    if layout.kind == "GRU":
        model = GRU(((cell,),), reset=layout.reset, z_convention="takes_new")
    else:
        model = MODELS[layout.kind](((cell,),))
    return model, Readout(arrays["W_out"], arrays["b_out"])


def flatten_gradients(layout: Layout, cell_gradients, readout_gradients, out=None):
    """The gradients of a cell (CellGradients) and of the read-out (a Readout) as one flat vector."""
    named = {**cell_gradients.arrays(), "W_out": readout_gradients.W, "b_out": readout_gradients.b}
    out = np.empty(layout.size) if out is None else out
    for name, view in layout.views(out).items():
        view[...] = named[name]
    return out
