"""The app as a person opens it: the real server, in chromium."""

from tests.helpers import screenshot


def open_app(page, url):
    page.goto(url)
    page.get_by_role("heading", name="GRU Gate Explorer").wait_for(timeout=30_000)
    page.locator('[data-testid="stDataFrame"]').wait_for(timeout=30_000)


def test_welcome_page_renders_with_equations_and_numbers(app_url, page_at):
    page = page_at(1440, 900)
    open_app(page, app_url)
    assert page.get_by_text("z takes the new candidate").count() >= 1
    assert page.locator(".katex").count() >= 1  # the equations rendered
    screenshot(page, "home_1440x900")


def test_welcome_page_reads_at_projector_size(app_url, page_at):
    page = page_at(1280, 720)
    open_app(page, app_url)
    assert page.get_by_role("heading", name="GRU Gate Explorer").is_visible()
    assert page.locator(".katex").count() >= 1 and page.locator('[data-testid="stException"]').count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing sideways
    screenshot(page, "home_1280x720")
