"""When the lesson's server goes away, the learner reads that it cannot be reached and that the
link keeps their place, not Streamlit's "Are you connected to the internet?" (ui/connection.py)."""

from tests.browser.conftest import ROOT
from tests.browser.driving import POLL_MS
from tests.helpers import screenshot
from tests.servers import start_server, stop_server


def test_a_stopped_server_says_it_cannot_be_reached_and_that_the_link_keeps_the_place(page_at):
    process, url = start_server(ROOT / "app.py")  # its own server: this test stops it
    try:
        page = page_at()
        page.goto(f"{url}/cell")
        page.get_by_text("Step t = ").wait_for(timeout=90_000)  # a fresh server: its first page is slow
        # The watcher's script comes from the server too: stopped before it arrives, a page has no
        # watcher (on a loaded machine the sidebar's components mount after the main area).
        page.wait_for_function("() => Boolean(window.__gruConnection)", timeout=60_000, polling=POLL_MS)
    finally:
        stop_server(process)
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("The lesson's server cannot be reached").wait_for(timeout=60_000)
    text = dialog.inner_text()
    assert "Your place is kept in this page's address" in text
    assert "connected to the internet" not in text and "Connection error" not in text
    screenshot(page, "connection_lost_cell")
