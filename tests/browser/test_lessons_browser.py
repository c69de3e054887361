"""Every page in a real browser, offline but for the server: home, the explorer's pages, the lessons
and the training pages each load complete, draw without an error, with their charts, at the two
desktop sizes (screenshots to look at); and the stacked page's example button works end to end.

One tour in one browser context: each page is opened from its address (a new session, a new
document, so everything it loads is loaded again), checked at 1280x720, then checked again with the
window widened to 1440x900 (a resize redraws the page without running it again: the layout at that
size, for a fraction of a page load). On the explorer's pages and the memory lesson every control
has a name a screen reader announces. Nothing may come from another host (tests/browser/offline.py):
no font, icon, script or image, checked on the page and by the fixture's route.
"""

import re

from tests.browser.driving import click_main_button, open_page, settle, show_rest, wait_drawn
from tests.browser.offline import page_complete
from tests.helpers import screenshot

SMALL, LARGE = (1280, 720), (1440, 900)
# (url path, heading, the charts a lesson's default example draws (None: not a lesson))
PAGES = [
    ("", "GRU Gate Explorer", None),
    ("cell", "One step of the cell", None),
    ("sequence", "Over the whole sequence", None),
    ("edit", "Inputs and weights", None),
    ("load", "Load a model", None),
    ("conventions", "The convention trap", 2),
    ("memory", "Memory and reset", 2),
    ("gradients", "Why gates help gradients", 2),
    ("gru_vs_lstm", "GRU versus LSTM", 4),
    ("stacked", "Stacked and bidirectional", 2),
    ("train", "Train a network", None),
    ("compare", "GRU, LSTM and RNN side by side", None),
]
CHARTS = ".gv-figure"  # ui/figure_view.py's figures
# The pages whose every control must have a name a screen reader announces (checked at 1440x900).
NAMED_CONTROLS = ("cell", "sequence", "edit", "memory")
CONTROL = re.compile(r"- (button|combobox|slider|radio|switch|checkbox|textbox|spinbutton|link)\b(.*)")
EXCEPTION = '[data-testid="stException"]'


def resize(page, width, height):
    """Give the window a new size and wait until the page and its charts are drawn for it."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(f"() => window.innerWidth === {width} && window.innerHeight === {height}", polling=100)
    wait_drawn(page)
    page.wait_for_timeout(800)  # plotly redraws for the new size


def whole_page(page, name):
    """A screenshot with the viewport as tall as the page: Streamlit scrolls inside its main
    container, so a full-page screenshot of a short viewport shows only the top."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    resize(page, page.viewport_size["width"], int(height))
    screenshot(page, name)


def check_drawn(page, name, charts):
    """The page shows no error and, for a lesson, its charts and its one "Try this"."""
    assert page.locator(EXCEPTION).count() == 0, f"{name}: an exception is shown"
    if charts is not None:
        page.locator(CHARTS).nth(charts - 1).wait_for(timeout=20_000)
        assert page.locator(CHARTS).count() >= charts, f"{name}: fewer than {charts} charts"
        page.get_by_text("Try this").first.wait_for(timeout=20_000)
        assert page.get_by_text("Try this").count() == 1, f"{name}: not one 'Try this'"


def check_home(page, size):
    """The welcome page's equations and numbers; at projector size nothing runs off sideways."""
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
    assert page.locator(".katex").count() >= 1, f"home {size}: the equations did not render"
    if size == SMALL:
        assert page.get_by_role("heading", name="GRU Gate Explorer").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "home scrolls sideways"
    else:
        assert page.get_by_text("z takes the new candidate").count() >= 1


def assert_every_control_has_a_name(page, name):
    """Every control in the page's accessibility tree has a name a screen reader announces."""
    controls = [m for m in map(CONTROL.search, page.locator("body").aria_snapshot().splitlines()) if m]
    assert len(controls) > 20, f"{name}: only {len(controls)} controls in the accessibility tree"
    unnamed = [m.group(0) for m in controls if not m.group(2).strip().startswith('"')]
    assert not unnamed, f"{name}: controls without a name: {unnamed}"


def open_the_pytorch_example(page):
    """The stacked page's example button opens the 2-layer bidirectional PyTorch GRU."""
    click_main_button(page, "Open the PyTorch example")
    page.get_by_text("pytorch_gru_2layer_bidir.safetensors").first.wait_for(timeout=20_000)
    settle(page)
    assert page.get_by_text("layer 1, backward").count() >= 1, "the example's backward layer is not shown"
    assert page.locator(EXCEPTION).count() == 0, "the PyTorch example shows an exception"
    page_complete(page, "stacked, PyTorch example")
    whole_page(page, "stacked_pytorch_example_whole")


def test_every_page_loads_complete_offline_and_draws_at_both_sizes(app_url, page_at):
    page = page_at(*SMALL)
    for path, heading, charts in PAGES:
        name = path or "home"
        page.set_viewport_size({"width": SMALL[0], "height": SMALL[1]})
        open_page(page, f"{app_url}/{path}", heading)
        if charts is not None:
            show_rest(page)  # a lesson's rest below its first screen (ui/below_fold.py)
        check_drawn(page, f"{name} 1280x720", charts)
        page_complete(page, name)
        if not path:
            check_home(page, SMALL)
        screenshot(page, f"{name}_1280x720")
        if charts is not None:
            whole_page(page, f"{name}_1280x720_whole")
        resize(page, *LARGE)
        check_drawn(page, f"{name} 1440x900", charts)
        if not path:
            check_home(page, LARGE)
        if path in NAMED_CONTROLS:
            assert_every_control_has_a_name(page, name)
        screenshot(page, f"{name}_1440x900")
        if path == "stacked":
            resize(page, *SMALL)
            open_the_pytorch_example(page)
