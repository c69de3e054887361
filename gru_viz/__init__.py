"""GRU Gate Explorer's core: recurrent networks in NumPy that record every gate at every step.

    import gru_viz
    model = gru_viz.GRU.random(input_size=3, hidden_size=4, seed=0)
    trace = model.run(x)               # x: (T, 3)
    trace.cells[0][0].z                # the update gate, (T, 4)

    grads = gru_viz.backward(model, trace, d_output)   # backprop through time (gradients.py)
    gru_viz.gradient_flow(model, x)    # (T,) how far back d h_{T-1} reaches (flow.py)

See gru_viz.cells.gru for the equations and the two conventions (reset position, z side).
Nothing in this package imports streamlit; the core imports only NumPy.
"""

from .cells.gru import GRUTrace
from .cells.lstm import LSTMTrace
from .cells.rnn import RNNTrace
from .cells.shared_backward import CellBackward, CellGradients
from .cells.weights import CellWeights
from .counts import parameter_count
from .flow import GradientPaths, gradient_flow, gru_gradient_paths
from .gradients import Gradients, backward
from .losses import LossResult, Readout, log_softmax, mean_squared_error, readout_loss, softmax_cross_entropy
from .models import GRU, LSTM, RNN
from .network import NetworkTrace
from .weights import Limits, LoadedWeights, WeightsError, load_weights, read_weights

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "CellWeights",
    "GRUTrace",
    "LSTMTrace",
    "RNNTrace",
    "NetworkTrace",
    "Limits",
    "LoadedWeights",
    "WeightsError",
    "load_weights",
    "read_weights",
    "parameter_count",
    "backward",
    "Gradients",
    "CellGradients",
    "CellBackward",
    "gradient_flow",
    "gru_gradient_paths",
    "GradientPaths",
    "Readout",
    "LossResult",
    "readout_loss",
    "mean_squared_error",
    "softmax_cross_entropy",
    "log_softmax",
]
