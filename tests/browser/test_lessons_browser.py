"""The lesson pages in a real browser: each draws without an error, with its charts, at two screen
sizes (screenshots to look at), and the stacked page's example button works end to end."""

import pytest

from tests.browser.driving import click_main_button, open_page, settle
from tests.helpers import screenshot

LESSONS = [("conventions", "The convention trap", 2), ("memory", "Memory and reset", 2),
           ("gradients", "Why gates help gradients", 2), ("gru_vs_lstm", "GRU versus LSTM", 4),
           ("stacked", "Stacked and bidirectional", 2)]  # (url path, heading, charts on the default example)


def whole_page(page, name):
    """A second screenshot with the viewport as tall as the page: Streamlit scrolls inside its main
    container, so a full-page screenshot of a short viewport shows only the top."""
    width = page.viewport_size["width"]
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": int(height)})
    page.wait_for_timeout(800)  # plotly redraws for the new size
    screenshot(page, name)


@pytest.mark.parametrize("size", [(1280, 720), (1440, 900)], ids=["1280x720", "1440x900"])
def test_every_lesson_draws_its_charts(app_url, page_at, size):
    for path, heading, charts in LESSONS:
        page = page_at(*size)
        open_page(page, f"{app_url}/{path}", heading)
        page.locator('[data-testid="stPlotlyChart"]').nth(charts - 1).wait_for(timeout=20_000)
        page.wait_for_timeout(500)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stPlotlyChart"]').count() >= charts
        assert page.get_by_text("Try this").count() == 1
        screenshot(page, f"{path}_{size[0]}x{size[1]}")
        if size == (1280, 720):
            whole_page(page, f"{path}_{size[0]}x{size[1]}_whole")


def test_the_stacked_page_opens_the_pytorch_example(app_url, page_at):
    page = page_at(1280, 720)
    open_page(page, f"{app_url}/stacked", "Stacked and bidirectional")
    click_main_button(page, "Open the PyTorch example")
    page.get_by_text("pytorch_gru_2layer_bidir.safetensors").first.wait_for(timeout=20_000)
    settle(page)
    assert page.get_by_text("layer 1, backward").count() >= 1
    assert page.locator('[data-testid="stException"]').count() == 0
    whole_page(page, "stacked_pytorch_example_whole")
