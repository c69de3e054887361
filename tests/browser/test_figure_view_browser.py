"""The lesson pages' figures as chromium draws them (ui/figure_view.py, static/figure/): plotly.js
from the app's own static files, every label inside its figure (the theme leaves out Plotly's
automargin, static/figure/theme.js), Streamlit's look, the same element updated by a rerun, and a
redraw when the theme turns dark."""

import plotly
import pytest

from tests.browser.driving import FOLD_WAITING, open_page, settle, show_rest, wait_drawn
from tests.browser.offline import block_other_hosts, forget

FIGURE = ".gv-figure"
PAGES = {  # url path: (heading, figures drawn)
    "conventions": ("The convention trap", 2),
    "memory": ("Memory and reset", 2),
    "gradients": ("Why gates help gradients", 2),
    "gru_vs_lstm": ("GRU versus LSTM", 4),
    "stacked": ("Stacked and bidirectional", 2),
    "compare": ("GRU, LSTM and RNN side by side", 2),
}
# Every text plotly.js drew (titles, ticks, axis and colour bar titles, legends, annotations) whose
# box leaves its figure's element by more than a pixel: a label cut off at the figure's edge.
LABELS_OUTSIDE = """(box) => {
  const edge = box.getBoundingClientRect();
  const labels = [...box.querySelectorAll('text')].filter((text) => text.textContent.trim());
  return labels.flatMap((text) => {
    const r = text.getBoundingClientRect();
    const out = r.left < edge.left - 1 || r.right > edge.right + 1 || r.top < edge.top - 1
      || r.bottom > edge.bottom + 1;
    return out ? [text.textContent.trim()] : [];
  });
}"""
PAPER = "(box) => getComputedStyle(box.querySelector('.main-svg')).backgroundColor"  # plotly.js paints paper here


@pytest.fixture(scope="module")
def tour(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    block_other_hosts(context)
    yield context.new_page()
    context.close()
    assert not forget(context), "a figure asked another host for something"


@pytest.mark.parametrize("path", list(PAGES))
def test_every_figure_is_drawn_by_the_apps_own_plotly_js_with_every_label_inside(tour, app_url, path):
    heading, count = PAGES[path]
    open_page(tour, f"{app_url}/{path}", heading)
    if path == "gru_vs_lstm":  # its heatmap stacks are a screen below: not sent until scrolled near
        tour.locator(FIGURE).nth(1).wait_for(timeout=30_000)  # its two cell diagrams, above the fold
        assert tour.locator(FOLD_WAITING).count() == 1 and tour.locator(FIGURE).count() == 2
    show_rest(tour)
    tour.locator(FIGURE).nth(count - 1).wait_for(timeout=30_000)
    figures = tour.locator(FIGURE)
    assert figures.count() == count
    scripts = tour.evaluate("[...document.scripts].map((s) => s.src).filter((src) => /plotly/.test(src))")
    assert scripts == [f"{app_url}/app/static/vendor/plotly-{plotly.__version__}.min.js"], scripts
    for k in range(count):
        box = figures.nth(k)
        box.scroll_into_view_if_needed()  # one far below the screen is drawn once the learner comes near
        box.locator(".main-svg").first.wait_for(timeout=10_000)
        assert box.evaluate("(box) => box.classList.contains('js-plotly-plot') && !box.dataset.pending")
        assert box.get_attribute("role") == "figure" and len(box.get_attribute("aria-label") or "") > 20
        assert box.evaluate(LABELS_OUTSIDE) == [], f"{path}, figure {k}: labels cut off"
        family = box.evaluate("(box) => getComputedStyle(box.querySelector('text')).fontFamily")
        assert "Source Sans" in family, family  # Streamlit's font, as st.plotly_chart draws
        if box.evaluate("(box) => !!box.querySelector('.gtitle')"):  # a title is bold and on the left, as there
            assert "bold" in box.evaluate("(box) => box.querySelector('.gtitle').innerHTML"), f"{path}, figure {k}"
            title = box.locator(".gtitle").bounding_box()
            assert title["x"] - box.bounding_box()["x"] < 40


def test_a_rerun_updates_the_same_figure_and_a_dark_theme_redraws_it(page_at, app_url):
    page = page_at(1440, 900)
    open_page(page, f"{app_url}/memory", "Memory and reset")
    survival = page.locator(f".st-key-survival {FIGURE}")
    survival.wait_for(timeout=30_000)
    wait_drawn(page)
    survival.evaluate("(box) => { box.dataset.mark = 'kept'; }")
    before = survival.evaluate("(box) => box.querySelector('.shapelayer path')?.getAttribute('d')")  # the s line
    page.locator(".st-key-next_bar").get_by_role("button", name="next").click()  # step s -> s + 1
    page.wait_for_function(
        "([sel, old]) => { const box = document.querySelector(sel);"
        " return box && box.querySelector('.shapelayer path')?.getAttribute('d') !== old; }",
        arg=[f".st-key-survival {FIGURE}", before], timeout=20_000)
    settle(page)
    assert survival.evaluate("(box) => box.dataset.mark") == "kept", "the rerun built a new figure element"

    light = survival.evaluate(PAPER)
    page.emulate_media(color_scheme="dark")  # Streamlit follows the system's theme by default
    page.wait_for_function(f"(sel) => ({PAPER})(document.querySelector(sel)) !== {light!r}",
                           arg=f".st-key-survival {FIGURE}", timeout=10_000)
    dark = survival.evaluate(PAPER)
    shade = [int(part) for part in dark[dark.index("(") + 1 : dark.index(")")].split(",")[:3]]
    assert max(shade) < 80, dark  # a dark paper, not the light one
    ink = survival.evaluate("(box) => getComputedStyle(box.querySelector('.xtick text')).fill")
    assert min(int(part) for part in ink[ink.index("(") + 1 : ink.index(")")].split(",")[:3]) > 120, ink


def test_figures_far_below_wait_for_the_learner_and_a_printed_page_draws_them(page_at, app_url):
    page = page_at(1280, 720)
    open_page(page, f"{app_url}/gru_vs_lstm", "GRU versus LSTM")
    # Bring the page's fold near (ui/below_fold.py): its rest begins with the parameter counts, and
    # the two heatmap stacks come a screen further down.
    show_rest(page)
    page.locator(FIGURE).nth(3).wait_for(timeout=30_000)
    pending = page.locator(f"{FIGURE}[data-pending=offscreen]")
    assert pending.count() == 2 and page.locator(f"{FIGURE} .main-svg").count() >= 2  # the diagrams are drawn
    assert all(pending.nth(k).bounding_box()["height"] > 500 for k in range(2))  # they keep their room
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # as printing the page does
    page.wait_for_function(f"() => !document.querySelector('{FIGURE}[data-pending]')", timeout=10_000)
    assert page.evaluate(f"[...document.querySelectorAll('{FIGURE}')].every((box) => box.querySelector('.main-svg'))")
