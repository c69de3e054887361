"""Presentation mode fits a 1280x720 projector (issue 17, item 15; item 13's link warning).

For every page, opened with &present=1 in a 1280x720 window and not scrolled, the page's main
figure and its step controls lie entirely inside the window; the toolbar shows no Deploy button
or developer menu; on the pages whose text once did, no text sends the class to the hidden
sidebar without saying how to show it; on the pages with diagrams and maps, their text stays in
its boxes and off other text (test_presentation_figures_browser.check_charts).
A link that cannot be opened is said on the page itself, not only in the hidden sidebar.
Viewport screenshots (what the projector shows) land in tests/browser/artifacts/present_*.png.
"""

import re

import pytest

from tests.browser.driving import open_page
from tests.browser.test_presentation_figures_browser import PAGES as FIGURE_PAGES
from tests.browser.test_presentation_figures_browser import check_charts
from tests.helpers import ARTIFACTS

WIDTH, HEIGHT = 1280, 720
BAR = (".st-key-previous_present", ".st-key-next_present")  # presentation mode's step bar
LIVE_STEPS = (".gl-stepbar",)  # the live view's own (static/live/stepping.js)

# url path: (heading, the main figure (selectors; every match of each), the step controls)
PAGES = {
    "": ("GRU Gate Explorer", (".katex-display",), BAR),  # its figure is the equations
    "cell": ("One step of the cell", (".gl-box-diagram svg",), LIVE_STEPS),
    "sequence": ("Over the whole sequence", (".gl-box-heatmaps",), LIVE_STEPS),
    "edit": ("Inputs and weights", (".gl-box-heatmaps",), LIVE_STEPS),
    "load": ("Load a model", ('[data-testid="stFileUploader"]',), BAR),  # no figure: the file picker
    "conventions": ("The convention trap", tuple(f".gv-figure >> nth={i}" for i in (0, 1)), BAR),
    "memory": ("Memory and reset", (".st-key-survival",), BAR),
    "gradients": ("Why gates help gradients", (".st-key-flow_state", ".st-key-flow_input"), BAR),
    "gru_vs_lstm": ("GRU versus LSTM", (".st-key-gru_diagram",), BAR),
    "stacked": ("Stacked and bidirectional", (".st-key-stack_diagram",), BAR),
    "train": ("Train a network", (".st-key-train_start",), ()),  # no figure before a run: its settings
    "compare": ("GRU, LSTM and RNN side by side", (".st-key-compare_neutral", ".st-key-compare_biased"), ()),
}

SIDEBAR_WORDS = re.compile(r"sidebar(?! \(press Exit above to show it\))", re.IGNORECASE)


def open_presenting(page_at, app_url, url_path, heading, query="present=1"):
    page = page_at(WIDTH, HEIGHT)
    open_page(page, f"{app_url}/{url_path}?{query}", heading)
    page.wait_for_timeout(500)  # Plotly's last relayout
    return page


def boxes(page, selector):
    items = page.locator(selector)
    assert items.count() > 0, f"nothing matches {selector}"
    return [items.nth(i).bounding_box() for i in range(items.count())]


def inside(box):
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= WIDTH and box["y"] + box["height"] <= HEIGHT


# The pages whose text once sent the class to the hidden sidebar: their text is checked too.
SIDEBAR_CHECKED = ("memory", "conventions", "gradients")


def assert_no_text_points_to_the_hidden_sidebar(page, url_path):
    text = page.locator('[data-testid="stMainBlockContainer"]').text_content()  # folded text too
    found = SIDEBAR_WORDS.search(text)
    assert found is None, f"{url_path}: " + text[max(found.start() - 80, 0) : found.end() + 40]
    if url_path == "memory":  # says where the step moves when the sidebar is hidden
        assert "move it with previous and next above the page" in text


@pytest.mark.parametrize("url_path", list(PAGES), ids=lambda p: p or "home")
def test_the_main_figure_and_its_step_controls_fit_the_first_screen(page_at, app_url, url_path):
    heading, figure, steps = PAGES[url_path]
    page = open_presenting(page_at, app_url, url_path, heading)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"present_{url_path or 'home'}_{WIDTH}x{HEIGHT}.png"))  # the window only
    assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == 0
    for selector in figure + steps:
        for box in boxes(page, selector):
            assert box["height"] > 20 and inside(box), f"{url_path or 'home'}: {selector} at {box}"
    for developer in ('[data-testid="stAppDeployButton"]', '[data-testid="stMainMenu"]'):  # not for a class
        assert page.locator(developer).count() == 0 or not page.locator(developer).first.is_visible(), developer
    if url_path in SIDEBAR_CHECKED:  # the same page, already open: no second load
        assert_no_text_points_to_the_hidden_sidebar(page, url_path)
    if url_path in FIGURE_PAGES:  # last: it scrolls each chart into view
        check_charts(page, "present", url_path)


def test_a_link_that_cannot_be_opened_is_said_on_the_projected_page(page_at, app_url):
    page = open_presenting(page_at, app_url, "cell", "One step of the cell", query="s=garbage&present=1")
    warning = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stAlert"]').filter(
        has_text="could not be opened"
    )
    warning.first.wait_for(state="visible", timeout=10_000)
    assert inside(warning.first.bounding_box())
    page.screenshot(path=str(ARTIFACTS / f"present_bad_link_{WIDTH}x{HEIGHT}.png"))
