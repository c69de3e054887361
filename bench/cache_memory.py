"""The server's memory while one session floods the shared cache: the stacked page's seed changed
N times at the page limits (tests/load/seeds.py), each seed a new 3 MB of shared results.

    python bench/cache_memory.py [--seeds 200] [--app PATH]

RSS is the server's VmRSS before the first new seed (after a warm-up on seed 0) and after the last.
The target: the growth stays within the shared cache's budget (ui.shared_cache.SHARED_CACHE_MB,
GRU_VIZ_SHARED_CACHE_MB sets another) and a margin for the allocator (MARGIN_MB). --app runs
another checkout's app.py (an older version, to compare) with this repository's config.
"""

import argparse
import asyncio
import os
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.table import print_table
from tests.load.seeds import change_seeds, large_link
from tests.servers import start_server, stop_server
from ui.shared_cache import SHARED_CACHE_MB

# What the allocator keeps beyond the cache's own bytes (freed arenas, fragmentation): measured 30 to
# 38 MB at the 64 MB budget, 20 MB at 16 MB; the load test's smaller budget and flood keep less (24 MB).
MARGIN_MB = 48


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--app", type=pathlib.Path, default=ROOT / "app.py")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; app {args.app}")
    with tempfile.TemporaryDirectory() as folder:
        store = os.path.join(folder, "links.sqlite3")
        os.environ["GRU_VIZ_STORE"] = store  # the server reads the large link from this store
        process, url = start_server(args.app.resolve())
        try:
            before, after, errors = asyncio.run(
                change_seeds(url, process.pid, large_link(store), args.seeds,
                             on_seed=lambda seed, rss: print(f"  seed {seed}: {rss:.0f} MB", flush=True)))
        finally:
            stop_server(process)
    growth = after - before
    target = SHARED_CACHE_MB + MARGIN_MB
    print_table(
        ["seeds", "RSS before (MB)", "RSS after (MB)", "growth (MB)", "budget (MB)", "target (MB)", "met", "errors"],
        [[str(args.seeds), f"{before:.0f}", f"{after:.0f}", f"{growth:.0f}", f"{SHARED_CACHE_MB:.0f}",
          f"at most {target:.0f}", "yes" if growth <= target and not errors else "NO", str(len(errors))]],
    )


if __name__ == "__main__":
    main()
