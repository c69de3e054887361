"""GRU Gate Explorer's core: recurrent networks in NumPy that record every gate at every step.

    import gru_viz
    model = gru_viz.GRU.random(input_size=3, hidden_size=4, seed=0)
    trace = model.run(x)               # x: (T, 3)
    trace.cells[0][0].z                # the update gate, (T, 4)

See gru_viz.cells.gru for the equations and the two conventions (reset position, z side).
Nothing in this package imports streamlit; the core imports only NumPy.
"""

from .cells.gru import GRUTrace
from .cells.lstm import LSTMTrace
from .cells.rnn import RNNTrace
from .cells.weights import CellWeights
from .counts import parameter_count
from .models import GRU, LSTM, RNN
from .network import NetworkTrace
from .weights import WeightsError, load_weights

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "CellWeights",
    "GRUTrace",
    "LSTMTrace",
    "RNNTrace",
    "NetworkTrace",
    "WeightsError",
    "load_weights",
    "parameter_count",
]
