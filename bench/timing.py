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


def print_table(headers, rows):
    """Print rows (lists of already formatted strings) under headers, columns aligned."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows)]
    line = "  ".join(f"{{:>{w}}}" for w in widths)
    print(line.format(*headers))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))
