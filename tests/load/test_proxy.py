"""The deployer's reverse proxy (deploy/haproxy.cfg, Debian's haproxy) in front of a real
`streamlit run app.py`: the framing headers on every answer, Streamlit's endpoints that are not
for the public refused however the path is spelled, the health check open, and a whole scripted
lesson (tests/load/lesson.py) over the proxy's websocket."""

import urllib.error
import urllib.request

import pytest

from tests.helpers import ROOT
from tests.load.lesson import lesson
from tests.load.proxy import proxying
from tests.protocol import run_async
from tests.servers import serving

HIDDEN = ["/_stcore/metrics", "/_stcore/metrics/", "//_stcore/metrics", "/_stcore/%6detrics",
          "/_stcore/metrics?families=cache_lookups", "/_stcore/script-health-check", "/_stcore/agent/openapi.json",
          "/_stcore/agent/mcp"]


@pytest.fixture(scope="module")
def urls():
    """(the replica's own URL, the proxy's URL)."""
    with serving(ROOT / "app.py") as app_url, proxying(app_url) as proxy_url:
        yield app_url, proxy_url


def get(url):
    """(status, headers, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("path", ["/", "/cell", "/_stcore/health", "/_stcore/host-config"])
def test_every_answer_forbids_framing_by_other_sites(urls, path):
    status, headers, _ = get(urls[1] + path)
    assert status == 200
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"


def test_the_first_answer_sets_the_cookie_that_keeps_a_browser_on_its_replica(urls):
    _, headers, _ = get(urls[1] + "/")
    assert "SERVERID=replica1" in headers.get_all("Set-Cookie", [])[0]


@pytest.mark.parametrize("path", HIDDEN)
def test_streamlits_internal_endpoints_are_refused_from_outside(urls, path):
    status, _, body = get(urls[1] + path)
    assert status == 403, body[:200]
    assert b"cache_" not in body


def test_the_metrics_are_still_there_for_the_replicas_own_host(urls):
    # what the proxy hides exists: a refusal above is the proxy's, not a missing route
    status, _, body = get(urls[0] + "/_stcore/metrics")
    assert status == 200 and b"session" in body


def test_the_health_check_answers_through_the_proxy(urls):
    status, _, body = get(urls[1] + "/_stcore/health")
    assert (status, body.strip()) == (200, b"ok")


def test_a_lesson_runs_over_the_proxys_websocket(urls):
    one = run_async(lesson(urls[1], 0, timeout=60.0))
    assert one.errors == []
    assert len(one.times) == 16  # open, 10 steps, page, two tabs, edit, convention
    assert one.final == one.expected
