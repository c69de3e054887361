"""Test-wide settings. Hypothesis runs derandomized by default, so CI sees the same examples on
every run (a red CI from a rare draw would block everything); HYPOTHESIS_PROFILE=explore draws
fresh examples for a deliberate search."""

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
