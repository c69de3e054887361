"""Key press (or click) to charts redrawn, in Debian's chromium against a real `streamlit run`, and
the bytes each interaction sends to the browser.

    python bench/browser.py [--repeats 15] [--examples default large]

Interactions, on the default example and at the page limits (bench/cases.py): the cell page's
step by arrow key and its convention switch (a click on the sidebar's radio label), the sequence
page's step (its own "next" button) and change of example (the sidebar's selectbox; at the limits,
uploading another state file in "Share and save"), the edit page's weight edit (double-click a
cell of the update gate's table, type, Enter: timed from Enter). The floor is bench/floor_app.py
(one button with the → shortcut, one heatmap), on its own server, in the same browser, same run.

"Redrawn" means the new numbers are on the page: the bench knows the state each interaction leads
to, computes what the charts must then show, and polls (every animation frame) until a chart does:
the cell diagram's title ("One GRU step at t = 5") or its convention line, or, in the sequence
heatmaps, the outlined step (the CSS outline's --step over the chart, ui/outline.py; a step does
not redraw the chart itself) and unit u's z value at that step (Plotly's own data on the chart
element, `gd.data`, which Plotly.react sets as it draws). A rerun that changes nothing visible would
time out here rather than pass.

Bytes: every websocket frame the page receives between one interaction and the next (after the
page went idle), summed; the figure JSON is the sum of the Plotly specs in those frames (a figure
the browser already holds comes back as a short reference, so it counts nothing).
"""

import argparse
import os
import pathlib
import re
import sys
import time
import traceback

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cases  # noqa: E402
from bench.page_tools import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SEQUENCE_SHOWS,
    TEXT_IN_CHART,
    TIMEOUT,
    VIEWPORT,
    Meter,
    centre,
    diagram_title,
    go,
    idle,
    not_yet,
    sequence_probe,
    type_into_cell,
    upload_state,
    wait_sequence,
    wait_text,
)
from gru_viz.explore import run_state  # noqa: E402

# ---- the interactions: each is (page label, heading, make(page, tracker) -> (before, act)) -------
# `before(i)` runs untimed (focus, open a menu); `act(i)` is the timed press or click and returns
# when the charts show the new numbers. `tracker.state` is the state the page shows.


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

    def act(i):
        tracker.state = tracker.state.with_changes(step=tracker.state.step + direction[0])
        page.keyboard.press("ArrowRight" if direction[0] > 0 else "ArrowLeft")
        wait_text(page, diagram_title(tracker.state.step))

    return before, act


def cell_convention(page, tracker):
    from ui.sidebar import Z_LABELS

    where = {}

    def before(i):
        where["new"] = "keeps_old" if tracker.state.z_convention == "takes_new" else "takes_new"
        where["xy"] = centre(page.locator(".st-key-z_choice").get_by_text(Z_LABELS[where["new"]], exact=True))
        not_yet(page, TEXT_IN_CHART, re.escape(Z_LABELS[where["new"]] + ":"))

    def act(i):
        tracker.state = tracker.state.with_changes(z_convention=where["new"])
        page.mouse.click(*where["xy"])
        wait_text(page, re.escape(Z_LABELS[where["new"]] + ":"))  # the diagram's convention line

    return before, act


def sequence_step(page, tracker):
    direction, where = [1], {}

    def before(i):
        state = tracker.state
        direction[0] = cases.bounce(state, direction[0])
        button = ".st-key-next_page button" if direction[0] > 0 else ".st-key-previous_page button"
        where["xy"] = centre(page.locator(button).first)
        where["probe"] = sequence_probe(state.with_changes(step=state.step + direction[0]), 0)
        not_yet(page, SEQUENCE_SHOWS, where["probe"])

    def act(i):
        tracker.state = tracker.state.with_changes(step=tracker.state.step + direction[0])
        page.mouse.click(*where["xy"])
        wait_sequence(page, where["probe"])

    return before, act


