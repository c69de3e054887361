"""Training in a real browser: start, the progress and the curves grow while the page stays live,
stop, move the snapshot slider; the side-by-side page runs its small comparison; screenshots."""

import re

import pytest

from tests.browser.driving import click_main_button, open_page, settle
from tests.helpers import screenshot

PROGRESS = '[data-testid="stProgress"]'


def step_shown(page):
    """The step in the progress bar's text ('step 1,234 of 5,000')."""
    text = page.locator(PROGRESS).first.inner_text()
    return int(re.search(r"step ([\d,]+) of", text).group(1).replace(",", ""))


CURVES = "document.querySelector('[data-testid=\"stPlotlyChart\"] .js-plotly-plot')"


def curve_points(page):
    """How many loss points the curves chart (the page's first chart) holds in the browser."""
    page.wait_for_function(f"() => {CURVES} && {CURVES}.calcdata", timeout=20_000)
    return page.evaluate(f"{CURVES}.calcdata[0].length")  # the points plotly drew for the loss


def slider(page, label):
    return page.locator('[data-testid="stSlider"]').filter(has_text=label).locator('input[type="range"]').first


def scroll_to(page, text):
    page.get_by_text(text, exact=True).first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)


def test_start_watch_it_grow_stop_and_slide_through_snapshots(app_url, page_at):
    page = page_at(1440, 900)
    open_page(page, f"{app_url}/train", "Train a network")
    slider(page, "Training steps").focus()
    page.keyboard.press("End")  # 5000 steps: still training when we look
    page.get_by_text("Training steps").first.wait_for()
    settle(page)
    click_main_button(page, "Start")
    page.wait_for_function("() => /step [1-9][\\d,]* of 5,000/.test(document.body.innerText)", timeout=30_000)
    first, points = step_shown(page), curve_points(page)
    page.wait_for_function(f"() => {{ const m = document.body.innerText.match(/step ([\\d,]+) of 5,000/);"
                           f" return m && parseInt(m[1].replace(/,/g, '')) > {first}; }}", timeout=30_000)
    # The curves redraw on the panel's own timer: wait for them rather than a fixed time (busy CI).
    page.wait_for_function(f"n => {CURVES} && {CURVES}.calcdata && {CURVES}.calcdata[0].length > n", arg=points,
                           timeout=30_000)
    assert step_shown(page) > first and curve_points(page) > points  # the bar and the curves grow
    screenshot(page, "train_running")

    click_main_button(page, "Stop")
    page.get_by_text("(stopped)").first.wait_for(timeout=20_000)
    settle(page)
    stopped = step_shown(page)
    page.wait_for_timeout(2000)
    assert step_shown(page) == stopped < 5000  # nothing trains while stopped

    scroll_to(page, "Watch the gates learn")
    snapshot = slider(page, "Snapshot")
    snapshot.focus()
    page.keyboard.press("Home")  # the first snapshot: the untrained network
    page.get_by_text("The probe sequence at step 0").first.wait_for(timeout=20_000)
    page.get_by_text(re.compile(r"^Step 0: held-out accuracy")).first.wait_for(timeout=20_000)
    screenshot(page, "train_snapshot_slider")


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)], ids=["1440x900", "1280x720"])
def test_screenshots_of_the_training_pages(app_url, page_at, size):
    page = page_at(*size)
    open_page(page, f"{app_url}/train", "Train a network")
    click_main_button(page, "Start")
    page.get_by_text("step 1,000 of 1,000").first.wait_for(timeout=150_000)  # generous: CI machines vary
    settle(page)
    page.wait_for_timeout(800)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, f"train_{size[0]}x{size[1]}")
    # The gates in view. The watch panel refreshes on its own timer, so it may still show an earlier
    # snapshot here; the snapshot slider's test checks which step it shows.
    page.get_by_text("The probe sequence at step").first.wait_for(timeout=60_000)
    page.get_by_text("The probe sequence at step").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, f"train_watch_{size[0]}x{size[1]}")

    open_page(page, f"{app_url}/compare", "GRU, LSTM and RNN side by side")
    screenshot(page, f"compare_{size[0]}x{size[1]}")
    click_main_button(page, "Run the small comparison")
    page.get_by_text("all 15 runs done").first.wait_for(timeout=180_000)
    settle(page)
    scroll_to(page, "Run a small version live")
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, f"compare_live_{size[0]}x{size[1]}")
