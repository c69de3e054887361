"""The interpolation h_t = (1 - z) h_{t-1} + z h~_t (or its mirror), unit by unit, in numbers.

Data in (a GRUTrace and a step), plain values out: how much of the candidate each unit takes, and
one sentence per unit. The cell page draws its number lines from these (figures/number_line.py).
The shares are the trace's keep and take (gru_viz.conventions says what they are).
"""

def unit_sentences(trace, step, *, clamp=None, units=None):
    """One plain sentence per unit (of `units`, None: every unit), made from the numbers of this
    step; a unit whose gate `clamp` ((gate, value, unit), unit None for every unit) forces says so."""
    t = int(step)
    take, keep = trace.take[t], trace.keep[t]
    sentences = []
    for u in range(trace.h.shape[1]) if units is None else units:
        old, new, h = trace.h_prev[t, u], trace.h_tilde[t, u], trace.h[t, u]
        sentences.append(
            f"Unit {u} keeps {keep[u]:.0%} of its old value ({old:+.3f}) and takes "
            f"{take[u]:.0%} of the candidate ({new:+.3f}): h = {h:+.3f}." + clamp_words(clamp, u)
        )
    return sentences


def clamp_words(clamp, unit):
    """' Its z is clamped to 0.95.' when `clamp` forces a gate of `unit`, else ''."""
    if clamp is None or clamp[2] not in (None, unit):
        return ""
    gate, value = clamp[0], clamp[1]
    return f" Its {gate} is clamped to {value:.2f}."
