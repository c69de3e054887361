"""What load_weights found: the model, where it came from, and a plain summary for the app."""

from dataclasses import dataclass

from ..reprs import call_repr
from .outline import kind_of

FRAMEWORKS = {"pytorch": "PyTorch", "seed": "seed form", "keras": "Keras"}
CELL_NAMES = {"pytorch": {"GRU": "nn.GRU", "LSTM": "nn.LSTM", "RNN": "nn.RNN"},
              "keras": {"GRU": "GRU", "LSTM": "LSTM", "RNN": "SimpleRNN"},
              "seed": {"GRU": "GRU"}}


@dataclass(frozen=True)
class LoadedWeights:
    """A model (or, from read_outline, a ModelOutline) with what the loader found out.

    container   "safetensors", "npz", "keras" (a .keras zip) or "hdf5" (a Keras .weights.h5)
    form        "pytorch" (state_dict names), "seed" (W_r, ..., b_h) or "keras"
    notes       sentences on what was read, assumed and ignored
    stored_parameters   how many numbers the file stores for the recurrent layers, as that
                framework stores them (Keras: one bias per gate unless GRU reset_after=True)
    """

    model: object
    container: str
    form: str
    notes: tuple
    stored_parameters: int = 0

    def __repr__(self):
        """LoadedWeights(framework='PyTorch', file='safetensors', model=GRU(...sizes, conventions))."""
        return call_repr("LoadedWeights", framework=FRAMEWORKS.get(self.form, self.form), file=self.container,
                         model=self.model, notes=len(self.notes))

    def summary(self):
        """A plain dict describing the model, for display: framework, cell, sizes, conventions, notes."""
        model = self.model
        cell = kind_of(model)
        return {
            "framework": FRAMEWORKS.get(self.form, self.form),
            "container": self.container,
            "cell": cell,
            "framework_layer": CELL_NAMES.get(self.form, {}).get(cell, cell),
            "layers": model.num_layers,
            "directions": model.num_directions,
            "bidirectional": model.bidirectional,
            "input_size": model.input_size,
            "hidden_size": model.hidden_size,
            "reset": getattr(model, "reset", None),
            "z_convention": getattr(model, "z_convention", None),
            "stored_parameters": self.stored_parameters,
            "model_parameters": model.num_parameters,
            "notes": list(self.notes),
        }
