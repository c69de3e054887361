"""Browser tests: a real `streamlit run` on a free loopback port, driven by Playwright in Debian's chromium.

Playwright cannot download its own browser here, so it launches /usr/bin/chromium. Where that is
missing the tests skip with the reason, except under CI (CI=true), where they fail: in CI a browser
test must run. Screenshots land in tests/browser/artifacts/ (not committed) to be looked at.
"""

import os
import pathlib

import pytest

from bench.page_tools import CHROMIUM, CHROMIUM_ARGS
from bench.protocol import start_server, stop_server

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def app_url():
    process, url = start_server(ROOT / "app.py")
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Debian's chromium is not at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser):
    """page_at(width, height): a fresh browser context (its own session) with a page of that size."""
    contexts = []

    def make(width=1440, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
