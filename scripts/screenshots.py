"""Make the README's screenshots: docs/img/cell.png and docs/img/sequence.png.

    python scripts/screenshots.py            # a minute or two; needs Debian's chromium

It starts the real app (`streamlit run app.py` on a free loopback port, as the browser tests do:
tests/servers.py) with the toolbar a student sees on a deployed server (no "Deploy" button),
opens the cell and sequence pages on the default example in chromium at 1440x900, waits until
its chart has drawn and Streamlit has finished its run (tests/browser/driving.py), and saves the
window as a PNG. Where a page's chart ends below the window (the sequence page's five heatmaps),
the window grows, at the same width, to show the whole chart. The PNGs are chromium's own, at full
colour (about 150 KB each): a palette would band the colour scales the lessons read.
"""

import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.driving import open_page, settle, wait_drawn  # noqa: E402
from tests.servers import CHROMIUM, CHROMIUM_ARGS, serving  # noqa: E402

OUT = ROOT / "docs" / "img"
WIDTH, HEIGHT = 1440, 900
MAX_HEIGHT = 1200  # a window grows to show a whole chart, up to this
SERVER_ARGS = ("--client.toolbarMode", "viewer")  # what a student sees on a deployed app
CHART = '[data-testid="stPlotlyChart"]'
# The bottom of the lowest chart, in window pixels.
CHARTS_BOTTOM = (
    f"() => Math.max(...[...document.querySelectorAll('{CHART}')].map(c => c.getBoundingClientRect().bottom))"
)
# (file name, the page's path, its heading): the headings app.py gives the pages.
SHOTS = (
    ("cell.png", "cell", "One step of the cell"),
    ("sequence.png", "sequence", "Over the whole sequence"),
)


def take(browser, url, path, heading):
    """A screenshot of one page (the window, grown to a whole chart), once its charts are drawn."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    try:
        page = context.new_page()
        open_page(page, f"{url}/{path}", heading)
        # open_page can return before the first run has drawn anything: wait for the chart itself.
        page.wait_for_selector(f"{CHART} .main-svg", timeout=60_000)
        settle(page)
        wait_drawn(page)
        # The picture ends just below the lowest chart, or at the window's bottom if that is lower.
        height = min(MAX_HEIGHT, max(HEIGHT, round(page.evaluate(CHARTS_BOTTOM)) + 12))
        if height > HEIGHT:  # room for the chart, and a little more so no scroll bar appears
            page.set_viewport_size({"width": WIDTH, "height": height + 100})
            settle(page)
            wait_drawn(page)
        page.mouse.move(0, height - 1)  # no hover label or highlighted control in the picture
        page.wait_for_timeout(500)  # let Plotly's transitions end
        clip = {"x": 0, "y": 0, "width": WIDTH, "height": height}
        return page.screenshot(clip=clip, animations="disabled", caret="hide")
    finally:
        context.close()


def main():
    if not os.path.exists(CHROMIUM):
        sys.exit(f"Debian's chromium is not at {CHROMIUM} (apt-get install -y chromium, or bash .ci/run)")
    OUT.mkdir(parents=True, exist_ok=True)
    with serving(ROOT / "app.py", SERVER_ARGS) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, path, heading in SHOTS:
                data = take(browser, url, path, heading)
                (OUT / name).write_bytes(data)
                print(f"{OUT.relative_to(ROOT) / name}: {len(data) / 1024:.0f} KB")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
