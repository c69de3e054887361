"""Stacked and bidirectional networks of recurrent cells, with PyTorch's semantics.

Layer 0 reads x; layer l+1 reads the outputs of layer l, the forward and backward directions
concatenated per step (forward first), exactly like `torch.nn.GRU(num_layers=L,
bidirectional=True)`. A backward direction reads x_{T-1} first; its records are stored in
input-time order, so that trace.output[t] lines up both directions' states for step t, like torch's
`output`. Shapes: x (T, I) for one sequence, or (T, B, I) for a batch, time first (training's);
a (1, B, I) input is refused as ambiguous unless its initial state says it is a batch (Network.run).

Models compare by value (same class, conventions and arrays) and print as one short line
(reprs.py); so does a NetworkTrace.
"""

import hashlib
from dataclasses import dataclass

import numpy as np

from .cells.weights import CellWeights
from .reprs import call_repr, conventions, steps_and_batch

ARRAY_NAMES = ("W_ih", "W_hh", "b_ih", "b_hh")


@dataclass(frozen=True, eq=False)
class NetworkTrace:
    """What a network computed for one input.

    output   (T, D*H)  the last layer's states, directions concatenated (torch's output[:, 0])
    h_n      (L*D, H)  the final state of each layer and direction, torch's order (torch's h_n[:, 0])
    c_n      (L*D, H)  likewise for an LSTM's cell state; None for GRU and RNN
    cells    cells[layer][direction] is that cell's trace (GRUTrace, LSTMTrace or RNNTrace)
    cell     cells[0][0], for a network of one layer and one direction (else an error says so)
    """

    output: np.ndarray
    h_n: np.ndarray
    cells: tuple
    c_n: np.ndarray | None = None

    @property
    def cell(self):
        """The one cell's trace of a one-layer, one-direction network: trace.cells[0][0]."""
        L, D = len(self.cells), len(self.cells[0])
        if (L, D) != (1, 1):
            raise AttributeError(
                f"this network has {L} layer{'s' if L > 1 else ''} and {D} direction{'s' if D > 1 else ''}, "
                f"so {L * D} cells: use trace.cells[layer][direction] (direction 0 forward, 1 backward); "
                "trace.cell is for a network of one layer and one direction")
        return self.cells[0][0]

    def __repr__(self):
        first = self.cells[0][0]
        steps, batch = steps_and_batch(first.h.shape)
        kind = type(first).__name__.removesuffix("Trace")
        return call_repr("NetworkTrace", kind, steps=steps, batch=batch, layers=len(self.cells),
                         directions=len(self.cells[0]), hidden_size=first.h.shape[-1], **conventions(first))


