"""lessons.timing: a GRU / LSTM forward time that is stable enough to show a class, its spread said,
and a sentence that matches the ratio measured."""


import numpy as np

from lessons.timing import CLOSE, PAIRS, forward_times, paired_times, ratio_sentence


class Clock:
    """A clock that moves only when a fake model runs: each run costs what the test says."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class Model:
    """Runs in `cost` seconds of `clock`, except the first run (a cold start) and any run while
    `clock.busy` is set (another session holding the CPU), which take `slow` times as long."""

    def __init__(self, clock, cost, slow=20.0):
        self.clock, self.cost, self.slow, self.runs = clock, cost, slow, 0

    def run(self, x):
        cold = self.runs == 0
        self.runs += 1
        self.clock.now += self.cost * (self.slow if cold or getattr(self.clock, "busy", False) else 1)


class BusyOnce(Clock):
    """Busy for the whole of one batch (the k-th call to the clock that starts a timing)."""

    def __init__(self, busy_call):
        super().__init__()
        self.calls, self.busy_call, self.busy = 0, busy_call, False

    def __call__(self):
        self.calls += 1
        self.busy = self.calls == self.busy_call
        return self.now


def test_a_cold_start_and_a_busy_moment_do_not_move_the_times_or_the_ratio():
    clock = BusyOnce(busy_call=9)  # a batch inside the paired timings, after the warm-up
    gru, lstm = Model(clock, 1e-3), Model(clock, 1.3e-3)
    result = paired_times((gru, lstm), np.zeros((3, 1)), clock=clock)
    assert result.pairs == PAIRS
    assert np.isclose(result.gru, 1e-3) and np.isclose(result.lstm, 1.3e-3)
    assert np.isclose(result.ratio, 1.3)  # the median of the pairs: the one slow pair is outvoted
    assert result.ratio_low <= result.ratio <= result.ratio_high  # and the spread is reported


def test_a_slow_model_takes_fewer_pairs_within_the_budget():
    clock = Clock()
    result = paired_times((Model(clock, 0.5), Model(clock, 0.6)), np.zeros((3, 1)), budget=4.0, clock=clock)
    assert result.pairs == 5 and np.isclose(result.ratio, 1.2)


def test_measured_on_this_server_the_ratio_comes_with_its_spread():
    # Only the shape of a real measurement: how stable it is depends on the machine's load, which a
    # unit test must not assert on (the simulated clock above checks the method's stability).
    result = forward_times(10, 3, 4)
    assert result.pairs >= 5 and result.gru > 0 and result.lstm > 0
    assert result.ratio_low <= result.ratio <= result.ratio_high


def test_the_sentence_says_close_only_when_the_ratio_is():
    close = ratio_sentence(1.1, 1.05, 1.15)
    far = ratio_sentence(8.0, 7.6, 8.4)
    assert "close" in close and "busy" not in close
    assert "close" not in far and "8.0 times as long" in far
    assert "GRU took 2.0 times" in ratio_sentence(0.5, 0.48, 0.52)
    assert "close" in ratio_sentence(CLOSE, CLOSE, CLOSE)


def test_a_wide_spread_is_said_with_the_ratio():
    noisy = ratio_sentence(1.1, 0.6, 2.9)
    assert "close" in noisy and "0.60× to 2.90×" in noisy and "rough" in noisy
