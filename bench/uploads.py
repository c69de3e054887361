"""The server's memory while the largest allowed weight file is uploaded, and after (issue 18).

    python bench/uploads.py [--uploads 10]

One `streamlit run app.py`. The file (tests/load/uploads.py): a float16 PyTorch GRU, 2 layers,
bidirectional, input and hidden size 1024: 63 MB, 252 MB as float64. After a warm-up tab has
uploaded it once and closed, RSS is read (the idle server); then --uploads uploads of it from 4
tabs one after another, and again from 3 tabs at once, each an HTTP PUT and a rerun as the
browser does (tests/protocol.py). VmRSS is sampled every 50 ms (and VmHWM read), and after the
last tab closes RSS is polled until it is back within 10 % of idle, for at most 10 s.

Targets: peak RSS under idle + 2 x the file's float64 size; within 10 s of the last tab closing,
RSS within 10 % of idle (Streamlit keeps a closed tab's session for 120 s, so this measures what a
session keeps of a file it has read). tests/load/test_upload_memory.py holds the same targets.
"""

import argparse
import functools
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cases import Row, print_rows  # noqa: E402
from tests.load.uploads import at_once, float64_bytes, in_turn, largest_file, measure, shares, upload_times  # noqa: E402
from tests.protocol import run_async  # noqa: E402
from tests.servers import start_server, stop_server  # noqa: E402

SCENARIOS = {"4 tabs in turn": (in_turn, 4), "3 tabs at once": (at_once, 3)}


def rows_for(label, result, uploads, bound):
    """The peak row and the given-back row of one scenario."""
    idle, peak, after = result["idle"], result["peak"], result["after"]
    what = f"{uploads} uploads, {label} ({', '.join(map(str, shares(uploads, SCENARIOS[label][1])))})"
    peak_row = Row("server RSS, peak", "load", what, "63 MB float16 GRU", peak, None, "MB", None,
                   f"< idle + {bound:.0f} = {idle + bound:.0f} MB", peak < idle + bound,
                   f"idle {idle:.0f} MB; peak {peak - idle:+.0f} MB over idle", uploads)
    back_row = Row("server RSS, last tab closed", "load", what, "63 MB float16 GRU", after, None, "MB", None,
                   f"<= {1.1 * idle:.0f} MB within 10 s", after <= 1.1 * idle,
                   f"{after - idle:+.1f} MB over idle, read {result['seconds']:.1f} s after the close", uploads)
    return [peak_row, back_row]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=10, help="uploads per scenario (default 10)")
    options = parser.parse_args()
    name, data = largest_file()
    bound = 2 * float64_bytes(data) / 2**20
    process, url = start_server(ROOT / "app.py")
    rows = []
    try:
        run_async(upload_times(url, name, data, 1))  # the warm-up tab: imports, first allocations
        for label, (scenario, sessions) in SCENARIOS.items():
            run = functools.partial(scenario, sessions=sessions, uploads=options.uploads)
            result = measure(process.pid, url, run, name, data)
            rows += rows_for(label, result, options.uploads, bound)
    finally:
        stop_server(process)
    print(f"file: {name}, {len(data):,} bytes; float64 {float64_bytes(data) / 2**20:.0f} MB (MB = 2^20 bytes); "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print_rows(rows)


if __name__ == "__main__":
    main()
