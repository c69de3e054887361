"""A page opens at its top (issue 17, item 7): Streamlit kept the main area's scroll position
across a change of page, so a lesson opened as far down as the previous one had been scrolled."""

import pytest

from tests.browser.driving import settle, show_rest, wait_drawn

SCROLLED = "() => [window.scrollY, document.querySelector('[data-testid=stMain]').scrollTop]"


def scrolled_down(page, app_url, url_path, heading):
    page.goto(f"{app_url}/{url_path}")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    settle(page, 60_000)
    wait_drawn(page, 60_000)
    show_rest(page, 60_000)  # the lesson path's link is at the foot, below the page's fold
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 1500)")
    page.wait_for_timeout(300)
    assert page.evaluate(SCROLLED)[1] > 600  # well down the lesson


# (from, its heading, the link, the page it opens): before the fix, both opened about 1,460 px down.
LINKS = {
    "navigation": ("memory", "Memory and reset", '[data-testid="stSidebarNav"] a:has-text("Why gates")',
                   "Why gates help gradients"),
    "lesson_path": ("gradients", "Why gates help gradients",
                    '[data-testid="stMainBlockContainer"] a:has-text("Next: GRU versus LSTM")', "GRU versus LSTM"),
}


@pytest.mark.parametrize("way", list(LINKS))
def test_a_page_opened_from_a_link_starts_at_its_top(page_at, app_url, way):
    start, heading, link, target = LINKS[way]
    page = page_at(1280, 720)
    scrolled_down(page, app_url, start, heading)
    page.locator(link).first.click()  # the lesson path's link is at the foot: the click scrolls to it
    page.get_by_role("heading", name=target).first.wait_for(timeout=60_000)
    settle(page, 60_000)
    wait_drawn(page, 60_000)
    page.wait_for_timeout(500)
    assert page.evaluate(SCROLLED) == [0, 0]
