"""Load every hostile file in a directory under a 2 GiB address-space cap; print JSON results.

    python tests/weights/hostile_runner.py DIRECTORY [REFERENCE]   (DIRECTORY/index.json: {case: file})
For each case: the exception's type and message (or "no error") and the seconds load_weights
took, and the same from read_outline (which must refuse it alike); for load_model's cases (an
index entry [model file, vocabulary file or null]), load_model's alone. With REFERENCE, an honest file,
"_reference_seconds" is the time load_weights took to read that (bench/hostile.py's yardstick).
The cap is set before NumPy, h5py or gru_viz is imported, so it covers everything they map.
"""

import json
import pathlib
import resource
import sys
import time

resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

import gru_viz  # noqa: E402
from gru_viz.weights import read_outline  # noqa: E402


def attempt(read, path):
    """(exception type name or "no error", message, seconds) of read(path)."""
    start = time.perf_counter()
    try:
        read(path)
        error, message = "no error", ""
    except BaseException as exc:  # anything at all: the test wants to see what escaped
        error, message = type(exc).__name__, str(exc)
    return error, message[:500], time.perf_counter() - start


def main(directory, reference=None):
    index = json.loads((directory / "index.json").read_text())
    root = pathlib.Path(__file__).resolve().parents[2]
    gru_viz.load_weights(root / "tests" / "reference" / "keras" / "bidir_gru.keras")  # import h5py etc. untimed
    results = {}
    for case, name in index.items():
        if isinstance(name, list):  # load_model's: [the model file, its vocabulary or None]
            model, vocabulary = name
            vocabulary = None if vocabulary is None else directory / vocabulary
            error, message, seconds = attempt(lambda p, v=vocabulary: gru_viz.load_model(p, vocabulary=v),
                                              directory / model)
            results[case] = {"error": error, "message": message, "seconds": seconds}
            continue
        error, message, seconds = attempt(gru_viz.load_weights, directory / name)
        outline_error, outline_message, _ = attempt(read_outline, directory / name)
        results[case] = {"error": error, "message": message, "seconds": seconds,
                         "outline_error": outline_error, "outline_message": outline_message}
    if reference is not None:
        results["_reference_seconds"] = attempt(gru_viz.load_weights, reference)[2]
    results["_max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(results))


if __name__ == "__main__":
    main(*map(pathlib.Path, sys.argv[1:3]))
