"""When a GRU's gates saturate: how much of each gate sits at its limits, and a note for a learner.

A gate near its limit is flat: sigmoid'(a) = s (1 - s) and tanh'(a) = 1 - t^2 are both below
about `within` (twice that for tanh) once s is within `within` of 0 or 1, or t of -1 or 1. There a
small change of a weight barely moves the gate, and a gradient passing through it nearly
vanishes (the slopes are what backprop multiplies by; see cells/gru.py, gru_backward). Large
weights or inputs do this: a pre-activation of 7 already puts sigmoid within 0.001 of 1.

    found = saturation(trace)        # {"r": Saturation, "z": ..., "h_tilde": ...}
    saturation_note(trace)           # a sentence, or None when no gate is mostly saturated

The trace is a GRUTrace (trace.cells[l][d] of a GRU run): gates r and z in [0, 1], the candidate
h_tilde in [-1, 1], time on the first axis.
"""

from dataclasses import dataclass

import numpy as np

WITHIN = 1e-3  # a gate this close to a limit moves by at most ~1e-3 per unit change of its input
SHARE = 0.5  # a note when at least this share of a gate's values is saturated
GATES = ("r", "z", "h_tilde")
LIMITS = {"r": (0.0, 1.0), "z": (0.0, 1.0), "h_tilde": (-1.0, 1.0)}
NAMES = {"r": "r", "z": "z", "h_tilde": "h̃"}


@dataclass(frozen=True)
class Saturation:
    """How saturated one gate is over a run.

    gate         "r", "z" or "h_tilde"
    share        the fraction of its values (all steps, all units) within `within` of a limit
    first, last  the first and last step at which at least half its units are saturated
                 (None if there is no such step)
    """

    gate: str
    share: float
    first: int | None
    last: int | None


def saturation(trace, within=WITHIN, gates=GATES) -> dict:
    """{gate: Saturation} for the named gates of a GRU trace."""
    found = {}
    for gate in gates:
        low, high = LIMITS[gate]
        values = np.asarray(getattr(trace, gate))
        at_limit = (values - low <= within) | (high - values <= within)
        per_step = at_limit.reshape(len(values), -1).mean(axis=1)  # share of units, step by step
        mostly = np.flatnonzero(per_step >= 0.5)
        first, last = (int(mostly[0]), int(mostly[-1])) if mostly.size else (None, None)
        found[gate] = Saturation(gate, float(at_limit.mean()) if at_limit.size else 0.0, first, last)
    return found


def saturation_note(trace, *, within=WITHIN, share=SHARE, gates=GATES) -> str | None:
    """A short plain-English note naming the gates of which at least `share` of the values are
    within `within` of their limits, with that share and the steps; None when there are none.

    Leave a clamped gate out of `gates`: it sits at its limit on purpose.
    """
    steps = len(np.asarray(trace.z))
    parts = []
    for found in saturation(trace, within, gates).values():
        if found.share < share:
            continue
        low, high = LIMITS[found.gate]
        name = f"{NAMES[found.gate]} is within {within:g} of {low:g} or {high:g}"
        if found.share == 1.0:
            parts.append(f"{name} everywhere")
        else:
            percent = min(int(100 * found.share), 99)  # rounded down: 99.7 % is not all of them
            where = "" if found.first is None else f" ({_steps(found.first, found.last, steps)})"
            parts.append(f"{name} in {percent} % of its values{where}")
    if not parts:
        return None
    return ("Saturated: " + "; ".join(parts) + ". Values this close to their limits barely move when a weight "
            "changes a little, and gradients through them nearly vanish: the weights (or the inputs) are large.")


def _steps(first, last, steps):
    """Where most of a gate's units are saturated, in the app's step labels (t=0, t=1, ...)."""
    if first == 0 and last == steps - 1:
        return "most of its units at every step"
    if first == last:
        return f"most of its units at step t={first}"
    return f"most of its units from step t={first} to t={last}"