def as_input(x, input_size, *, max_steps=None):
    """x as a float64 (T, I) or (T, B, I) array, or a ValueError that says what is wrong."""
    try:
        x = np.array(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the input must be numbers: {exc}") from None
    if x.ndim not in (2, 3):
        raise ValueError(f"the input must have shape (T, {input_size}), got {x.shape}")
    if x.shape[-1] != input_size:
        raise ValueError(f"the input has {x.shape[-1]} features per step; the model expects {input_size}")
    if x.shape[0] == 0:
        raise ValueError("the input has no time steps")
    if max_steps is not None and x.shape[0] > max_steps:
        raise ValueError(f"the input has {x.shape[0]} steps; the limit is {max_steps}")
    if not np.all(np.isfinite(x)):
        raise ValueError("the input contains NaN or inf")
    return x


def ambiguous_input(x, model, state_error=None):
    """The ValueError for a (1, B, I) input: one step of B sequences, or one sequence of B steps
    with a batch axis in front (`x[None]`, batch first, the common mistake)?"""
    B, I, H = x.shape[1], x.shape[2], model.hidden_size
    LD = model.num_layers * model.num_directions
    why = f" ({state_error})" if state_error else ""
    return ValueError(
        f"the input's shape {x.shape} is ambiguous: one step of {B} sequences, or one sequence of {B} "
        f"steps with a batch axis in front (x[None])? Pass one sequence as (T, I) = ({B}, {I}) (here x[0]), "
        f"a batch as (T, B, I), time first (x.transpose(1, 0, 2) of a batch-first array). For {B} "
        f"sequences of one step each, also pass h0 of shape ({LD}, {B}, {H}) (np.zeros for the usual start){why}."
    )


def as_state(value, name, shape):
    """An initial state of shape (L*D, H) (or (L*D, B, H)), zeros when None."""
    if value is None:
        return np.zeros(shape)
    try:
        state = np.array(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers: {exc}") from None
    if state.shape != shape and shape[0] == 1 and state.shape == shape[1:]:
        state = state[None]
    if state.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {state.shape}")
    if not np.all(np.isfinite(state)):
        raise ValueError(f"{name} contains NaN or inf")
    return state


def freeze(trace):
    """Mark every array of a trace read-only, so a cached trace cannot be edited by a view."""
    for value in vars(trace).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return trace


class Network:
    """Shared shape, stacking and bookkeeping of GRU, LSTM and RNN models.

    Subclasses are frozen dataclasses with a field `layers`: a tuple (one entry per layer) of
    tuples (one CellWeights per direction), and implement `_run_cell`.
    """

    num_gates = 1

    def _check_layers(self):
        layers = tuple(tuple(directions) for directions in self.layers)
        object.__setattr__(self, "layers", layers)
        if not layers or not layers[0]:
            raise ValueError("a model needs at least one layer")
        D = len(layers[0])
        if D not in (1, 2):
            raise ValueError(f"a layer has 1 or 2 directions, got {D}")
        H = layers[0][0].hidden_size
        for l, directions in enumerate(layers):
            if len(directions) != D:
                raise ValueError(f"layer {l} has {len(directions)} directions; layer 0 has {D}")
            expected_input = layers[0][0].input_size if l == 0 else D * H
            for d, cell in enumerate(directions):
                if not isinstance(cell, CellWeights):
                    raise TypeError("layers must hold CellWeights")
                where = f"layer {l}{' reverse' if d else ''}"
                if cell.hidden_size != H:
                    raise ValueError(f"{where}: hidden size {cell.hidden_size}, expected {H}")
                if cell.num_gates != self.num_gates:
                    raise ValueError(
                        f"{where}: {cell.num_gates} gate blocks, a {type(self).__name__} has {self.num_gates}"
                    )
                if cell.input_size != expected_input:
                    raise ValueError(f"{where}: input size {cell.input_size}, expected {expected_input}")

    def _conventions(self):
        """The fields besides the weights that decide what the network computes ({} but for a GRU)."""
        return {}

    def __repr__(self):
        return call_repr(type(self).__name__, input_size=self.input_size, hidden_size=self.hidden_size,
                         layers=self.num_layers, bidirectional=self.bidirectional, **self._conventions())

    def __eq__(self, other):
        """Equal when of the same class, with the same conventions and exactly the same arrays
        (shapes, values, and None for the same absent biases)."""
        if type(other) is not type(self):
            return NotImplemented
        if self is other:
            return True
        if self._conventions() != other._conventions() or len(self.layers) != len(other.layers):
            return False
        for mine, theirs in zip(self.layers, other.layers):
            if len(mine) != len(theirs):
                return False
            for a, b in zip(mine, theirs):
                for name in ARRAY_NAMES:
                    x, y = getattr(a, name), getattr(b, name)
                    if (x is None) != (y is None) or (x is not None and not np.array_equal(x, y)):
                        return False
        return True

    def __hash__(self):
        return hash((type(self).__name__, tuple(sorted(self._conventions().items())), self._digest()))

    def _digest(self):
        """A digest of every array, worked out once (the arrays are read-only): equal models have
        equal digests, -0.0 and 0.0 (equal numbers) included."""
        digest = self.__dict__.get("_weights_digest")
        if digest is None:
            h = hashlib.blake2b(digest_size=16)
            for directions in self.layers:
                for cell in directions:
                    for name in ARRAY_NAMES:
                        array = getattr(cell, name)
                        h.update(name.encode() + (b"-" if array is None else repr(array.shape).encode()))
                        if array is not None:
                            h.update(np.ascontiguousarray(array + 0.0).tobytes())  # + 0.0 turns -0.0 into 0.0
            digest = self.__dict__["_weights_digest"] = h.digest()
        return digest

    @property
    def input_size(self):
        return self.layers[0][0].input_size

    @property
    def hidden_size(self):
        return self.layers[0][0].hidden_size

    @property
    def num_layers(self):
        return len(self.layers)

    @property
    def num_directions(self):
        return len(self.layers[0])

    @property
    def bidirectional(self):
        return self.num_directions == 2

    @property
    def output_size(self):
        """Features per step of trace.output: the directions' states side by side."""
        return self.num_directions * self.hidden_size

    @property
    def num_parameters(self):
        """The number of numbers the model stores (absent biases not counted)."""
        return sum(cell.num_parameters for directions in self.layers for cell in directions)

    def run(self, x, h0=None, **initial):
        """Run the network over x and record every cell; see NetworkTrace for what comes back.

        x    (T, I) one sequence, or (T, B, I) a batch of B sequences, time first
        h0   the initial state, (L*D, H) or (L*D, B, H) (also (H,) or (B, H) for one cell); zeros when None

        A (1, B, I) input with B > 1 is refused as ambiguous: it is what `x[None]` makes of one
        sequence of B steps (batch first), and it reads as one step of B sequences. It runs as
        that batch when an initial state of the batch's shape, (L*D, B, H), comes with it.
        (1, 1, I) is not ambiguous: one step of one sequence either way.
        """
        x = as_input(x, self.input_size)
        state_shape = (self.num_layers * self.num_directions, *x.shape[1:-1], self.hidden_size)
        ambiguous = x.ndim == 3 and x.shape[0] == 1 and x.shape[1] > 1
        if ambiguous and all(value is None for value in (h0, *initial.values())):
            raise ambiguous_input(x, self)
        try:
            states = {"h0": as_state(h0, "h0", state_shape)}
            states.update({k: as_state(v, k, state_shape) for k, v in initial.items()})
        except ValueError as exc:
            if ambiguous:
                raise ambiguous_input(x, self, str(exc)) from None
            raise
        cells, layer_input = [], x
        h_n = np.empty(state_shape)
        c_n = np.empty(state_shape) if "c0" in states else None
        for l, directions in enumerate(self.layers):
            traces = []
            for d, cell in enumerate(directions):
                k = l * self.num_directions + d
                trace = freeze(self._run_cell(cell, layer_input, {n: s[k] for n, s in states.items()}, d == 1))
                last = 0 if trace.reverse else -1  # the state after the last step this direction read
                h_n[k] = trace.h[last]
                if c_n is not None:
                    c_n[k] = trace.c[last]
                traces.append(trace)
            cells.append(tuple(traces))
            layer_input = np.concatenate([t.h for t in traces], axis=-1) if len(traces) > 1 else traces[0].h
        return freeze(NetworkTrace(output=layer_input, h_n=h_n, c_n=c_n, cells=tuple(cells)))

    def _run_cell(self, cell, x, initial, reverse):
        raise NotImplementedError
