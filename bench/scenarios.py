"""The app interactions the browser bench times, on the default example and at the page limits:
the cell page's step (arrow key) and convention switch (a click on the sidebar's radio label), the
sequence page's step (its "next" button) and change of example (the sidebar's selectbox; at the
limits, uploading another state file), the edit page's weight edit (type into the update gate's
table, Enter), and a switch between the cell and sequence pages by the sidebar's links. Each
knows the state it leads to and waits until the charts show it. bench/browser.py times them
against bench/floors.py, and the first load of the cell page too.
"""

import re

import numpy as np

from bench import cases
from bench.page_tools import (
    SEQUENCE_SHOWS,
    TEXT_IN_CHART,
    TIMEOUT,
    centre,
    diagram_title,
    nav_link,
    not_yet,
    open_weights_table,
    sequence_probe,
    sidebar_uploader,
    type_into_cell,
    upload_file,
    wait_sequence,
    wait_text,
)
from lessons.explore import run_state

# ---- the interactions: each is (page label, heading, make(page, tracker) -> (before, press, redrawn))
# `before(i)` runs untimed (focus, open a menu); `press(i)` is the timed press or click, and
# `redrawn(i)` returns when the charts show the new numbers (timed too). `tracker.state` is the
# state the page shows.


class Tracker:
    def __init__(self, state):
        self.state = state


def cell_step(page, tracker):
    direction = [1]

    def before(i):
        state = tracker.state
        direction[0] = cases.bounce(state, direction[0])
        page.get_by_role("heading", name="One step of the cell").first.click()  # focus the page, not a control
        not_yet(page, TEXT_IN_CHART, diagram_title(state.step + direction[0]))

    def press(i):
        tracker.state = tracker.state.with_changes(step=tracker.state.step + direction[0])
        page.keyboard.press("ArrowRight" if direction[0] > 0 else "ArrowLeft")

    def redrawn(i):
        wait_text(page, diagram_title(tracker.state.step))

    return before, press, redrawn


def cell_convention(page, tracker):
    from ui.sidebar import Z_LABELS

    where = {}

    def before(i):
        where["new"] = "keeps_old" if tracker.state.z_convention == "takes_new" else "takes_new"
        where["xy"] = centre(page.locator(".st-key-z_choice").get_by_text(Z_LABELS[where["new"]], exact=True))
        not_yet(page, TEXT_IN_CHART, re.escape(Z_LABELS[where["new"]] + ":"))

    def press(i):
        tracker.state = tracker.state.with_changes(z_convention=where["new"])
        page.mouse.click(*where["xy"])

    def redrawn(i):
        wait_text(page, re.escape(Z_LABELS[where["new"]] + ":"))  # the diagram's convention line

    return before, press, redrawn


def sequence_step(page, tracker):
    direction, where = [1], {}

    def before(i):
        state = tracker.state
        direction[0] = cases.bounce(state, direction[0])
        button = ".st-key-next_page button" if direction[0] > 0 else ".st-key-previous_page button"
        where["xy"] = centre(page.locator(button).first)
        where["probe"] = sequence_probe(state.with_changes(step=state.step + direction[0]), 0)
        not_yet(page, SEQUENCE_SHOWS, where["probe"])

    def press(i):
        tracker.state = tracker.state.with_changes(step=tracker.state.step + direction[0])
        page.mouse.click(*where["xy"])

    def redrawn(i):
        wait_sequence(page, where["probe"])

    return before, press, redrawn


def sequence_example(page, tracker):
    from lessons import presets

    large = tracker.state.hidden_size == cases.large_state(0).hidden_size
    where = {}

    def target():
        if large:  # the other seed's weights (not its step: the steps of the other rows move it)
            return 1 if np.array_equal(tracker.state.W_ih, cases.large_state(0).W_ih) else 0
        return cases.DEFAULT_NAME if tracker.state.example == cases.OTHER_NAME else cases.OTHER_NAME

    def before(i):
        choice = target()
        if large:
            where["state"] = cases.large_state(choice).with_changes(z_convention=tracker.state.z_convention)
            where["file"] = cases.state_file(where["state"], f"large-{choice}.json")
        else:
            where["state"] = presets.EXAMPLES[choice]().with_changes(z_convention=tracker.state.z_convention)
            page.locator(".st-key-example_choice").click()  # opens the list; choosing is the timed part
            where["xy"] = centre(page.get_by_role("option", name=choice, exact=True))
        where["probe"] = sequence_probe(where["state"], 0)
        not_yet(page, SEQUENCE_SHOWS, where["probe"])

    def press(i):
        tracker.state = where["state"]
        if large:  # at the limits the example comes as a state file: the upload is part of the time
            upload_file(sidebar_uploader(page), where["file"])
        else:
            page.mouse.click(*where["xy"])

    def redrawn(i):
        wait_sequence(page, where["probe"])

    return before, press, redrawn


