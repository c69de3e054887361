"""Helpers for driving the real app in chromium: wait for reruns, read the state from the URL,
type into a data-editor cell. bench/page_tools.py waits for reruns with the same IDLE check."""

import re
import time
from urllib.parse import parse_qs, urlparse

from lessons.state import from_url

# True once Streamlit runs no script: its status widget is gone or no longer says "Running".
IDLE = """
() => !document.querySelector('[data-testid="stStatusWidget"]')
  || !document.querySelector('[data-testid="stStatusWidget"]').innerText.includes('Running')
"""


# Checks poll on a timer, not on animation frames (Playwright's default): a busy machine gives a
# headless page about one frame every 2 s, so a frame-polled check can miss a whole rerun.
POLL_MS = 100


def settle(page, timeout=30_000):
    """Wait until Streamlit has finished its rerun (no 'running' indicator) and the page is drawn."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(IDLE, timeout=timeout, polling=POLL_MS)
    page.wait_for_timeout(300)


def wait_drawn(page, timeout=30_000):
    """Wait until every chart has drawn its SVG (but those far below the screen, which wait for
    the learner to scroll near them: static/figure/figure.js) and no element is still a loading
    skeleton."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.gv-figure')]"
        ".every(c => c.querySelector('.main-svg') || c.dataset.pending === 'offscreen')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')",
        timeout=timeout,
        polling=POLL_MS,
    )


FOLD_WAITING = '[data-testid="stMain"] [data-gv-fold="waiting"]'  # a page's rest not drawn yet (ui/below_fold.py)
FOLD_SHOWN = '[data-testid="stMain"] [data-gv-fold="shown"]'
FOLD_GRACE = 1.5  # s


def show_rest(page, timeout=30_000):
    """Scroll the main column until a page's fold sits at the foot of the screen, as a learner
    reading on would, until no rest waits below its fold; then wait until the rest is drawn."""
    began = time.monotonic()
    # A page's fold can mount a moment after its figures are drawn: one that has none is known
    # only once this grace has passed.
    while not page.locator(FOLD_SHOWN).count() and (page.locator(FOLD_WAITING).count()
                                                     or time.monotonic() < began + FOLD_GRACE):
        if time.monotonic() > began + timeout / 1000:
            raise TimeoutError("the page's rest below its fold was never drawn")
        page.evaluate(SCROLL_TO_FOLD)
        page.wait_for_timeout(POLL_MS)
    settle(page, timeout)
    wait_drawn(page, timeout)


SCROLL_TO_FOLD = f"""() => {{
  const main = document.querySelector('[data-testid=stMain]'), fold = document.querySelector('{FOLD_WAITING}');
  if (fold) main.scrollBy(0, fold.getBoundingClientRect().top - main.getBoundingClientRect().bottom + 1);
}}"""


LIVE_PAGES = ("/cell", "/sequence", "/edit")  # the live view's (ui/live_view.py)


def open_page(page, url, heading, timeout=60_000):
    """Go to `url` and wait until its heading shows and every chart is drawn (a cold server's first
    page can take most of a minute on a loaded 2-core machine); on the live view's pages, until its
    scripts run (a key pressed before then reaches no one)."""
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=timeout)
    settle(page, timeout)
    wait_drawn(page, timeout)
    if urlparse(url).path.endswith(LIVE_PAGES):
        page.locator(".gl-live .gl-steplabel").first.wait_for(timeout=timeout)


def state_of(page):
    """The app state encoded in the address bar (the app keeps it equal to what is shown)."""
    packed = parse_qs(urlparse(page.url).query)["s"][0]
    return from_url(packed)


def wait_for_state(page, check, timeout=20):
    """The address bar's state once `check(state)` holds for it, or the last one seen after `timeout`
    seconds: the address follows the run's end, which can land after settle() on a busy page."""
    deadline = time.monotonic() + timeout
    while True:
        settle(page)
        if check(state_of(page)) or time.monotonic() > deadline:
            return state_of(page)
        page.wait_for_timeout(250)


def type_into_cell(page, editor, row, column_x, text):
    """Select a cell of a data editor (row 0 is the first data row; column_x is a pixel offset
    from the editor's left edge that lands in the wanted column) and type `text` into it."""
    settle(page)
    editor.wait_for(state="visible", timeout=20_000)  # tables remount after every applied or refused edit
    box = editor.bounding_box()
    page.mouse.dblclick(box["x"] + column_x, box["y"] + 35 + 35 * row + 17)  # opens the cell's editor
    overlay = page.locator("#portal textarea:visible").first
    overlay.wait_for(timeout=10_000)
    overlay.fill(text)
    page.keyboard.press("Enter")
    settle(page)


def click_main_button(page, name):
    """Click the main area's button whose label starts with `name` (the sidebar has its own)."""
    button = page.locator('[data-testid="stMainBlockContainer"] button').filter(has_text=name).first
    button.wait_for(state="visible", timeout=20_000)
    button.click()


def frames_sent(page):
    """A live list of the frames `page` sends the server over its websocket (each rerun the browser
    asks for is one); attach it before the page opens."""
    sent = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
    return sent


def link_step(page, t, timeout=20_000):
    """The address bar's step once it is t, or the last one seen after `timeout` ms. On the live
    view's pages a step reaches the link once the learner pauses (static/live/main.js)."""
    deadline = timeout
    while True:
        packed = page.evaluate("() => new URLSearchParams(location.search).get('s')")
        if packed and from_url(packed).step == t or deadline <= 0:
            return state_of(page).step
        page.wait_for_timeout(100)
        deadline -= 100


STEP_LABEL = re.compile(r"Step t = (\d+) of (\d+)")


def shown_step(page):
    """The step the live view's label shows now (static/live/stepping.js paints it with the press)."""
    return int(STEP_LABEL.search(page.locator(".gl-steplabel").inner_text()).group(1))
