"""Test-wide settings: the tiers, and Hypothesis' profile.

Tiers (STYLE.md, principle 10): one marker per test, given here by where the test lives, so that
no test file names its own tier:
    python -m pytest -m fast        the core, backprop, weights, state, figures, training: seconds each
    python -m pytest -m fuzz        Hypothesis' searches through every parser a user can reach
    python -m pytest -m app         every page in Streamlit's AppTest (and the bench's floor page)
    python -m pytest -m browser     Playwright in chromium against a real `streamlit run`
    python -m pytest -m load        concurrent protocol clients against a real server
    python -m pytest -m slow        the install test (builds a venv)
Plain `python -m pytest` runs them all; `python -m tests` runs them as CI does (.ci/run): every tier
but load on two workers, then load alone (tests/__main__.py).

Hypothesis runs derandomized by default, so CI sees the same examples on every run (a red CI from
a rare draw would block everything); HYPOTHESIS_PROFILE=explore draws fresh examples for a
deliberate search.
"""

import os
import pathlib

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

HERE = pathlib.Path(__file__).resolve().parent
TIERS = {
    "fast": "quick unit and property tests of the core, weights, state, figures and training",
    "fuzz": "Hypothesis searches with hostile input through every parser",
    "app": "pages driven in Streamlit's AppTest",
    "browser": "chromium against a real streamlit server (needs /usr/bin/chromium)",
    "load": "concurrent websocket sessions against a real streamlit server",
    "slow": "minutes each: the install test builds a venv",
}
# A test's tier: the first of these that its id (its path relative to tests/, "::", its name)
# starts with; else "fast".
BY_PATH = (
    ("api/test_install.py", "slow"),
    # A search through the state's JSON parser with arbitrary objects, as the fuzz tier's are (18 s).
    ("state/test_state_codecs.py::test_any_json_object_is_a_valid_state_or_a_state_error", "fuzz"),
    ("app/", "app"),
    ("bench/", "app"),  # the bench's floor page, in AppTest
    ("browser/", "browser"),
    ("load/", "load"),
    ("fuzz/", "fuzz"),
)


def tier_of(path, name=""):
    """The tier of test `name` in a file under tests/ (None for a file elsewhere)."""
    path = pathlib.Path(path).resolve()
    if not path.is_relative_to(HERE):
        return None
    test_id = f"{path.relative_to(HERE).as_posix()}::{name}"
    return next((tier for prefix, tier in BY_PATH if test_id.startswith(prefix)), "fast")


def pytest_configure(config):
    for tier, meaning in TIERS.items():
        config.addinivalue_line("markers", f"{tier}: {meaning}")


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = tier_of(item.path, item.name)
        if tier:
            item.add_marker(tier)