def sequence_example(page, tracker):
    from gru_viz import presets

    large = tracker.state.hidden_size == cases.large_state(0).hidden_size
    where = {}

    def target():
        if large:
            return 1 if tracker.state.step == cases.large_state(0).step else 0
        return cases.DEFAULT_NAME if tracker.state.example == cases.OTHER_NAME else cases.OTHER_NAME

    def before(i):
        choice = target()
        if large:
            where["state"] = cases.large_state(choice).with_changes(z_convention=tracker.state.z_convention)
        else:
            where["state"] = presets.EXAMPLES[choice]().with_changes(z_convention=tracker.state.z_convention)
            page.locator(".st-key-example_choice").click()  # opens the list; choosing is the timed part
            where["xy"] = centre(page.get_by_role("option", name=choice, exact=True))
        where["probe"], where["choice"] = sequence_probe(where["state"], 0), choice
        not_yet(page, SEQUENCE_SHOWS, where["probe"])

    def act(i):
        tracker.state = where["state"]
        if large:  # at the limits the example comes as a state file: the upload is part of the time
            upload_state(page, where["state"], f"large-{where['choice']}.json")
        else:
            page.mouse.click(*where["xy"])
        wait_sequence(page, where["probe"])

    return before, act


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
        page.get_by_role("tab", name="Weights").first.click()
        page.get_by_role("tab", name="update gate z").first.click()
        type_into_cell(
            page,
            page.locator('[data-testid="stDataFrame"]').filter(visible=True).first,  # the z table
            1,
            f"{value:g}",
        )

    def act(i):
        tracker.state = where["state"]
        page.keyboard.press("Enter")
        wait_sequence(page, where["probe"])

    return before, act


SCENARIOS = [  # (page label in the sidebar, its heading, interaction, make)
    ("One step of the cell", "One step of the cell", "step (arrow key)", cell_step),
    ("One step of the cell", "One step of the cell", "switch convention (radio)", cell_convention),
    ("Over the whole sequence", "Over the whole sequence", "step (next button)", sequence_step),
    ("Over the whole sequence", "Over the whole sequence", "change example", sequence_example),
    ("Inputs and weights", "Inputs and weights", "edit a weight (type, Enter)", edit_weight),
]
PAGE_PATHS = {"One step of the cell": "cell", "Over the whole sequence": "sequence", "Inputs and weights": "edit"}


def run_scenario(page, meter, before, act, repeats):
    """[(seconds, bytes, figure bytes)] of `repeats` timed interactions (after one to warm up)."""
    out, mark, elapsed = [], None, None
    for i in range(repeats + 1):
        idle(page)
        if mark is not None:
            out.append((elapsed, *meter.since(mark)))
        if before:
            before(i)
        mark = meter.mark()
        t0 = time.perf_counter()
        act(i)
        elapsed = time.perf_counter() - t0
    idle(page)
    out.append((elapsed, *meter.since(mark)))
    return out[1:]


def on_floor(browser, address, ready, make, repeats):
    """Time `make(page)`'s (before, act) on the floor page at `address`, once it shows `ready`."""
    page = browser.new_context(viewport=VIEWPORT).new_page()
    meter = Meter(page)
    page.goto(address)
    wait_text(page, ready)
    try:
        return run_scenario(page, meter, *make(page), repeats)
    finally:
        page.context.close()


def floor_side(browser, url, repeats):
    """The floor page's → key: one more click, until the heatmap's title counts it."""

    def make(page):
        def act(i):
            page.keyboard.press("ArrowRight")
            wait_text(page, f"clicks = {i + 1}(?!\\d)")

        return None, act

    return on_floor(browser, url, "clicks = 0", make, repeats)


def floor_editor_side(browser, url, repeats):
    """The floor page's data editor: type a number, Enter, until the heatmap's title shows it."""

    def make(page):
        editor = page.locator('[data-testid="stDataFrame"]').first

        def before(i):
            type_into_cell(page, editor, 1, f"{1 + (i + 1) / 8:g}")

        def act(i):
            page.keyboard.press("Enter")
            wait_text(page, re.escape(f"cell = {1 + (i + 1) / 8:g}") + "(?!\\d)")

        return before, act

    return on_floor(browser, f"{url}/?editor=1", "cell = 3.0", make, repeats)


def open_example(browser, url, example):
    """A new session (its own browser context) on the cell page, showing `example`."""
    page = browser.new_context(viewport=VIEWPORT).new_page()
    meter = Meter(page)
    page.goto(f"{url}/cell")
    page.get_by_role("heading", name="One step of the cell").first.wait_for(timeout=TIMEOUT)
    state = cases.default_state()
    wait_text(page, diagram_title(state.step))
    if example == "large":
        state = cases.large_state(0)
        upload_state(page, state, "large-0.json")
        wait_text(page, diagram_title(state.step))
    idle(page)
    return page, meter, Tracker(state)


