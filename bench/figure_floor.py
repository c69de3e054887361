"""The lower bound of a page switch: a lesson page's own Plotly figures, drawn by a bare page.

bench/live.py's switch part times every page of the app against the floor's switch (one heatmap).
A page that misses may miss because of what the page does, or because of the figures it shows. To
tell them apart, `write_figures` takes every figure a lesson page sends the browser (as Streamlit
sends it: the figure's JSON and its config, from AppTest at the default example) into a file the
floor app reads (bench/floor_app.py, FLOOR_FIGURES), and `switches` times the floor app's page of
those figures alone, the same way. Its ratio to the floor's switch is what any Streamlit page that
draws those figures with Plotly costs here: when it is above the target, no change to the page
short of other figures can meet it.
"""

import json
import logging

from bench.live_page import settle, timed
from bench.page_tools import TIMEOUT, centre, nav_link

CHARTED = ("conventions", "memory", "gradients", "gru_vs_lstm", "stacked", "compare")  # pages drawing Plotly figures


def lesson_figures(path):
    """[[figure, config], ...]: what the lesson page at url path `path` sends its Plotly charts."""
    from tests.app.helpers import figure_elements, open_app

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's "missing ScriptRunContext" in bare mode
    return [[element["spec"], element["config"]] for element in figure_elements(open_app(f"pages/{path}_page.py"))]


def write_figures(file, paths=CHARTED):
    """Write {path: its figures} to `file` (for the floor app's FLOOR_FIGURES); returns {path: count}."""
    figures = {path: lesson_figures(path) for path in paths}
    file.write_text(json.dumps(figures))
    return {path: len(charts) for path, charts in figures.items()}


def switches(page, counts, laps):
    """{path: [s]}: from the floor's page, the click on the link to `path`'s figures page to its
    heading and all of its charts drawn, timed in the page as bench/live.py times the app's, `laps`
    times each after a warm-up."""
    out = {}
    for lap in range(laps + 1):
        for path, charts in counts.items():
            nav_link(page, "floor").click()
            page.wait_for_function("() => __bench.CHECKS.chart('clicks = \\\\d')", timeout=TIMEOUT)
            settle(page)
            xy = centre(nav_link(page, path))
            shown = timed(page, lambda: page.mouse.click(*xy), "page",
                          {"heading": path, "charts": charts, "live": None}, "click")
            if lap:
                out.setdefault(path, []).append(shown["ms"] / 1e3)
    return out
