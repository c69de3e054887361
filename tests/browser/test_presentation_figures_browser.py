"""Presentation mode's figures keep their text in place (follow-up of issue 17, items 7 and 15).

Presentation mode (&present=1) draws every font 1.45 times larger and fits the figures to a
1280x720 screen; a diagram whose boxes are sized from the figure's height, or a colour bar title
as long as it was on a taller bar, then let text out of its box or over other text. In the real
app at 1280x720 (and, as a check that the fix holds there too, in normal mode at 1280x720 with the
sidebar open and at 1440x900), for the stacked and GRU vs LSTM pages' main figures, measured on
the SVG that plotly.js draws (the cell, sequence and edit pages' live view is held to the same by
test_live_diagram_browser.py and test_live_views_browser.py, at both sizes):

- every line of text whose centre lies in a diagram box lies wholly inside that box (its line box,
  not only the glyphs' middle: text that touches the outline reads as spilling out);
- no two texts (box labels, notes, colour bar titles, axis titles, tick labels, titles) overlap.

Screenshots of each figure: tests/browser/artifacts/<window>_figure_<chart>.png.
"""

import pytest

from tests.browser.driving import open_page
from tests.browser.figure_geometry import inside, overlap
from tests.helpers import ARTIFACTS

# window: (width, height, query)
# Presentation mode, and the narrower of the two normal windows (a wider one only gives text more room).
# Presentation mode's pages are opened by test_presentation_browser.py's test, which runs
# check_chart on them at once (the same page in the same window: one load, not two).
WINDOWS = {"present": (1280, 720, "present=1"), "normal_1280x720": (1280, 720, "")}
# url path: (heading, its charts: (the chart's key, the diagram boxes' count: 0 for a chart without boxes))
PAGES = {
    "stacked": ("Stacked and bidirectional", [("stack_diagram", 7)]),
    "gru_vs_lstm": ("GRU versus LSTM", [("gru_diagram", 10), ("lstm_diagram", 13)]),  # one page, two diagrams
}

# JS: the chart's diagram boxes (closed shapes: a box or a pill, not the LSTM's bus lines) and every
# text it draws, each with its lines' boxes (CSS px). Rotated text is measured as drawn.
TEXTS = """(root) => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const svg = root.querySelector('.main-svg');
  const shapes = [...root.querySelectorAll('.shapelayer path')]
    .filter(p => /Z\\s*$/i.test(p.getAttribute('d') || '')).map(box);
  const texts = [...root.querySelectorAll('svg text')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map(t => { const lines = [...t.querySelectorAll('tspan.line')];
                return {text: t.textContent, box: box(t), lines: (lines.length ? lines : [t]).map(box)}; });
  return {shapes, texts, svg: box(svg)};
}"""


def open_in(page_at, app_url, url_path, window):
    width, height, query = WINDOWS[window]
    page = page_at(width, height)
    heading = PAGES[url_path][0]
    open_page(page, f"{app_url}/{url_path}?{query}", heading)
    page.wait_for_timeout(500)  # Plotly's last relayout
    return page


def centre(box):
    return (box["left"] + box["right"]) / 2, (box["top"] + box["bottom"]) / 2


def holds(shape, point):
    x, y = point
    return shape["left"] <= x <= shape["right"] and shape["top"] <= y <= shape["bottom"]


def spilled(shapes, texts):
    """{text: lines} of every text in a box some of whose lines leave it (its outline, 1.5 px each
    side, counts as outside)."""
    out = {}
    for text in texts:
        home = [shape for shape in shapes if holds(shape, centre(text["box"]))]
        if not home:
            continue
        bad = [line for line in text["lines"] if not inside(line, home[0], slack=-1.5)]
        if bad:
            out[text["text"]] = bad
    return out


def overlapping(texts):
    """The pairs of texts whose boxes overlap (by more than half a pixel)."""
    return [
        (a["text"], b["text"])
        for i, a in enumerate(texts)
        for b in texts[i + 1 :]
        if overlap(a["box"], b["box"], slack=0.5)
    ]


def check_chart(page, window, key, count):
    chart = page.locator(f".st-key-{key}")
    chart.scroll_into_view_if_needed()
    chart.locator(".main-svg").first.wait_for(timeout=10_000)  # drawn once near the screen (static/figure/)
    ARTIFACTS.mkdir(exist_ok=True)
    chart.screenshot(path=str(ARTIFACTS / f"{window}_figure_{key}.png"))
    found = chart.evaluate(TEXTS)
    assert len(found["shapes"]) >= count and found["texts"], key
    assert not spilled(found["shapes"], found["texts"]), key
    assert not overlapping(found["texts"]), key
    for text in found["texts"]:  # nothing cut off at the figure's edges
        assert inside(text["box"], found["svg"], slack=0.5), (key, text["text"])


def check_charts(page, window, url_path):
    """Every main chart of the page open in `window`: its text in its boxes and off other text."""
    for key, count in PAGES[url_path][1]:
        check_chart(page, window, key, count)


@pytest.mark.parametrize("url_path", list(PAGES))
def test_figure_text_stays_in_its_boxes_and_off_other_text(page_at, app_url, url_path):
    """In normal mode at 1280x720 (presentation mode: test_presentation_browser.py)."""
    check_charts(open_in(page_at, app_url, url_path, "normal_1280x720"), "normal_1280x720", url_path)
