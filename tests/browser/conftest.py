"""Browser tests: a real `streamlit run` on a free loopback port (tests/servers.py), driven by
Playwright in Debian's chromium.

Playwright cannot download its own browser here, so it launches /usr/bin/chromium (`bash .ci/run`
installs it). Where that is missing the tests fail and say how to install it: a browser test never
skips. Screenshots land in tests/browser/artifacts/ (not committed) to be looked at.

Every context is offline but for the test server (tests/browser/offline.py): a test whose pages
ask another host for anything fails at teardown, naming what was asked for.
"""

import os
import pathlib

import pytest

from tests.browser.offline import block_other_hosts, forget
from tests.browser.static_pages import blank_page, static_url  # noqa: F401 (fixtures)
from tests.servers import CHROMIUM, CHROMIUM_ARGS, serving

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def app_url():
    with serving(ROOT / "app.py") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Debian's chromium is not at {CHROMIUM} (apt-get install -y chromium, or bash .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser):
    """page_at(width, height, **options): a fresh browser context (its own session), offline but
    for loopback (offline.block_other_hosts), with a page of that size; options go to
    Playwright's new_context (permissions)."""
    contexts = []

    def make(width=1440, height=900, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        block_other_hosts(context)
        contexts.append(context)
        return context.new_page()

    yield make
    elsewhere = []
    for context in contexts:
        context.close()
        elsewhere += forget(context)
    assert not elsewhere, f"the test's pages asked other hosts for: {elsewhere}"
