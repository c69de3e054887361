"""How long a hostile weight file takes to be refused, against reading the largest honest file.

    python bench/hostile.py

Every case of tests/weights/hostile_cases.py (zip bombs, lying headers, deep JSON, HDF5 links,
pickles...) is loaded by tests/weights/hostile_runner.py in one subprocess capped at 2 GiB of
address space, as tests/weights/test_hostile_files.py does for the refusals themselves. The
yardstick, timed in the same process and run: gru_viz.load_weights of the largest file the limits
allow (tests/load/uploads.py: a 63 MB float16 GRU, converted to float64). Target: every refusal
takes at most as long as that honest read (ratio <= 1), and under 2 s on this machine (2 CPUs,
shared): a refusal is never a way to make the server work harder than an honest upload does.
"""

import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cases import Row, print_rows  # noqa: E402
from tests.load.uploads import largest_file  # noqa: E402
from tests.weights.hostile_cases import write_cases  # noqa: E402

RUNNER = ROOT / "tests" / "weights" / "hostile_runner.py"
SECONDS = 2.0


def main():
    with tempfile.TemporaryDirectory(prefix="hostile-") as directory:
        directory = pathlib.Path(directory)
        write_cases(directory)
        name, data = largest_file()
        reference = directory / name
        reference.write_bytes(data)
        done = subprocess.run([sys.executable, str(RUNNER), str(directory), str(reference)], capture_output=True,
                              text=True, timeout=600, cwd=directory)
    if done.returncode:
        raise SystemExit(done.stderr[-2000:])
    results = json.loads(done.stdout)
    honest = results["_reference_seconds"]
    cases = {case: result for case, result in results.items() if not case.startswith("_")}
    rows = []
    for case, result in sorted(cases.items(), key=lambda item: -item[1]["seconds"]):  # slowest first
        seconds, ratio = result["seconds"], result["seconds"] / honest
        rows.append(Row("refusal time", "-", case, "hostile file", seconds * 1000, None, "ms", ratio,
                        f"<= 1x honest, < {SECONDS:g} s", ratio <= 1 and seconds < SECONDS, result["error"], 1))
    print(f"honest read (load_weights of {name}, {len(data):,} bytes): {honest * 1000:.0f} ms; "
          f"peak RSS {results['_max_rss_kb'] / 1024:.0f} MB; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    print_rows(rows)


if __name__ == "__main__":
    main()
