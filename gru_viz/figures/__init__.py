"""Figure builders for GRU, LSTM and RNN traces: a trace in, a plotly.graph_objects.Figure out.

    import numpy as np, gru_viz
    from gru_viz.figures import sequence_heatmaps, cell_diagram
    x = np.random.default_rng(0).normal(size=(10, 3))
    trace = gru_viz.GRU.random(3, 4, seed=0).run(x).cell      # a GRUTrace, (T, H) per gate
    fig = sequence_heatmaps(trace, [f"x{t}" for t in range(10)], step=2)
    fig.show()                                                 # or fig.write_html("gates.html")

Every builder is pure and shaped like a plotly.express function: the data first (a trace, or
arrays made from one), then keyword options; it returns a new Figure and does no I/O (no files,
no network, no Streamlit, no global state), so the caller decides where the figure goes. Colours
and colour scales come from gru_viz.figures.style, the same for a quantity on every figure.
Plotly is an optional extra of the library: pip install '.[figures]' (`import gru_viz` needs
NumPy only). The names below load their modules on first use, so gru_viz.figures.style and the
HTML builders need no plotly.

A name means the same thing in every builder:
    trace     the record of one run (a GRUTrace unless the builder says otherwise)
    tokens    T labels for the time axis, one per step
    step      one time index, 0 <= step < T (the step drawn or outlined)
    steps     a count of time steps, T (an axis of the steps themselves is `t`)
    t         the time steps as an x axis, (T,), np.arange(T)
    unit      one unit's index (None: every unit)
    gate      which recorded field of a cell is drawn ("r", "z", "h_tilde", "h")
    title     the figure title; None: none, or the builder's own where it says so
    height    the figure height in pixels; None: fitted to what is drawn

Cells, one step:
    cell_diagram            a GRU step as a diagram: x_t, h_{t-1}, r, z, h~, h_t, with the step's numbers
    lstm_diagram            an LSTM step as a diagram: c_{t-1}, h_{t-1}, x_t, f, i, g, o, c_t, h_t
    number_lines            HTML (str): one number line per unit, h_t between h_{t-1} and h~_t
    interpolation_html      HTML (str): number_lines with a heading and one sentence per unit
Over time:
    sequence_heatmaps       units-by-time heatmaps of a GRU's x, r, z, h~ and h on one time axis
    heatmap_stack           units-by-time heatmaps of any gates and states, stacked; units chosen and ordered
    unit_lines              a handful of followed units' gates and states against time, a line each
    layer_heatmaps          one quantity's heatmap for every layer and direction of a stacked GRU
    stack_diagram           the wiring of a stacked, bidirectional GRU with sizes on each arrow
Memory and gradients:
    survival_chart          what is left of a value written at one step, GRU against plain RNN (log)
    reset_chart             a unit's candidate with r forced to 0 and to 1, and from x_t alone
    difference_chart        |reset before - reset after| per step, per quantity
    gradient_chart          || d h_{T-1} / d state or input || against steps back, per model (log)
Training:
    training_curves         loss (log) and accuracy against the training step, held-out dots
    snapshot_heatmaps       a cell's gates and state on the probe at one snapshot, fixed ranges
    gradient_flow_lines     || d h_{T-1} / d h_t || on the probe before and after training (log)
    accuracy_against_delay  held-out accuracy against the delay, per model kind, seeds' range
Whole models:
    prediction_bars         a model's top classes or next tokens for a sentence, with their values
"""

from importlib import import_module
from typing import TYPE_CHECKING

_HOMES = {  # name: the module of this package that defines it
    "cell_diagram": "cell",
    "lstm_diagram": "lstm_cell",
    "number_lines": "number_line",
    "interpolation_html": "number_line",
    "sequence_heatmaps": "sequence",
    "heatmap_stack": "grid",
    "unit_lines": "units",
    "layer_heatmaps": "stacked",
    "stack_diagram": "stacked",
    "survival_chart": "curves",
    "reset_chart": "curves",
    "difference_chart": "curves",
    "gradient_chart": "curves",
    "training_curves": "training",
    "snapshot_heatmaps": "training",
    "gradient_flow_lines": "training",
    "accuracy_against_delay": "training",
    "prediction_bars": "prediction",
}

__all__ = [
    "cell_diagram",
    "lstm_diagram",
    "number_lines",
    "interpolation_html",
    "sequence_heatmaps",
    "heatmap_stack",
    "unit_lines",
    "layer_heatmaps",
    "stack_diagram",
    "survival_chart",
    "reset_chart",
    "difference_chart",
    "gradient_chart",
    "training_curves",
    "snapshot_heatmaps",
    "gradient_flow_lines",
    "accuracy_against_delay",
    "prediction_bars",
]

if TYPE_CHECKING:  # what a type checker and an editor see; at run time __getattr__ loads them
    from .cell import cell_diagram
    from .curves import difference_chart, gradient_chart, reset_chart, survival_chart
    from .grid import heatmap_stack
    from .lstm_cell import lstm_diagram
    from .number_line import interpolation_html, number_lines
    from .prediction import prediction_bars
    from .sequence import sequence_heatmaps
    from .stacked import layer_heatmaps, stack_diagram
    from .training import accuracy_against_delay, gradient_flow_lines, snapshot_heatmaps, training_curves
    from .units import unit_lines


def __getattr__(name):
    """A builder, imported from its module on first use (PEP 562): plotly loads only when needed."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
