"""Short reprs for a notebook: what a model, a trace or a gradient is, in one line, never its arrays.

    GRU(input_size=3, hidden_size=4, layers=1, bidirectional=False, reset='after', z_convention='keeps_old')
    NetworkTrace(GRU, steps=10, batch=None, layers=1, directions=1, hidden_size=4, reset='after', ...)
    GRUTrace(steps=10, batch=None, input_size=3, hidden_size=4, reverse=False, reset='after', ...)

Sizes come from array shapes, conventions from the object's own fields, so a repr costs nothing
and prints the same for a 4-unit model and a 1024-unit one. This module imports nothing from the
rest of gru_viz: the cells, the models and the weights all use it.
"""

CELL_KINDS = {3: "GRU", 4: "LSTM", 1: "RNN"}  # gate blocks -> cell


def call_repr(name, *args, **fields):
    """'name(arg, key=value, ...)', the values shown with repr (args as they are)."""
    parts = [str(a) for a in args] + [f"{key}={value!r}" for key, value in fields.items()]
    return f"{name}({', '.join(parts)})"


def steps_and_batch(shape):
    """(steps, batch) of a (T, H) or (T, B, H) array's shape: batch None for one sequence."""
    lead = tuple(shape[1:-1])
    return shape[0], (None if not lead else lead[0] if len(lead) == 1 else lead)


def conventions(obj):
    """The GRU's reset position and z convention, {} for a cell that has neither."""
    return {name: getattr(obj, name) for name in ("reset", "z_convention") if hasattr(obj, name)}


def trace_repr(trace):
    """The short repr of one cell's trace (GRUTrace, LSTMTrace or RNNTrace): its sizes, the
    direction it ran and, for a GRU, its conventions; for a class body: `__repr__ = trace_repr`."""
    steps, batch = steps_and_batch(trace.h.shape)
    return call_repr(type(trace).__name__, steps=steps, batch=batch, input_size=trace.x.shape[-1],
                     hidden_size=trace.h.shape[-1], reverse=trace.reverse, **conventions(trace))


def cell_kind(num_gates):
    """'GRU', 'LSTM' or 'RNN' from the number of gate blocks in W_hh (3, 4 or 1)."""
    return CELL_KINDS.get(num_gates, f"{num_gates}-gate cell")
