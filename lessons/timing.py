"""How long a GRU and an LSTM of the same sizes take for one forward pass here, measured so that the
numbers shown to a class are stable, and the sentence that goes with them.

A first call is slower (NumPy's and the allocator's first-use work), and the server's CPU is shared
with other sessions, so a single timing can be off by several times. So: warm-up runs first; then
paired timings, GRU and LSTM back to back in alternating order, so that a busy moment slows both of
a pair. The times shown are medians and the ratio is theirs, so the three numbers agree; its spread,
from the middle half (quartiles) of each one's timings, is reported with it. The sentence follows
the numbers: "close" only when they are.
"""

import time
from dataclasses import dataclass

import numpy as np

from .reach import random_pair

WARM_UP = 2  # runs of each model before the timings used
CLOSE = 1.25  # ratios within 1/CLOSE..CLOSE are "close"
NOISY = 1.5  # a middle half wider than this factor: the server was busy
PAIRS = 21  # paired timings per measurement (fewer, at least 5, where they would exceed the budget)
MIN_BATCH = 0.02  # seconds each timing lasts at least: several of the CPU's time slices


@dataclass(frozen=True)
class ForwardTimes:
    """Seconds for one model.run, as medians over `pairs` paired timings, and the LSTM / GRU ratio of
    those medians; `ratio_low`..`ratio_high` spans the ratios of the two's quartiles (the LSTM's lower
    over the GRU's upper, and the other way round), so it always holds the ratio."""

    gru: float
    lstm: float
    ratio: float
    ratio_low: float
    ratio_high: float
    pairs: int


def _batch_time(model, x, number, clock):
    start = clock()
    for _ in range(number):
        model.run(x)
    return (clock() - start) / number


def forward_times(steps, input_size, hidden_size, **timing):
    """ForwardTimes of a random (seed 0) GRU and LSTM of these sizes on a random input (paired_times)."""
    x = np.random.default_rng(0).normal(size=(steps, input_size))
    return paired_times(random_pair(input_size, hidden_size), x, **timing)


def paired_times(models, x, *, pairs=PAIRS, min_batch=MIN_BATCH, budget=4.0, clock=time.perf_counter):
    """ForwardTimes of models = (GRU, LSTM) on x. After WARM_UP runs of each (the last one timed, to
    size the batches), each timing is the mean of enough runs to last `min_batch` seconds; fewer
    pairs (at least 5) are taken where `pairs` of them would cost more than `budget` seconds, so one
    call stays bounded."""
    for model in models:
        for _ in range(WARM_UP - 1):
            model.run(x)
    one_run = [_batch_time(model, x, 1, clock) for model in models]
    numbers = [max(1, int(np.ceil(min_batch / max(t, 1e-7)))) for t in one_run]
    pairs = max(5, min(pairs, int(budget / sum(max(min_batch, t) for t in one_run))))
    times = ([], [])  # GRU's, LSTM's
    for k in range(pairs):
        for i in ((0, 1) if k % 2 == 0 else (1, 0)):  # neither always goes first
            times[i].append(_batch_time(models[i], x, numbers[i], clock))
    (g1, gru, g3), (l1, lstm, l3) = (np.percentile(t, [25, 50, 75]) for t in times)
    # the ratio of the medians shown, so the three numbers agree; its spread from each one's quartiles
    return ForwardTimes(float(gru), float(lstm), float(lstm / gru), float(l1 / g3), float(l3 / g1), pairs)


def ratio_sentence(ratio, low, high):
    """What the measured LSTM / GRU ratio says, in words that match it, and how sure it is."""
    ratio = round(ratio, 2)  # judged as shown (two decimals), so the words never contradict the number
    if ratio > CLOSE:
        said = f"Here the LSTM took {ratio:.1f} times as long as the GRU."
    elif ratio < 1 / CLOSE:
        said = f"Here the GRU took {1 / ratio:.1f} times as long as the LSTM."
    else:
        said = f"Here the two came out close (within {CLOSE - 1:.0%} of each other)."
    if high / low > NOISY:
        said += (f" The timings spread widely (the ratio could be anywhere from {low:.2f}× to {high:.2f}×): "
                 "the server was busy while timing, so read the ratio as rough.")
    return said
