"""A lesson page's rest below its first screen comes when the learner scrolls near it, and its
controls work like any other (ui/below_fold.py, ui/below_fold.js)."""

from tests.browser.driving import open_page, settle, wait_for_state

FOLD = '[data-testid="stMain"] [data-gv-fold]'


def fold_state(page):
    return page.locator(FOLD).first.get_attribute("data-gv-fold")


def scroll_main(page, by):
    page.evaluate("(by) => document.querySelector('[data-testid=stMain]').scrollBy(0, by)", by)


def test_scrolling_near_the_fold_draws_the_rest_and_its_controls_change_the_state(page_at, app_url):
    page = page_at(1440, 700)
    open_page(page, f"{app_url}/gru_vs_lstm", "GRU versus LSTM")
    # Laid out, the fold is well over a screen's quarter below this first screen: nothing of the
    # rest is sent yet.
    assert fold_state(page) == "waiting"
    assert page.get_by_role("heading", name="Parameters and time").count() == 0
    scroll_main(page, 500)
    page.get_by_role("heading", name="Parameters and time").wait_for(timeout=30_000)
    assert fold_state(page) == "shown"
    settle(page)
    # A control below the fold: the whole page follows it, and the link carries it.
    box = page.locator('[data-testid="stSelectbox"]:has-text("Time one forward pass at")')
    box.scroll_into_view_if_needed()
    box.locator("input").click()
    page.keyboard.type("200 steps")  # the selectbox filters its options as the learner types
    page.get_by_role("option", name="200 steps, 16 inputs, 64 units").click()
    state = wait_for_state(page, lambda s: s.pages.gru_vs_lstm.timed != "this example", timeout=60)
    assert state.pages.gru_vs_lstm.timed != "this example"
    assert box.locator("input").input_value() == "200 steps, 16 inputs, 64 units"
    page.get_by_text("LSTM / GRU:").first.wait_for(timeout=60_000)  # its own timing, drawn in its place


def test_a_page_that_fits_its_rest_near_the_first_screen_draws_it_at_once(page_at, app_url):
    page = page_at(1440, 900)
    open_page(page, f"{app_url}/conventions", "The convention trap")
    page.get_by_role("heading", name="Who writes what").wait_for(timeout=30_000)
    assert fold_state(page) == "shown"
