"""bench/live.py's floors (bench/floor_app.py), timed the same way as the app."""

import re

from bench import figure_floor
from bench.live_page import HARNESS, settle, timed
from bench.live_parts import first_loads
from bench.page_tools import TIMEOUT, VIEWPORT, centre, nav_link, type_into_cell


def chart_title(text):
    return re.escape(text) + r"(?!\d)"


def floor_times(browser, url, control, repeats):
    """[s] of `repeats` uses (after a warm-up) of the floor page's `control`, each to the heatmap's
    title showing what the control now holds."""
    if control == "load":
        return first_loads(browser, url, "chart", chart_title("clicks = 0"), repeats)
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(HARNESS)
    page, out = context.new_page(), []
    try:
        page.goto(url if control in ("key", "page") else f"{url}/?control={control}")
        ready = {"key": "clicks = 0", "page": "clicks = 0", "slider": "value = 50", "editor": "cell = 3.0"}[control]
        page.wait_for_function("(p) => __bench.CHECKS.chart(p)", arg=chart_title(ready), timeout=TIMEOUT)
        for i in range(repeats + 1):
            settle(page)
            if control == "key":  # Streamlit's shortcut listens on the document: no focus needed
                shown = timed(page, lambda: page.keyboard.press("ArrowRight"), "chart",
                              chart_title(f"clicks = {i + 1}"), "keydown")
            elif control == "page":  # to the other page and back
                there = i % 2 == 0
                xy = centre(nav_link(page, "other" if there else "floor"))
                shown = timed(page, lambda: page.mouse.click(*xy), "chart",
                              chart_title("page = other" if there else "clicks = 0"), "click")
            elif control == "slider":
                shown = floor_slider(page, i)
            else:
                value = f"{1 + (i + 1) / 8:g}"
                type_into_cell(page, page.locator('[data-testid="stDataFrame"]').first, 1, value)
                shown = timed(page, lambda: page.keyboard.press("Enter"), "chart", chart_title(f"cell = {value}"),
                              "keydown")
            if i:
                out.append(shown["ms"] / 1e3)
    finally:
        context.close()
    return out


def figures_alone(browser, url, counts, laps, in_turn=False):
    """{path: [s]}: switching to each of the floor app's pages of a lesson's figures alone or its first
    screen alone (bench/figure_floor.py)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(HARNESS)
    try:
        page = context.new_page()
        page.goto(url)
        return figure_floor.switches(page, counts, laps, in_turn)
    finally:
        context.close()


def floor_slider(page, i):
    """Drag the floor's slider thumb to a new value (untimed), then time letting it go."""
    value = page.locator('[data-testid="stSlider"] input[type=range]')
    x, y = centre(value.locator("xpath=../.."))  # the thumb around Streamlit's hidden input
    page.mouse.move(x, y)
    page.mouse.down()
    for k in range(1, 9):
        page.mouse.move(x + (5 if i % 2 == 0 else -5) * k, y)
        page.wait_for_timeout(20)
    return timed(page, page.mouse.up, "chart", chart_title(f"value = {value.input_value()}"), "pointerup")
