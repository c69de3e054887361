"""What a network does on its task's probe sequence at a snapshot: its trace, and, for a GRU on
delayed recall, which unit writes the symbol and how much of it survives to the question.

The GRU here is the app's convention (reset before W_h, z takes the new candidate):
h_t = (1 - z_t) h_{t-1} + z_t h~_t. So z_t near 1 writes the candidate, near 0 keeps the old
value, and of what a unit held after step s, the part still there after step t is
prod_{j=s+1..t} (1 - z_j) (the direct path of gru_viz.flow; the rest of h_t is newer writing).
The shares are read with gru_viz.conventions (kept, taken), so a trace written the other way
(z keeps the old state) names the same unit with the same numbers.
"""

from dataclasses import dataclass

import numpy as np

from gru_viz.conventions import kept, taken
from gru_viz.train.tasks import probe


@dataclass(frozen=True)
class Memory:
    """The unit of a GRU that best carries the marked symbol of delayed recall to the question.

    unit        its index
    write       the share of the candidate taken at step 0, the marked step (z here; near 1: it writes)
    keep_min    the smallest kept share (1 - z here) over steps 1..k (near 1: it keeps at every later step)
    survives    prod over steps 1..k of the kept share: the share of the written value left for the read-out
    """

    unit: int
    write: float
    keep_min: float
    survives: float


def probe_run(state, params=None):
    """(the probe's cell trace, its token labels) for the network at `params` (default: current)."""
    x, tokens = probe(state.config.the_task)
    return state.model(params).run(x).cells[0][0], tokens


def memory_unit(trace) -> Memory:
    """For a GRU trace of the delayed-recall probe: the unit with the largest write * survives."""
    take = taken(trace.z, trace.z_convention)  # the share of the new candidate
    keep = kept(trace.z, trace.z_convention)[1:]  # steps 1..k: distractors, then the question
    survives = np.prod(keep, axis=0)
    unit = int(np.argmax(take[0] * survives))
    return Memory(unit=unit, write=float(take[0, unit]), keep_min=float(np.min(keep[:, unit], initial=1.0)),
                  survives=float(survives[unit]))
