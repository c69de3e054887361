"""Hostile files: every one is refused with a WeightsError, by read_weights and read_outline alike,
in a process capped at 2 GiB of address space, and no pickle payload ever runs.

All cases run in one subprocess (hostile_runner.py) so the cap applies to the loader alone and the
suite stays fast; each case is then its own test. How long each refusal takes is bench/hostile.py's
to measure (timing belongs in bench/, not here); `pytest -s` still prints the times seen.
"""

import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

from tests.helpers import ROOT
from tests.weights.hostile_cases import CASES, MARKER, MODEL_CASES, payload, write_cases

RUNNER = ROOT / "tests" / "weights" / "hostile_runner.py"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    write_cases(directory)
    done = subprocess.run([sys.executable, str(RUNNER), str(directory)], capture_output=True, text=True,
                          timeout=120, cwd=directory)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    rows = sorted((r["seconds"], case) for case, r in results.items() if not case.startswith("_"))
    print(f"\nhostile files: {len(rows)} cases, peak RSS {results['_max_rss_kb'] / 1024:.0f} MB")
    for seconds, case in rows:
        print(f"  {seconds * 1000:8.2f} ms  {case}")
    return directory, results


@pytest.mark.parametrize("case", CASES)
def test_hostile_file_is_refused_with_a_weights_error(run, case):
    directory, results = run
    result = results[case]
    assert result["error"] == "WeightsError", result
    _, _, expected = CASES[case]
    assert re.search(expected, result["message"]), result["message"]


@pytest.mark.parametrize("case", MODEL_CASES)
def test_a_hostile_whole_model_or_vocabulary_is_refused_with_a_weights_error(run, case):
    """gru_viz.load_model's own readers (an embedding, a head, a vocabulary), under the same cap."""
    _, results = run
    assert results[case]["error"] == "WeightsError", results[case]
    assert re.search(MODEL_CASES[case][3], results[case]["message"]), results[case]["message"]


@pytest.mark.parametrize("case", CASES)
def test_the_outline_refuses_a_hostile_file_with_the_same_words(run, case):
    """read_outline (what the app reads an upload with) checks everything read_weights does."""
    directory, results = run
    result = results[case]
    assert (result["outline_error"], result["outline_message"]) == (result["error"], result["message"])


def test_no_payload_ran_and_nothing_was_extracted(run):
    directory, _ = run
    assert not (directory / MARKER).exists()
    for place in (directory, directory.parent, Path("/tmp")):
        assert not (place / "evil.txt").exists()


def test_the_bait_is_real_the_payload_runs_when_unpickled(tmp_path):
    """Proof the pickle cases are dangerous: plain pickle.loads creates the marker file."""
    pickle.loads(payload(tmp_path))
    assert (tmp_path / MARKER).exists()


@pytest.mark.parametrize("case", ["hdf5_external_link", "hdf5_external_storage", "hdf5_virtual_dataset"])
def test_the_bait_is_real_h5py_follows_these_links_when_asked(tmp_path, case):
    """Proof the HDF5 cases are dangerous: h5py, opened on the file, reads the kernel from the side file."""
    suffix, build, _ = CASES[case]
    path = tmp_path / f"{case}{suffix}"
    path.write_bytes(build(tmp_path))
    with h5py.File(path, "r") as f:
        np.testing.assert_array_equal(f["layers/gru/cell/vars/0"][()], np.ones((3, 12)))
