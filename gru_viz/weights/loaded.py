"""What load_weights found: the model, where it came from, and a plain summary for the app."""

from dataclasses import dataclass

from ..reprs import call_repr
from .outline import kind_of

FRAMEWORKS = {"pytorch": "PyTorch", "seed": "seed form", "keras": "Keras", "onnx": "ONNX"}
CELL_NAMES = {"pytorch": {"GRU": "nn.GRU", "LSTM": "nn.LSTM", "RNN": "nn.RNN"},
              "keras": {"GRU": "GRU", "LSTM": "LSTM", "RNN": "SimpleRNN"},
              "seed": {"GRU": "GRU"},
              "onnx": {"GRU": "GRU", "LSTM": "LSTM", "RNN": "RNN"}}


@dataclass(frozen=True)
class LoadedWeights:
    """A model (or, from read_outline, a ModelOutline) with what the loader found out.

    container   "safetensors", "npz", "keras" (a .keras zip), "hdf5" (a Keras .weights.h5) or "onnx"
    form        "pytorch" (state_dict names), "seed" (W_r, ..., b_h), "keras" or "onnx"
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
        """A plain dict describing the model, for display: framework, cell, sizes, conventions, notes.
        For a Stack (layers that differ), each per-layer field lists its layers' values, comma-separated."""
        model = self.model
        cell = kind_of(model)
        if cell == "Stack":
            return self.stack_summary()
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

    def stack_summary(self):
        model, names = self.model, CELL_NAMES.get(self.form, {})

        def each(read):
            return ", ".join("—" if read(layer) is None else str(read(layer)) for layer in model.layers)

        def layer_name(layer):  # as the framework writes a bidirectional layer
            name = names.get(kind_of(layer), kind_of(layer))
            if not layer.bidirectional:
                return name
            return {"keras": f"Bidirectional({name})", "pytorch": f"{name}(bidirectional=True)"}.get(
                self.form, f"{name} (bidirectional)")

        return {
            "framework": FRAMEWORKS.get(self.form, self.form),
            "container": self.container,
            "cell": "Stack",
            "framework_layer": " → ".join(map(layer_name, model.layers)),
            "layers": model.num_layers,
            "directions": each(lambda layer: layer.num_directions),
            "bidirectional": any(layer.bidirectional for layer in model.layers),
            "input_size": model.input_size,
            "hidden_size": each(lambda layer: layer.hidden_size),
            "reset": each(lambda layer: getattr(layer, "reset", None)),
            "z_convention": each(lambda layer: getattr(layer, "z_convention", None)),
            "stored_parameters": self.stored_parameters,
            "model_parameters": model.num_parameters,
            "notes": list(self.notes),
        }
