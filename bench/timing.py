"""Timing helpers shared by the bench scripts: medians of repeated runs, and a plain table."""

import statistics
import time


def median_seconds(fn, min_time=0.3, min_repeats=5, max_repeats=200):
    """The median wall time of fn() over repeats that last at least `min_time` in total."""
    fn()  # warm up caches and lazy imports
    times = []
    start = time.perf_counter()
    while len(times) < min_repeats or (time.perf_counter() - start < min_time and len(times) < max_repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def print_table(headers, rows, left=()):
    """Print rows (lists of already formatted strings) under headers, columns aligned: right, or
    left for the column indices in `left`."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows)]
    line = "  ".join(f"{{:{'<' if k in left else '>'}{w}}}" for k, w in enumerate(widths))
    for cells in (headers, ["-" * w for w in widths], *rows):
        print(line.format(*cells).rstrip())
