"""The Docker image holds everything the app reads at run time: a folder left out is a page that
fails, or a figure that stays blank, only once deployed (the image is not built here)."""

import re

from tests.helpers import ROOT

# What `streamlit run app.py` reads: its code, its shipped files, the scripts Streamlit serves
# from static/ (the live view's and the figures'), and its settings.
RUN_TIME = {"app.py", "gru_viz", "lessons", "ui", "pages", "examples", "static", ".streamlit"}


def test_the_image_copies_everything_the_app_reads_at_run_time():
    copied = set(re.findall(r"^COPY (\S+) ", (ROOT / "Dockerfile").read_text(), flags=re.MULTILINE))
    assert RUN_TIME <= copied, sorted(RUN_TIME - copied)
    assert all((ROOT / name).exists() for name in RUN_TIME)