def edit_weight(page, tracker):
    """Type a new number into unit 1's input weight x[0] of the update gate (new each time, exact)."""
    where = {}

    def before(i):
        state, value = tracker.state, 1 + (i + 1) / 8
        H = state.hidden_size
        sign = -1.0 if state.z_convention == "keeps_old" else 1.0  # the table shows z's weights as shown
        W_ih = np.array(state.W_ih)
        W_ih[H + 1, 0] = sign * value
        where["state"] = state.with_changes(W_ih=W_ih, example="")
        # The new weight multiplies x[0]: look where that moves unit 1's z most (not the outlined
        # step, where x[0] may be 0 and nothing visible changes).
        moved = np.abs(run_state(where["state"]).cells[0][0].z[:, 1] - run_state(state).cells[0][0].z[:, 1])
        where["probe"] = sequence_probe(where["state"], 1, at=int(np.argmax(moved)))
        not_yet(page, SEQUENCE_SHOWS, where["probe"])
        open_weights_table(page)
        type_into_cell(
            page,
            page.locator('[data-testid="stDataFrame"]').filter(visible=True).first,  # the z table
            1,
            f"{value:g}",
        )

    def press(i):
        tracker.state = where["state"]
        page.keyboard.press("Enter")

    def redrawn(i):
        wait_sequence(page, where["probe"])

    return before, press, redrawn


def switch_page(page, tracker):
    """From the cell page to the sequence page by the sidebar's link, and back: the state stays."""
    where = {"on": "cell"}

    def before(i):
        state = tracker.state
        where["to"] = "sequence" if where["on"] == "cell" else "cell"
        where["xy"] = centre(nav_link(page, LABELS[where["to"]]))
        if where["to"] == "cell":
            where["shows"] = (TEXT_IN_CHART, diagram_title(state.step))
        else:
            where["shows"] = (SEQUENCE_SHOWS, sequence_probe(state, 0))
        not_yet(page, *where["shows"])

    def press(i):
        where["on"] = where["to"]
        page.mouse.click(*where["xy"])

    def redrawn(i):
        js, arg = where["shows"]
        page.wait_for_function(js, arg=arg, timeout=TIMEOUT)

    return before, press, redrawn


FIRST_LOAD = "first load (new tab)"  # bench/browser.py: a new visitor opens /cell
SCENARIOS = [  # (page label in the sidebar, its heading, interaction, make)
    ("One step of the cell", "One step of the cell", "step (arrow key)", cell_step),
    ("One step of the cell", "One step of the cell", "switch convention (radio)", cell_convention),
    ("Over the whole sequence", "Over the whole sequence", "step (next button)", sequence_step),
    ("Over the whole sequence", "Over the whole sequence", "change example", sequence_example),
    ("Inputs and weights", "Inputs and weights", "edit a weight (type, Enter)", edit_weight),
    ("One step of the cell", "One step of the cell", "switch page (sidebar link)", switch_page),
]
# The control each interaction uses, per example: it is judged against the floor page using the
# same control.
CONTROLS = {
    "step (arrow key)": {"default": "key", "large": "key"},
    "switch convention (radio)": {"default": "radio", "large": "radio"},
    "step (next button)": {"default": "click", "large": "click"},
    "change example": {"default": "select", "large": "upload"},  # at the limits: a state file
    "edit a weight (type, Enter)": {"default": "editor", "large": "editor"},
    "switch page (sidebar link)": {"default": "page", "large": "page"},
    FIRST_LOAD: {"default": "load", "large": "load"},  # measured on the default example only (a link)
}
PAGE_PATHS = {"One step of the cell": "cell", "Over the whole sequence": "sequence", "Inputs and weights": "edit"}
LABELS = {path: label for label, path in PAGE_PATHS.items()}
