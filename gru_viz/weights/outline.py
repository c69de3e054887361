"""A weight file's model described without its numbers: what `read_outline` returns.

A file as large as the limits allow (64 MB of float16) becomes 256 MB as a float64 model, and an
app that only summarises it (its explorer shows small cells) need not pay that. So the readers run
in one of two builds: NUMBERS converts every weight to a float64 CellWeights (a model you can run);
DECLARED checks the same things on the arrays as the file stores them (dtype, NaN or inf, every
shape and name) and keeps them unconverted, as views of the file's bytes where the container allows
(.safetensors), in a DeclaredCell, from which a ModelOutline (sizes,
conventions, parameter count) is taken and the arrays dropped. Both builds go through the same
reader code, so a file refused by one is refused by the other with the same words, and an
outline's summary equals the model's.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..cells.weights import CellWeights
from ..reprs import call_repr
from ..stack import Stack
from .containers import as_float64, check_weight_dtype, read_safetensors_with_metadata, safetensors_views

# Numbers checked for NaN or inf at a time: a 64 kB mask, not one the array's size. Small on
# purpose: glibc serves blocks under 128 kB from its arenas; a larger block is mapped, and once
# one is freed glibc raises that threshold and keeps blocks of that size in arenas it never shrinks.
CHUNK = 2**16


def checked(name, array):
    """`array` as stored, after the checks as_float64 makes (float dtype, finite), with no copy."""
    check_weight_dtype(name, array)
    flat = array.reshape(-1)
    for start in range(0, flat.size, CHUNK):
        if not np.isfinite(flat[start : start + CHUNK]).all():
            as_float64(name, flat[start : start + CHUNK])  # raises its message
    return array


@dataclass(frozen=True, eq=False)
class DeclaredCell(CellWeights):
    """A cell's arrays as the file stores them, shapes checked as CellWeights checks them; never
    run. Only the readers' DECLARED build makes one, and read_outline drops it."""

    def __post_init__(self):
        self._check_shapes()

    def replace_rows(self, rows, sign):
        """The same cell: an outline needs shapes, and negating rows changes none (nor which are 0)."""
        return self


@dataclass(frozen=True)
class Build:
    """How a reader turns a stored array into a weight (`array(name, stored)`) and weights into a
    cell, and how it reads a .safetensors file (copied by the library, or as views of its bytes)."""

    array: Callable
    cell: type
    safetensors: Callable


NUMBERS = Build(as_float64, CellWeights, read_safetensors_with_metadata)
DECLARED = Build(checked, DeclaredCell, safetensors_views)


@dataclass(frozen=True)
class ModelOutline:
    """A model's sizes and conventions without its arrays: kind is "GRU", "LSTM" or "RNN"."""

    kind: str
    num_layers: int
    num_directions: int
    input_size: int
    hidden_size: int
    num_parameters: int
    reset: str | None = None
    z_convention: str | None = None

    @property
    def bidirectional(self):
        return self.num_directions == 2

    def __repr__(self):
        """ModelOutline('GRU', input_size=1024, hidden_size=1024, layers=2, directions=2, ...)."""
        conventions = {"reset": self.reset, "z_convention": self.z_convention} if self.kind == "GRU" else {}
        return call_repr("ModelOutline", self.kind, input_size=self.input_size, hidden_size=self.hidden_size,
                         layers=self.num_layers, directions=self.num_directions, **conventions)

    @property
    def output_size(self):
        return self.num_directions * self.hidden_size

    @classmethod
    def of(cls, model):
        """The outline of a model (of float64 cells or of DeclaredCells), or of a Stack."""
        if isinstance(model, Stack):
            return StackOutline(tuple(cls.of(layer) for layer in model.layers))
        return cls(type(model).__name__, model.num_layers, model.num_directions, model.input_size,
                   model.hidden_size, model.num_parameters, getattr(model, "reset", None),
                   getattr(model, "z_convention", None))


@dataclass(frozen=True)
class StackOutline:
    """A Stack's outline: one ModelOutline per layer (gru_viz.stack)."""

    layers: tuple
    kind = "Stack"

    @property
    def num_layers(self):
        return len(self.layers)

    @property
    def input_size(self):
        return self.layers[0].input_size

    @property
    def num_parameters(self):
        return sum(layer.num_parameters for layer in self.layers)

    def __repr__(self):
        return "StackOutline(" + ", ".join(map(repr, self.layers)) + ")"


def kind_of(model):
    """'GRU', 'LSTM', 'RNN' or 'Stack' for a model or its outline."""
    return model.kind if isinstance(model, (ModelOutline, StackOutline)) else type(model).__name__
