"""What the live view sends back when a learner stops stepping or lets go of a slider, checked
like every other input before it touches the state.

The browser (static/live/main.js) sends one JSON object per pause:
    {"step": t, "unit": u,
     "weights": [[name, row, column, value], ...],   name W_ih, W_hh, b_ih or b_hh; column null
                                                      for a bias; value as the convention shows it
     "inputs": [[t, i, value], ...],
     "clamp": {"gate": "r" or "z", "value": v, "unit": u or null} or null (no clamp)}
Every key is optional. Anything else (a key we do not know, a string for a number, a bool for an
index, NaN, an index out of range, more edits than the state has numbers) is refused with a
StateError that says what was wrong, and the state stays as it was. The numbers themselves then
pass AppState's own validation (finite, within ±1e6).
"""

import math

import numpy as np

from .state import AppState, Clamp, StateError

KEYS = ("step", "unit", "weights", "inputs", "clamp")
WEIGHTS = ("W_ih", "W_hh", "b_ih", "b_hh")


def _index(value, size, what):
    if not isinstance(value, int) or isinstance(value, bool):
        raise StateError(f"the live view sent {what} that is not a whole number")
    if not 0 <= value < size:
        raise StateError(f"the live view sent {what} {value}, outside 0 to {size - 1}")
    return value


def _number(value, what):
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise StateError(f"the live view sent {what} that is not a finite number")
    return float(value)


def _list(value, what, most):
    if not isinstance(value, list) or len(value) > most:
        raise StateError(f"the live view sent {what} that is not a list of at most {most} edits")
    return value


def _shown_sign(name, row, state):
    """-1 for the update gate's rows under keeps_old, which the browser shows negated (as the
    weights table does: the convention's z is 1 - the stored z)."""
    H = state.hidden_size
    return -1.0 if state.z_convention == "keeps_old" and H <= row < 2 * H else 1.0


def _weights(edits, state):
    arrays = {name: None if getattr(state, name) is None else np.array(getattr(state, name)) for name in WEIGHTS}
    H, I = state.hidden_size, state.input_size
    for edit in _list(edits, "weights", arrays["W_ih"].size + arrays["W_hh"].size + 6 * H):
        if not isinstance(edit, list) or len(edit) != 4 or edit[0] not in WEIGHTS:
            raise StateError("the live view sent a weight edit that is not [name, row, column, value]")
        name, row, column, value = edit
        if arrays[name] is None:
            raise StateError(f"this GRU has no {name}")
        row = _index(row, 3 * H, "a weight row")
        value = _number(value, f"{name}[{row}]") * _shown_sign(name, row, state)
        if name.startswith("W"):
            arrays[name][row, _index(column, I if name == "W_ih" else H, "a weight column")] = value
        elif column is not None:
            raise StateError("the live view sent a column for a bias")
        else:
            arrays[name][row] = value
    return {name: array for name, array in arrays.items() if array is not None}


def _inputs(edits, state):
    if state.text is not None:
        raise StateError("the inputs come from the text here: edit the text, or switch to numbers")
    x = np.array(state.x)
    for edit in _list(edits, "inputs", x.size):
        if not isinstance(edit, list) or len(edit) != 3:
            raise StateError("the live view sent an input edit that is not [t, i, value]")
        t, i, value = edit
        x[_index(t, state.steps, "a step"), _index(i, state.input_size, "an input")] = _number(value, "an input")
    return x


def _clamp(value, state):
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"gate", "value", "unit"} or value["gate"] not in ("r", "z"):
        raise StateError("the live view sent a clamp that is not {gate: r or z, value, unit}")
    level = _number(value["value"], "a clamp value")
    if not 0.0 <= level <= 1.0:
        raise StateError(f"a clamp value must be between 0 and 1, got {level}")
    unit = None if value["unit"] is None else _index(value["unit"], state.hidden_size, "a unit")
    return Clamp(value["gate"], level, unit)


def commit_changes(message, state: AppState):
    """(changes for AppState.with_changes, the unit to follow or None) from the browser's message,
    or a StateError; the caller applies both or neither."""
    if not isinstance(message, dict) or not message or set(message) - set(KEYS):
        raise StateError("the live view sent a message this app does not understand")
    changes = {}
    if "step" in message:
        changes["step"] = _index(message["step"], state.steps, "a step")
    unit = None if "unit" not in message else _index(message["unit"], state.hidden_size, "a unit")
    if "weights" in message:
        changes.update(_weights(message["weights"], state), example="")
    if "inputs" in message:
        changes.update(x=_inputs(message["inputs"], state), example="")
    if "clamp" in message:
        changes["clamp"] = _clamp(message["clamp"], state)
    return changes, unit
