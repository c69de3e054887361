"""Layout of the figure builders as chromium draws them, measured on the SVG that plotly.js makes:
every diagram label inside its box, a subscript clear of the text after it, colour bar titles
clear of their tick labels, readable rows and a time axis on every trained-gates map, tokens shown
as typed (no link, no markup); and on the cell page, a clamp marked on the diagram.

Builders are drawn without the app (tests/browser/figure_geometry.py: the plotly.js the Python
package ships, the same major version as Streamlit's) at the widths the app gives them: the cell
diagram's column is about 715 px at 1440 px and 600 px at 1280 px with the sidebar open.
"""

import numpy as np
import pytest

from gru_viz.figures.cell import cell_diagram
from gru_viz.figures.sequence import sequence_heatmaps
from gru_viz.figures.training import snapshot_heatmaps
from gru_viz.models import GRU
from lessons.explore import run_state
from lessons.presets import random_gru
from lessons.state import Clamp, to_url
from tests.browser.figure_geometry import (
    BOX,
    NODE_BOXES,
    SUBSCRIPTS,
    blank_plot_page,
    draw,
    overlap,
    text_out_of_node,
)
from tests.browser.offline import forget
from tests.helpers import screenshot


@pytest.fixture(scope="module")
def plot_page(browser):
    page = blank_plot_page(browser)
    yield page
    page.context.close()
    assert not forget(page.context), "a figure asked another host for something"


def chart(page):
    return page.locator("#chart").element_handle()


@pytest.mark.parametrize("width", [600, 720])
@pytest.mark.parametrize(
    "inputs,units,unit,reset",
    [(3, 4, 1, "after"), (3, 3, None, "after"), (8, 3, None, "before")],
    ids=["I3-one-unit", "I3-H3-vectors-after", "I8-vectors"],
)
def test_every_diagram_label_stays_in_its_box(plot_page, width, inputs, units, unit, reset):
    trace = run_state(random_gru(input_size=inputs, hidden_size=units).with_changes(reset=reset)).cells[0][0]
    draw(plot_page, cell_diagram(trace, 2, unit=unit), width)
    nodes = plot_page.evaluate(NODE_BOXES, chart(plot_page))
    assert len(nodes) == 10
    out = {node["text"]: text_out_of_node(node) for node in nodes}
    assert not {text: lines for text, lines in out.items() if lines}
    if (inputs, units, width) == (3, 3, 720):
        plot_page.locator("#chart").screenshot(path=str(screenshot_path("cell_diagram_vectors")))


def screenshot_path(name):
    from tests.helpers import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_the_reset_after_label_keeps_its_subscript_clear_of_the_h(plot_page):
    trace = run_state(random_gru(input_size=3, hidden_size=4).with_changes(reset="after")).cells[0][0]
    draw(plot_page, cell_diagram(trace, 2, unit=0), 720)
    pairs = [p for p in plot_page.evaluate(SUBSCRIPTS, chart(plot_page)) if p["sub"] == "hn"]
    assert len(pairs) == 1 and pairs[0]["after"].startswith("h")
    gap = pairs[0]["afterBox"]["left"] - pairs[0]["subBox"]["right"]
    assert gap >= 2.0, f"the h after W_hn starts {gap:.1f} px after the subscript"


COLOUR_BAR_TEXT = f"""(root) => {{
  const box = {BOX};
  const ticks = [...root.querySelectorAll('.colorbar g.tick text, .colorbar .cbaxis text')].map(box);
  const titles = [...root.querySelectorAll('g.annotation')].filter(a => /to 1|^input$/.test(a.textContent))
    .map(a => ({{text: a.textContent, box: box(a.querySelector('text'))}}));
  const cbtitles = [...root.querySelectorAll('.colorbar .cbtitle text')].filter(t => t.textContent.trim())
    .map(t => ({{text: t.textContent, box: box(t)}}));
  const width = root.querySelector('.main-svg').getBoundingClientRect().right;
  const bars = [...root.querySelectorAll('.colorbar .cbfill')].map(box);
  return {{ticks, titles: titles.concat(cbtitles), bars, width}};
}}"""


