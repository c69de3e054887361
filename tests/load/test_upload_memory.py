"""Uploads of the largest allowed weight file against a real `streamlit run app.py` (issue 18).

The file (tests/load/uploads.py): a float16 PyTorch GRU, 2 layers, bidirectional, input and hidden
size 1024, 63 MB; 252 MB as float64. Ten uploads of it, from 4 tabs one after another, then from
3 tabs at once, each over HTTP PUT and a rerun as the browser does (tests/protocol.py). Targets:
the server's peak RSS stays under the idle server plus twice the file's float64 size, and within
10 s of the last tab closing RSS is back within 10 % of the idle server. Streamlit keeps a closed
tab's session for server.disconnectedSessionTTL (120 s), so this holds only if a session keeps
nothing of the file once it is read (ui/weight_files.py). Before the fix, this test on the old
code: 4 tabs in turn peaked at 2,559 MB from 166 MB idle and kept 2,331 MB; 3 at once peaked at
4,665 MB and kept it all (bench/uploads.py's "before" in docs/deploy.md is higher: its idle
server already held the warm-up tab's model).
"""

import pytest

from tests.helpers import ROOT
from tests.load.uploads import at_once, float64_bytes, in_turn, largest_file, measure, upload_times
from tests.protocol import run_async
from tests.servers import start_server, stop_server


@pytest.fixture(scope="module")
def file():
    return largest_file()


@pytest.fixture(scope="module")
def server(file):
    """A server that has read the file once, in a tab since closed: the idle server, its imports in
    place (as bench/memory.py reads "before" after a warm-up session)."""
    process, url = start_server(ROOT / "app.py")
    try:
        run_async(upload_times(url, *file, 1))
        yield process.pid, url
    finally:
        stop_server(process)


@pytest.mark.parametrize("scenario", [in_turn, at_once], ids=["4 tabs in turn", "3 tabs at once"])
def test_ten_uploads_of_the_largest_file_stay_bounded_and_are_given_back(server, file, scenario):
    bound = 2 * float64_bytes(file[1]) / 2**20
    result = measure(*server, scenario, *file)
    print(f"\n{scenario.__name__}: {result}, bound {result['idle'] + bound:.0f} MB")
    assert result["peak"] < result["idle"] + bound, result
    assert result["after"] <= 1.1 * result["idle"], result
