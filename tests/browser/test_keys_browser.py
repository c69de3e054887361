"""The ← and → keys in chromium: every press counts, even twenty in under a second, and an arrow
typed in a text box moves the cursor, not the step.

On the live view's pages (static/live/stepping.js) each press moves the step in the browser at
once and the server hears nothing until the learner pauses: then one message, and the link
follows. The presses go to `document.activeElement`, as a real key press does: the heading
clicked first (the page itself), or the text box."""


import numpy as np

from lessons import presets
from lessons.state import to_url
from tests.browser.driving import frames_sent, open_page, settle, state_of, wait_for_state
from tests.helpers import screenshot

STEPS = 30


def long_link(app_url, page):
    """The default example stretched to STEPS steps (the default has too few for 20 presses)."""
    start = presets.EXAMPLES["Write once, carry"]()
    x = np.round(np.sin(np.arange(STEPS * start.input_size)).reshape(STEPS, start.input_size), 3)
    return f"{app_url}/{page}?s={to_url(start.with_changes(x=x, step=0))}"


# Presses 10 ms apart, sent from inside the page: Playwright's own key presses each wait for the page
# to take them, which on a loaded machine is slower than a learner's finger. Each press reaches the
# page's listeners at once (dispatchEvent is synchronous); the wait between presses holds the page,
# so the server is still answering the first presses when the last ones come.
PRESS = """([key, times]) => {
  const started = performance.now();
  for (let i = 0; i < times; i++) {
    const target = document.activeElement || document.body;
    for (const type of ["keydown", "keyup"])
      target.dispatchEvent(new KeyboardEvent(type, {key, code: key, bubbles: true, composed: true, cancelable: true}));
    const next = performance.now() + 10;
    while (performance.now() < next);
  }
  return (performance.now() - started) / 1000;
}"""


def press_fast(page, key, times):
    """Press `key` `times` times in quick succession; returns the seconds it took."""
    return page.evaluate(PRESS, [key, times])


def shows_step(page, t):
    """True when the live view's label shows step t now (it is painted with the press)."""
    return f"Step t = {t} of {STEPS}" in page.locator(".gl-steplabel").inner_text()


def wait_for_step(page, t, timeout=30):
    """The address bar's step once it reaches t (or the last one seen when time runs out)."""
    return wait_for_state(page, lambda state: state.step == t, timeout).step


def test_twenty_fast_presses_of_each_arrow_all_count_on_the_cell_page(app_url, page_at):
    page = page_at()
    sent = frames_sent(page)
    open_page(page, long_link(app_url, "cell"), "One step of the cell")
    assert state_of(page).step == 0
    page.get_by_role("heading", name="One step of the cell").click()  # the page has the focus, no control
    settle(page)
    before = len(sent)
    assert press_fast(page, "ArrowRight", 20) < 1.0
    assert shows_step(page, 20)  # every press applied, before any server run
    assert len(sent) == before, "the presses sent the server messages before the pause"
    assert wait_for_step(page, 20) == 20
    assert len(sent) == before + 1  # one message for the twenty presses
    screenshot(page, "keys_cell_after_20_right")
    assert press_fast(page, "ArrowLeft", 13) < 1.0
    assert shows_step(page, 7)
    assert wait_for_step(page, 7) == 7
    # In a text box the arrows move the cursor and leave the step alone.
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"] input').first  # the example's search box
    box.click()
    box.press_sequentially("ab")
    press_fast(page, "ArrowLeft", 3)
    press_fast(page, "ArrowRight", 1)
    box.press("Escape")
    page.wait_for_timeout(1500)
    assert wait_for_step(page, 7, timeout=3) == 7


def test_presses_past_the_end_stop_at_the_last_step_and_count_back_from_there(app_url, page_at):
    page = page_at()
    open_page(page, long_link(app_url, "sequence"), "Over the whole sequence")
    page.get_by_role("heading", name="Over the whole sequence").click()
    press_fast(page, "ArrowRight", STEPS + 5)
    assert shows_step(page, STEPS - 1)
    assert wait_for_step(page, STEPS - 1) == STEPS - 1
    press_fast(page, "ArrowLeft", 2)
    assert shows_step(page, STEPS - 3)
    assert wait_for_step(page, STEPS - 3) == STEPS - 3
