"""Training in a real browser: start, the progress and the curves grow while the page stays live,
stop, move the snapshot slider; the side-by-side page runs its small comparison; screenshots of
both at two sizes."""

import re

from tests.browser.driving import click_main_button, open_page, settle, wait_drawn
from tests.helpers import screenshot

PROGRESS = '[data-testid="stProgress"]'


def step_shown(page):
    """The step in the progress bar's text ('step 1,234 of 5,000')."""
    text = page.locator(PROGRESS).first.inner_text()
    return int(re.search(r"step ([\d,]+) of", text).group(1).replace(",", ""))


CURVES = "document.querySelector('.gv-figure.js-plotly-plot')"  # the figure's own element (ui/figure_view.py)


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


SIZES = [(1440, 900), (1280, 720)]


def screenshots_at_both_sizes(page, name, before=None):
    """A screenshot at each size, the window resized in between (the page is not run again)."""
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function(f"() => window.innerWidth === {width}", polling=100)
        wait_drawn(page)
        page.wait_for_timeout(800)  # plotly redraws for the new size
        if before:
            before(page)
        assert page.locator('[data-testid="stException"]').count() == 0, f"{name} {width}x{height}: an exception"
        screenshot(page, f"{name}_{width}x{height}")


def gates_in_view(page):
    page.locator(".st-key-train_gates").scroll_into_view_if_needed()  # drawn once near the screen
    page.get_by_text("The probe sequence at step").first.wait_for(timeout=10_000)
    page.wait_for_timeout(500)


def test_screenshots_of_the_training_pages(app_url, page_at):
    """One training run and one comparison, each shown at both sizes (the window resized): a run
    per size would train the same network twice."""
    page = page_at(*SIZES[0])
    open_page(page, f"{app_url}/train", "Train a network")
    click_main_button(page, "Start")
    page.get_by_text("step 1,000 of 1,000").first.wait_for(timeout=150_000)  # generous: CI machines vary
    settle(page)
    screenshots_at_both_sizes(page, "train")
    # The gates in view. The watch panel refreshes on its own timer, so it may still show an earlier
    # snapshot here; the snapshot slider's test checks which step it shows.
    page.locator(".st-key-train_gates").wait_for(timeout=60_000)
    screenshots_at_both_sizes(page, "train_watch", before=gates_in_view)

    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    open_page(page, f"{app_url}/compare", "GRU, LSTM and RNN side by side")
    screenshots_at_both_sizes(page, "compare")
    click_main_button(page, "Run the small comparison")
    page.get_by_text("all 15 runs done").first.wait_for(timeout=180_000)
    settle(page)
    screenshots_at_both_sizes(page, "compare_live", before=lambda p: scroll_to(p, "Run a small version live"))
