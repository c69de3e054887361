"""GRU Gate Explorer's core: recurrent networks in NumPy that record every gate at every step.

    import gru_viz
    model = gru_viz.GRU.random(input_size=3, hidden_size=4, seed=0)
    model                              # GRU(input_size=3, hidden_size=4, ..., z_convention='takes_new')
    trace = model.run(x)               # x: (T, 3) one sequence, or (T, B, 3) a batch, time first
    trace.cell.z                       # the update gate, (T, 4); trace.cells[layer][direction] when stacked
    gru_viz.Stack((gru_viz.GRU.random(3, 4, bidirectional=True), gru_viz.LSTM.random(8, 5)))
                                       # layers that differ in kind, width or direction (stack.py)

    grads = gru_viz.backward(model, trace, d_output)   # backprop through time (gradients.py)
    gru_viz.gradient_flow(model, x)    # (T,) how far back d h_{T-1} reaches (flow.py)
    gru_viz.save_weights(model, "gru.safetensors")      # or .npz; load_weights gives back an equal model

One step, the definition: gru_viz.gru_step (gru_viz/cells/gru.py), one line per gate; the fast
loop that runs a whole sequence is tested equal to it. What each convention means is said once in
gru_viz.conventions (which side z multiplies), and where the reset gate acts in gru_viz.cells.gru.
Nothing in this package imports streamlit, pandas or plotly: `import gru_viz` needs NumPy (and
safetensors / h5py only when a file is read); the figure builders in gru_viz.figures need plotly
(`pip install .[figures]`).
"""

from .cells.activations import sigmoid
from .cells.gru import GRUStep, GRUTrace, gru_step
from .cells.lstm import LSTMStep, LSTMTrace, lstm_step
from .cells.rnn import RNNStep, RNNTrace, rnn_step
from .cells.shared_backward import CellBackward, CellGradients
from .cells.weights import CellWeights
from .counts import parameter_count
from .flow import GradientPaths, gradient_flow, gru_gradient_paths
from .gradients import Gradients, backward
from .losses import LossResult, Readout, log_softmax, mean_squared_error, readout_loss, softmax_cross_entropy
from .models import GRU, LSTM, RNN
from .network import NetworkTrace
from .stack import Stack, StackTrace
from .weights import Limits, LoadedWeights, WeightsError, load_model, load_weights, read_weights, save_weights
from .whole import WholeModel

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "CellWeights",
    "GRUTrace",
    "LSTMTrace",
    "RNNTrace",
    "gru_step",
    "lstm_step",
    "rnn_step",
    "GRUStep",
    "LSTMStep",
    "RNNStep",
    "sigmoid",
    "NetworkTrace",
    "Stack",
    "StackTrace",
    "Limits",
    "LoadedWeights",
    "WeightsError",
    "load_weights",
    "load_model",
    "WholeModel",
    "read_weights",
    "save_weights",
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