def browser_side(repeats, examples=cases.EXAMPLES, only=None, log=print):
    """{"floor": [(s, bytes, figure bytes)], (page, interaction, example): [...] or an error text}."""
    from playwright.sync_api import sync_playwright

    from bench.protocol import start_server, stop_server

    results = {}
    floor_server, floor_url = start_server(str(ROOT / "bench" / "floor_app.py"))
    app_server, app_url = start_server(str(ROOT / "app.py"))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results["floor"] = floor_side(browser, floor_url, repeats)
            try:
                results["floor editor"] = floor_editor_side(browser, floor_url, repeats)
            except Exception as exc:
                results["floor editor"] = cases.not_measured(exc)
            for example in examples:
                page = None
                for label, heading, interaction, make in SCENARIOS:
                    if only and not any(word in f"{PAGE_PATHS[label]} {interaction}" for word in only):
                        continue
                    key, began = (PAGE_PATHS[label], interaction, example), time.perf_counter()
                    try:
                        if page is None:  # a new session: at the start, and after a row that failed
                            page, meter, tracker = open_example(browser, app_url, example)
                        go(page, label, heading)
                        before, act = make(page, tracker)
                        results[key] = run_scenario(page, meter, before, act, repeats)
                    except Exception as exc:  # say so in the row and go on
                        results[key] = cases.not_measured(exc)
                        if os.environ.get("BENCH_DEBUG"):
                            traceback.print_exc()
                            if page is not None:
                                page.screenshot(path=f"/tmp/bench-{key[0]}-{example}.png")
                        if page is not None:
                            page.context.close()
                        page = None
                    log(f"  browser {key[0]:9s} {interaction:30s} {example:8s} {time.perf_counter() - began:5.1f} s")
                if page is not None:
                    page.context.close()
            browser.close()
    finally:
        stop_server(floor_server)
        stop_server(app_server)
    return results


FLOORS = {"floor": ("floor", "→ key, one heatmap"), "floor editor": ("floor", "type in a table, Enter, one heatmap")}


def browser_rows(results):
    """Timing rows (against the key-press floor) and bytes rows (against issue 8's 100 KB). The
    data-editor floor gets its own row, and the weight edits a note with their ratio to it."""
    floor = cases.summary([r[0] for r in results["floor"]])[0]
    editor = results.get("floor editor")
    editor_ms = cases.summary([r[0] for r in editor])[0] if isinstance(editor, list) else None
    timing, traffic = [], []
    for key, value in results.items():
        page, interaction, example = (*FLOORS[key], "-") if key in FLOORS else key
        if isinstance(value, str):
            timing.append(cases.Row("browser: press to redrawn", page, interaction, example, note=value))
            traffic.append(cases.Row("bytes to the browser", page, interaction, example, note=value))
            continue
        note, against = "", floor
        if editor_ms and interaction.startswith("edit"):
            # Typing into a data editor costs about 2x a key press before the app does anything: an
            # edit is judged against the same edit on the minimal page (the data-editor floor).
            key_ratio = cases.summary([r[0] for r in value])[0] / floor
            note = f"ratio to the data-editor floor; {key_ratio:.2f}x the key floor"
            against = editor_ms
        timing.append(cases.timing_row(
            "browser: press to redrawn", page, interaction, example, [r[0] for r in value], against, note
        ))
        kb = [r[1] / 1024 for r in value]
        median, p95 = cases.quantiles(kb)
        figures = cases.quantiles([r[2] / 1024 for r in value])[0]
        limit = cases.TARGET_KB.get(example)
        traffic.append(
            cases.Row(
                "bytes to the browser",
                page,
                interaction,
                example,
                median,
                p95,
                "KB",
                None,
                f"<= {limit:g} KB" if limit else "-",
                None if limit is None else p95 <= limit,
                f"figure JSON {figures:.1f} KB (median)",
                len(kb),
            )
        )
    return timing + traffic


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--examples", nargs="+", default=list(cases.EXAMPLES), choices=cases.EXAMPLES)
    parser.add_argument("--only", nargs="+", help="only interactions whose 'page interaction' has one of these words")
    options = parser.parse_args()
    rows = browser_rows(browser_side(options.repeats, options.examples, options.only))
    print(f"{options.repeats} repeats each; ratio = median / the floor's median in the same run")
    cases.print_rows(rows)


if __name__ == "__main__":
    main()
