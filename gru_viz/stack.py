"""A stack of recurrent layers that differ in kind, width or direction: the models people train.

    stack = gru_viz.Stack((gru_viz.GRU.random(3, 4, bidirectional=True), gru_viz.LSTM.random(8, 5)))
    trace = stack.run(x)           # x (T, 3) or (T, B, 3)
    trace.output                   # (T, 5): the last layer's states
    trace.cells[0][1].z            # layer 0's backward GRU cell's update gate
    trace.layers[1]                # layer 1's own NetworkTrace (h_n, c_n, ...)

Each layer is a one-layer GRU, LSTM or RNN network (gru_viz.models), forward or bidirectional,
with its own conventions; layer k reads layer k-1's output, the directions concatenated per step,
forward first, as a Keras Sequential of Bidirectional(GRU(return_sequences=True)) then GRU(...)
does. A stack whose layers are all alike is just a Network of several layers; `simplest` gives that
Network then, so files of one kind keep loading as they always have.
"""

from dataclasses import dataclass

import numpy as np

from .network import Network, freeze
from .reprs import call_repr


@dataclass(frozen=True, eq=False)
class StackTrace:
    """What a stack computed for one input.

    output   (T, D*H) of the last layer (or (T, B, D*H))
    layers   each layer's NetworkTrace, in order
    cells    cells[layer][direction]: that cell's trace, as NetworkTrace.cells
    """

    output: np.ndarray
    layers: tuple

    @property
    def cells(self):
        return tuple(trace.cells[0] for trace in self.layers)

    def __repr__(self):
        return call_repr("StackTrace", layers=len(self.layers), steps=self.output.shape[0],
                         output_size=self.output.shape[-1])


@dataclass(frozen=True, eq=False)
class Stack:
    """Layers (one-layer GRU, LSTM or RNN networks) run one after another; see the module docstring."""

    layers: tuple

    def __post_init__(self):
        layers = tuple(self.layers)
        object.__setattr__(self, "layers", layers)
        if not layers:
            raise ValueError("a stack needs at least one layer")
        for k, layer in enumerate(layers):
            if not isinstance(layer, Network) or layer.num_layers != 1:
                raise TypeError(f"layer {k} of a stack must be a one-layer GRU, LSTM or RNN, not {layer!r}")
            if k and layer.input_size != layers[k - 1].output_size:
                raise ValueError(f"layer {k} reads {layer.input_size} features per step, but layer {k - 1} gives "
                                 f"{layers[k - 1].output_size} ({layers[k - 1].num_directions} x "
                                 f"{layers[k - 1].hidden_size})")

    @classmethod
    def of(cls, network):
        """The stack of a Network's layers, one by one."""
        kind = type(network)
        return cls(tuple(kind((directions,), **network._conventions()) for directions in network.layers))

    def simplest(self):
        """This stack as one Network when every layer is of one class, with one direction count,
        one width and the same conventions; else the stack itself."""
        first = self.layers[0]
        alike = all(type(layer) is type(first) and layer.num_directions == first.num_directions
                    and layer.hidden_size == first.hidden_size and layer._conventions() == first._conventions()
                    for layer in self.layers)
        if not alike:
            return self
        return type(first)(tuple(layer.layers[0] for layer in self.layers), **first._conventions())

    @property
    def input_size(self):
        return self.layers[0].input_size

    @property
    def output_size(self):
        return self.layers[-1].output_size

    @property
    def num_layers(self):
        return len(self.layers)

    @property
    def num_parameters(self):
        return sum(layer.num_parameters for layer in self.layers)

    def run(self, x, h0=None):
        """Run every layer in turn over x, (T, I) or (T, B, I). `h0`: None (zeros everywhere) or one
        initial state per layer, each what that layer's run takes as h0 (None for zeros)."""
        starts = [None] * self.num_layers if h0 is None else list(h0)
        if len(starts) != self.num_layers:
            raise ValueError(f"h0 must hold one initial state per layer ({self.num_layers}), got {len(starts)}")
        x = np.asarray(x)
        traces, layer_input = [], x
        # A (1, B, I) input is one step of B sequences only if layer 0's h0 says so; every later layer
        # then gets zeros of that batch's shape, so that it need not guess again.
        batch = x.ndim == 3 and x.shape[0] == 1 and x.shape[1] > 1 and starts[0] is not None
        for layer, start in zip(self.layers, starts):
            if start is None and batch:
                start = np.zeros((layer.num_directions, x.shape[1], layer.hidden_size))
            trace = layer.run(layer_input, start)
            traces.append(trace)
            layer_input = trace.output
        return freeze(StackTrace(output=layer_input, layers=tuple(traces)))

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return len(self.layers) == len(other.layers) and all(a == b for a, b in zip(self.layers, other.layers))

    def __hash__(self):
        return hash(("Stack", self.layers))

    def __repr__(self):
        """Stack(GRU(3 -> 2x4, reset='after', z_convention='keeps_old'), LSTM(8 -> 5))."""
        return "Stack(" + ", ".join(layer_words(layer) for layer in self.layers) + ")"


def layer_words(layer):
    width = f"{layer.num_directions}x{layer.hidden_size}" if layer.bidirectional else str(layer.hidden_size)
    conventions = "".join(f", {k}={v!r}" for k, v in layer._conventions().items())
    return f"{type(layer).__name__}({layer.input_size} -> {width}{conventions})"


def refuse_stack(model, what):
    """A TypeError for a Stack where only a Network is taken (backprop through time does not cover
    stacks of layers that differ yet)."""
    if isinstance(model, Stack):
        raise TypeError(f"{what} takes a GRU, LSTM or RNN network, not a Stack of layers that differ: pass one "
                        "of stack.layers, on the input that layer reads")
