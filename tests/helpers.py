"""Shared test helpers: where the repo and the reference vectors live, and how to read them."""

import pathlib

import numpy as np

from gru_viz.figures.sequence import sequence_heatmaps
from lessons.explore import run_state

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference"
ARTIFACTS = ROOT / "tests" / "browser" / "artifacts"  # screenshots to look at, not committed


def reference_case(name):
    """The arrays of tests/reference/forward/<name>.npz (made by make_forward.py with torch)."""
    with np.load(REFERENCE / "forward" / f"{name}.npz", allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def state_dict_of(case):
    """The torch state_dict stored in a reference case, as {torch name: array}."""
    return {k.removeprefix("param/"): v for k, v in case.items() if k.startswith("param/")}


def sequence_figure(state, **options):
    """(trace, figure): the state's GRU cell trace and its sequence heatmaps, drawn without the app."""
    trace = run_state(state).cells[0][0]
    return trace, sequence_heatmaps(trace, state.tokens(), **options)


def screenshot(page, name):
    """Save a full-page PNG of a Playwright page under tests/browser/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
