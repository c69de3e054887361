"""Load every hostile file in a directory under a 2 GiB address-space cap; print JSON results.

    python tests/weights/hostile_runner.py DIRECTORY      (DIRECTORY/index.json: {case: file})
For each case: the exception's type and message (or "no error"), and the seconds load_weights
took. The cap is set before NumPy, h5py or gru_viz is imported, so it covers everything they map.
"""

import json
import pathlib
import resource
import sys
import time

resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import gru_viz  # noqa: E402


def main(directory):
    index = json.loads((directory / "index.json").read_text())
    root = pathlib.Path(__file__).resolve().parents[2]
    gru_viz.load_weights(root / "tests" / "reference" / "keras" / "bidir_gru.keras")  # import h5py etc. untimed
    results = {}
    for case, name in index.items():
        start = time.perf_counter()
        try:
            gru_viz.load_weights(directory / name)
            error, message = "no error", ""
        except BaseException as exc:  # anything at all: the test wants to see what escaped
            error, message = type(exc).__name__, str(exc)
        results[case] = {"error": error, "message": message[:500], "seconds": time.perf_counter() - start}
    results["_max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(results))


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
