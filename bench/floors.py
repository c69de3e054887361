"""The floor page's side of the browser bench: bench/floor_app.py with each control, timed the same
way as the app's interactions (bench/scenarios.py's CONTROLS says which floor judges which)."""

import re

from bench import cases
from bench.page_tools import (
    VIEWPORT,
    Meter,
    centre,
    first_loads,
    nav_link,
    run_scenario,
    type_into_cell,
    upload_file,
    wait_text,
)
from bench.scenarios import CONTROLS

OTHER_TITLE = "page = other"  # bench/floor_app.py's second page (not imported: it runs streamlit)

FLOORS = {  # control: what the floor page does with it (bench/floor_app.py ?control=)
    "key": "→ key, one heatmap",
    "click": "click a button, one heatmap",
    "editor": "type in a table, Enter, one heatmap",
    "select": "pick in a selectbox, one heatmap",
    "radio": "click a radio option, one heatmap",
    "upload": "upload a state file, one heatmap",
    "page": "switch page by the sidebar's link, one heatmap",
    "load": "open the page in a new tab, one heatmap",
}
READY = {  # the heatmap's title when the floor page has just opened
    "key": "clicks = 0",
    "click": "clicks = 0",
    "editor": "cell = 3.0",
    "select": "choice = first",
    "radio": "choice = first",
    "upload": "file = none",
    "page": "clicks = 0",
    "load": "clicks = 0",
}
PLAIN = ("key", "click", "page", "load")  # controls of the floor page as it opens, without ?control=


def floor_moves(page, control):
    """(before(i), act(i)) of the floor page with `control`; act returns once the heatmap's title
    shows what the control now holds."""
    target = {}

    def before(i):
        if control == "editor":
            target["title"] = re.escape(f"cell = {1 + (i + 1) / 8:g}") + "(?!\\d)"
            type_into_cell(page, page.locator('[data-testid="stDataFrame"]').first, 1, f"{1 + (i + 1) / 8:g}")
        elif control in ("select", "radio"):
            choice = ("second", "first")[i % 2]
            target["title"] = f"choice = {choice}"
            if control == "select":
                page.locator(".st-key-floor_select").click()  # opens the list; choosing is the timed part
                target["xy"] = centre(page.get_by_role("option", name=choice, exact=True))
            else:
                target["xy"] = centre(page.locator(".st-key-floor_radio").get_by_text(choice, exact=True))
        elif control == "upload":  # the same files the app's large "change example" uploads
            target["file"] = cases.state_file(cases.large_state(i % 2), f"large-{i}.json")
            target["title"] = re.escape(f"file = large-{i}.json")
        elif control == "page":  # to the other page and back
            there = i % 2 == 0
            target["title"] = re.escape(OTHER_TITLE) if there else READY["page"]
            target["xy"] = centre(nav_link(page, "other" if there else "floor"))
        else:
            target["title"] = f"clicks = {i + 1}(?!\\d)"
            if control == "click":
                target["xy"] = centre(page.locator(".st-key-next_floor button"))

    def act(i):
        if control == "editor":
            page.keyboard.press("Enter")
        elif control == "upload":
            upload_file(page.locator('[data-testid="stFileUploaderDropzoneInput"]').first, target["file"])
        elif control == "key":
            page.keyboard.press("ArrowRight")
        else:
            page.mouse.click(*target["xy"])
        wait_text(page, target["title"])

    return before, act


def floor_side(browser, url, control, repeats):
    """[(s, bytes, figure bytes)] of `repeats` uses of `control` on the floor page."""
    if control == "load":
        return first_loads(browser, url, lambda page: wait_text(page, READY["load"]), repeats)
    page = browser.new_context(viewport=VIEWPORT).new_page()
    meter = Meter(page)
    page.goto(url if control in PLAIN else f"{url}/?control={control}")
    before, act = floor_moves(page, control)
    try:
        wait_text(page, READY[control])
        return run_scenario(page, meter, before, act, repeats)
    finally:
        page.context.close()


def floors_needed(examples, interactions):
    """The floor controls that the given interactions use on the given examples (the key floor always:
    every row's note gives its ratio to it)."""
    return ["key"] + sorted({CONTROLS[interaction][example] for interaction in interactions for example in examples}
                            - {"key"})
