"""What the browser and memory benches measure on: the two examples, the states they switch
between, the targets, and the rows and statistics they report in.

- "default": the example a new session opens (ui.session.DEFAULT_EXAMPLE: 12 steps, 2 inputs,
  2 units); "change example" alternates it with "Two units, two speeds" in the sidebar.
- "large": the page limits (200 steps, 8 inputs, 16 units; lessons.presets.random_gru). Such a
  state is about 20,000 characters as `?s=`, beyond the 8,000 a link may hold, so it arrives the
  way a learner would bring it: as a state JSON uploaded in the sidebar's "Share and save"
  (file_uploader `state_upload`); "change example" alternates two such files (seeds 0 and 1).

Nothing here imports streamlit.
"""

import functools
import statistics
from dataclasses import dataclass

import numpy as np

from bench.table import print_table
from lessons import presets
from lessons.explore import run_state
from lessons.state import MAX_HIDDEN, MAX_INPUT, MAX_STEPS, to_json

DEFAULT_NAME = "Write once, carry"  # ui.session.DEFAULT_EXAMPLE (not imported: ui imports streamlit)
OTHER_NAME = "Two units, two speeds"  # what "change example" switches to and back from
EXAMPLES = ("default", "large")
TARGET_RATIO = {"default": 1.3, "large": 2.0}  # times the floor with the same control, per example
TARGET_KB = {"default": 100.0}  # bytes to the browser per interaction, p95 (default example only)
TARGET_SESSION_MB = 30.0  # server memory per idle session


def default_state():
    return presets.EXAMPLES[DEFAULT_NAME]()


@functools.cache  # a frozen state; asked for inside timed windows too
def large_state(seed=0):
    """A random GRU at the page limits; seeds 0 and 1 sit on neighbouring steps so that switching
    between them also moves the step (the cell diagram's title then tells the two apart)."""
    return presets.random_gru(MAX_INPUT, MAX_HIDDEN, MAX_STEPS, seed=seed).with_changes(step=100 + seed)


def state_file(state, name):
    """(file name, bytes, mime) of a state's JSON, as the sidebar's uploader takes it."""
    return name, to_json(state).encode(), "application/json"


def z_value(state, unit, t):
    """z[t, unit] as the sequence heatmaps carry it (float32, in the convention shown)."""
    return float(np.float32(run_state(state).cells[0][0].z[t, unit]))


def quantiles(values):
    """(median, p95) of a list of numbers, unscaled; p95 is the nearest rank."""
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def summary(seconds):
    """(median, p95) of a list of seconds, in milliseconds."""
    median, p95 = quantiles(seconds)
    return median * 1e3, p95 * 1e3


def bounce(state, direction):
    """The direction of the next step of a walk back and forth: +1 or -1, turned at either end."""
    return direction if 0 <= state.step + direction < state.steps else -direction


def not_measured(exc):
    """A row's note for an interaction that failed: the error's first line, kept short."""
    return f"not measured: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:160]


@dataclass
class Row:
    """One line of the results table.

    measure: what was measured ("browser: press to redrawn", "bytes to the browser", ...);
    median / p95 in `unit`; ratio: to the floor, None when it means nothing here;
    target: a text such as "<= 1.3x floor"; meets: True, False, or None (no target, or not measured);
    note: anything the reader needs (why a row was not measured, the figure JSON size...).
    """

    measure: str
    page: str
    interaction: str
    example: str
    median: float | None = None
    p95: float | None = None
    unit: str = "ms"
    ratio: float | None = None
    target: str = "-"
    meets: bool | None = None
    note: str = ""
    samples: int = 0

    def cells(self):
        def number(value):
            if value is None:
                return "-"
            return f"{value:.3f}" if abs(value) < 1 else f"{value:.1f}"

        meets = {True: "yes", False: "NO", None: "-"}[self.meets]
        value = "-" if self.median is None else f"{number(self.median)} {self.unit}"
        p95 = "-" if self.p95 is None else f"{number(self.p95)} {self.unit}"
        ratio = "-" if self.ratio is None else f"{self.ratio:.2f}x"
        note = " ".join(self.note.split())  # an error's message may span lines; the table may not
        return [self.measure, self.page, self.interaction, self.example, value, p95, ratio, self.target, meets, note]


HEADERS = ["measure", "page", "interaction", "example", "median", "p95", "ratio", "target", "meets", "note"]


def timing_row(measure, page, interaction, example, seconds, floor_median_ms, note="", judged=True):
    """A timing row against the floor, with issue 8's target for its example (judged=False: none)."""
    if not seconds:
        return Row(measure, page, interaction, example, note=note or "not measured")
    median, p95 = summary(seconds)
    ratio = median / floor_median_ms if floor_median_ms else None
    limit = TARGET_RATIO.get(example) if judged else None
    meets = None if ratio is None or limit is None else ratio <= limit
    return Row(measure, page, interaction, example, median, p95, "ms", ratio,
               f"<= {limit}x floor" if limit else "-", meets, note, len(seconds))


def print_rows(rows):
    """The rows as one aligned plain-text table (the names and the note left-aligned)."""
    print_table(HEADERS, [row.cells() for row in rows], left={0, 1, 2, 3, 9})

