"""The GRU versus LSTM page's timing: the ratio comes with its spread, and the sentence beside it
says what that ratio says (no "come out close" next to 8.78x)."""

import re

from lessons import presets
from lessons.state import to_url
from lessons.timing import CLOSE
from tests.app.helpers import open_app


def test_the_timing_shows_its_spread_and_a_sentence_that_matches_the_ratio():
    at = open_app("pages/gru_vs_lstm_page.py", query=to_url(presets.random_gru(3, 4)))
    shown = " ".join(m.value for m in at.markdown)
    ratio, low, high = map(float, re.search(
        r"LSTM / GRU: \*\*([0-9.]+)×\*\* \(from the middle half of each one's timings: ([0-9.]+)× to ([0-9.]+)×\)",
        shown).groups())
    assert low <= ratio <= high
    gru, lstm = map(float, re.findall(r"(?:GRU|LSTM): \*\*([0-9.]+) ms\*\*", shown))
    assert abs(lstm / gru - ratio) <= 0.01 * ratio + 0.005  # the ratio is the times' own (as rounded)
    said = next(c.value for c in at.caption if "How it was measured" in c.value)
    assert ("close" in said) == (1 / CLOSE <= ratio <= CLOSE)
    if ratio > CLOSE:
        assert f"{ratio:.1f} times as long as the GRU" in said
    assert re.search(r"\b\d+ pairs of timings", said)
