"""The live view's scripts (static/live/) in chromium without a Streamlit server: a loopback HTTP
server serves the static/ directory, and a test page imports the modules it tests
(`await import("/live/forward.js")`). A test of the browser's arithmetic or drawing then costs a
second, not a Streamlit page load.
"""

import functools
import pathlib
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BLANK = b"<!doctype html><html><head><meta charset='utf-8'></head><body><div id='root'></div></body></html>"


class _Static(SimpleHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path in ("/", "/blank.html"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(BLANK)))
            self.end_headers()
            self.wfile.write(BLANK)
            return
        super().do_GET()

    def log_message(self, *args):  # the test's output is the tests' own
        pass


@pytest.fixture(scope="session")
def static_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Static, directory=str(ROOT / "static")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def blank_page(page_at, static_url):
    """blank_page(width, height): a blank page at the static server, its body a div#root."""

    def make(width=1280, height=800, **options):
        page = page_at(width, height, **options)
        page.goto(f"{static_url}/blank.html")
        return page

    return make