@pytest.mark.parametrize("compact", [False, True], ids=["sequence-page", "edit-page"])
def test_colour_bar_titles_keep_clear_of_their_tick_labels(plot_page, compact):
    state = random_gru(input_size=3, hidden_size=4)
    draw(plot_page, sequence_heatmaps(run_state(state).cells[0][0], state.tokens(), compact=compact), 1000)
    found = plot_page.evaluate(COLOUR_BAR_TEXT, chart(plot_page))
    assert found["ticks"] and found["titles"]
    assert len(found["titles"]) == len(found["bars"])
    for title in found["titles"]:
        # A rotated title beside its bar sits right of all the bar's tick labels: a title that starts
        # among them overlaps one as soon as a label falls at its height (other sizes, other data).
        middle = (title["box"]["top"] + title["box"]["bottom"]) / 2
        bar = next(b for b in found["bars"] if b["top"] - 1 <= middle <= b["bottom"] + 1)
        ticks = [t for t in found["ticks"] if bar["top"] - 10 <= (t["top"] + t["bottom"]) / 2 <= bar["bottom"] + 10]
        assert ticks, title["text"]
        assert title["box"]["left"] >= max(t["right"] for t in ticks) + 1, f"{title['text']} starts among the ticks"
        assert not [tick for tick in found["ticks"] if overlap(title["box"], tick)], title["text"]
        assert title["box"]["right"] <= found["width"], f"{title['text']} is cut off"
    if not compact:
        plot_page.locator("#chart").screenshot(path=str(screenshot_path("sequence_colour_bars")))


AXES_TEXT = f"""(root) => {{
  const box = {BOX};
  const y = [...root.querySelectorAll('.yaxislayer-above text')].filter(t => t.textContent.trim()).map(
    t => ({{text: t.textContent, box: box(t)}}));
  const x = [...root.querySelectorAll('.xaxislayer-above')].map(g =>
    [...g.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => t.textContent));
  const maps = [...root.querySelectorAll('.heatmaplayer image, .heatmaplayer .hm')].map(box);
  return {{x, y, maps}};
}}"""


def test_trained_gate_maps_give_each_of_16_units_a_row_and_each_map_a_time_axis(plot_page):
    x = np.random.default_rng(0).normal(size=(8, 3))
    tokens = [f"t{t}" for t in range(8)]
    fig = snapshot_heatmaps(GRU.random(3, 16, seed=0).run(x).cell, tokens, title="The probe sequence at step 300")
    draw(plot_page, fig, 700)
    found = plot_page.evaluate(AXES_TEXT, chart(plot_page))
    assert found["x"] == [tokens] * 3, "every map (r, z and h) labels its time steps"
    labels = found["y"]
    assert len(labels) == 3 * 16
    for a, b in zip(labels, labels[1:]):
        if a["box"]["top"] < b["box"]["top"]:  # neighbours on one map
            assert not overlap(a["box"], b["box"], slack=0.5), (a["text"], b["text"])
    pitch = np.diff(sorted({round(label["box"]["top"], 1) for label in labels[:16]}))
    assert pitch.min() >= 15, f"unit rows {pitch.min():.1f} px apart"
    plot_page.locator("#chart").screenshot(path=str(screenshot_path("trained_gates_16_units")))


TOKENS = ['<a href="https://evil.example">x</a>', "<b>", "<img src=x onerror=alert(1)>", "&amp;", "<br>"]


def test_user_tokens_show_literally_in_the_charts(plot_page):
    dialogs = []
    plot_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    x = np.random.default_rng(0).normal(size=(len(TOKENS), 2))
    run = GRU.random(2, 3, seed=0).run(x)
    for fig in (sequence_heatmaps(run.cell, TOKENS), snapshot_heatmaps(run.cell, TOKENS)):
        draw(plot_page, fig, 900)
        root = plot_page.locator("#chart")
        assert root.locator("a").count() == 0 and root.locator("img").count() == 0
        ticks = plot_page.evaluate(
            "(root) => [...root.querySelectorAll('.xaxislayer-above text')].map(t => t.textContent)", chart(plot_page)
        )
        assert TOKENS == ticks[: len(TOKENS)] or set(TOKENS) <= set(ticks)
        bold = plot_page.evaluate(
            "(root) => [...root.querySelectorAll('.xaxislayer-above tspan')].filter(s => "
            "(s.getAttribute('style') || '').includes('bold')).length",
            chart(plot_page),
        )
        assert bold == 0
    assert not dialogs


def test_a_clamp_is_marked_on_the_cell_pages_diagram(app_url, page_at):
    state = random_gru(input_size=3, hidden_size=4).with_changes(clamp=Clamp("z", 0.95, 1), step=2)
    page = page_at(1440, 900)
    page.goto(f"{app_url}/cell?s={to_url(state)}")
    diagram = page.locator(".gl-box-diagram svg")  # the live view's diagram (static/live/diagram.js)
    note = diagram.locator(".gl-diagram-clamp")
    note.wait_for(timeout=90_000)  # a loaded 2-core machine is slow to open a fresh session
    assert note.text_content().replace("\xa0", " ").strip() == "z clamped to 0.95 (unit 1)"
    dashed = diagram.locator("[stroke-dasharray]:not([stroke-dasharray='none'])")
    assert dashed.count() == 1
    screenshot(page, "cell_clamped")
