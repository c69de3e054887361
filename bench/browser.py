"""Key press (or click) to charts redrawn, in Debian's chromium against a real `streamlit run`, and
the bytes each interaction sends to the browser.

    python bench/browser.py [--repeats 15] [--examples default large]

Interactions, on the default example and at the page limits (bench/cases.py): the cell page's
step by arrow key and its convention switch (a click on the sidebar's radio label), the sequence
page's step (its own "next" button) and change of example (the sidebar's selectbox; at the limits,
uploading another state file in "Share and save"), the edit page's weight edit (double-click a
cell of the update gate's table, type, Enter: timed from Enter). The floor is bench/floor_app.py
(one control, one heatmap), on its own server, in the same browser, same run: each interaction is
judged against the floor page using the same control (CONTROLS: a key press, a button click, a
radio option, a selectbox pick, a file upload, a table edit), and its ratio to the key-press floor
is in the note.

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
    sidebar_uploader,
    type_into_cell,
    upload_file,
    upload_state,
    wait_sequence,
    wait_text,
)
from gru_viz.explore import run_state  # noqa: E402

# ---- the interactions: each is (page label, heading, make(page, tracker) -> (before, press, redrawn))
# `before(i)` runs untimed (focus, open a menu); `press(i)` is the timed press or click, and
# `redrawn(i)` returns when the charts show the new numbers (timed too). `tracker.state` is the
# state the page shows. bench/no_figures.py times the same presses with its own wait.


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
    from gru_viz import presets

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
        page.get_by_role("tab", name="Weights").first.click()
        page.get_by_role("tab", name="update gate z").first.click()
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


SCENARIOS = [  # (page label in the sidebar, its heading, interaction, make)
    ("One step of the cell", "One step of the cell", "step (arrow key)", cell_step),
    ("One step of the cell", "One step of the cell", "switch convention (radio)", cell_convention),
    ("Over the whole sequence", "Over the whole sequence", "step (next button)", sequence_step),
    ("Over the whole sequence", "Over the whole sequence", "change example", sequence_example),
    ("Inputs and weights", "Inputs and weights", "edit a weight (type, Enter)", edit_weight),
]
# The control each interaction uses, per example: it is judged against the floor page using the
# same control.
CONTROLS = {
    "step (arrow key)": {"default": "key", "large": "key"},
    "switch convention (radio)": {"default": "radio", "large": "radio"},
    "step (next button)": {"default": "click", "large": "click"},
    "change example": {"default": "select", "large": "upload"},  # at the limits: a state file
    "edit a weight (type, Enter)": {"default": "editor", "large": "editor"},
}
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


FLOORS = {  # control: what the floor page does with it (bench/floor_app.py ?control=)
    "key": "→ key, one heatmap",
    "click": "click a button, one heatmap",
    "editor": "type in a table, Enter, one heatmap",
    "select": "pick in a selectbox, one heatmap",
    "radio": "click a radio option, one heatmap",
    "upload": "upload a state file, one heatmap",
}
READY = {  # the heatmap's title when the floor page has just opened
    "key": "clicks = 0",
    "click": "clicks = 0",
    "editor": "cell = 3.0",
    "select": "choice = first",
    "radio": "choice = first",
    "upload": "file = none",
}


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
    page = browser.new_context(viewport=VIEWPORT).new_page()
    meter = Meter(page)
    page.goto(url if control in ("key", "click") else f"{url}/?control={control}")
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


def shows_diagram(page, state):
    wait_text(page, diagram_title(state.step))


def open_example(browser, url, example, shows=shows_diagram):
    """A new session (its own browser context) on the cell page, showing `example`;
    `shows(page, state)` waits until the page shows `state`."""
    page = browser.new_context(viewport=VIEWPORT).new_page()
    try:
        meter = Meter(page)
        page.goto(f"{url}/cell")
        page.get_by_role("heading", name="One step of the cell").first.wait_for(timeout=TIMEOUT)
        state = cases.default_state()
        shows(page, state)
        if example == "large":
            state = cases.large_state(0)
            upload_state(page, state, "large-0.json")
            shows(page, state)
        idle(page)
    except Exception:
        page.context.close()
        raise
    return page, meter, Tracker(state)


def timed(page, before, press, redrawn):
    """The bench's (before, act): the press, then the wait until the charts show its numbers."""

    def act(i):
        press(i)
        redrawn(i)

    return before, act


def browser_side(repeats, examples=cases.EXAMPLES, only=None, log=print, *, launcher=None, shows=shows_diagram,
                 moves=timed, skip=()):
    """{("floor", control) or (page, interaction, example): [(s, bytes, figure bytes)] or an error text}.

    For bench/no_figures.py: `launcher` starts the app's server, `shows` is open_example's wait,
    `moves(page, before, press, redrawn)` makes each (before, act), and `skip` names interactions
    left out.
    """
    from playwright.sync_api import sync_playwright

    from bench.protocol import start_server, stop_server

    scenarios = [
        row for row in SCENARIOS
        if row[2] not in skip and (not only or any(word in f"{PAGE_PATHS[row[0]]} {row[2]}" for word in only))
    ]
    results = {}
    floor_server, floor_url = start_server(str(ROOT / "bench" / "floor_app.py"))
    app_server, app_url = start_server(str(ROOT / "app.py"), **({"launcher": launcher} if launcher else {}))
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for control in floors_needed(examples, [row[2] for row in scenarios]):
                try:
                    results[("floor", control)] = floor_side(browser, floor_url, control, repeats)
                except Exception as exc:  # its rows are then judged against nothing, and say so
                    results[("floor", control)] = cases.not_measured(exc)
            for example in examples:
                page = None
                for label, heading, interaction, make in scenarios:
                    key, began = (PAGE_PATHS[label], interaction, example), time.perf_counter()
                    try:
                        if page is None:  # a new session: at the start, and after a row that failed
                            page, meter, tracker = open_example(browser, app_url, example, shows)
                        go(page, label, heading)
                        before, act = moves(page, *make(page, tracker))
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


def browser_rows(results, measure="browser: press to redrawn", judged=True):
    """Timing rows, each against the floor that uses the same control (its ratio to the key floor in
    the note), and bytes rows against issue 8's 100 KB. Each floor gets its own rows.
    judged=False: ratios without targets (bench/no_figures.py's lower bounds); no bytes rows."""
    floors = {
        key[1]: cases.summary([r[0] for r in value])[0]
        for key, value in results.items()
        if key[0] == "floor" and isinstance(value, list)
    }
    timing, traffic = [], []
    for key, value in results.items():
        page, interaction, example = ("floor", FLOORS[key[1]], "-") if key[0] == "floor" else key
        if isinstance(value, str):
            timing.append(cases.Row(measure, page, interaction, example, note=value))
            if judged:
                traffic.append(cases.Row("bytes to the browser", page, interaction, example, note=value))
            continue
        control = key[1] if page == "floor" else CONTROLS[interaction][example]
        against = floors.get("key" if page == "floor" else control)  # a floor: to the key floor
        notes = []
        if page != "floor" and not judged:  # a lower bound: the target it is a bound for
            notes.append(f"target <= {cases.TARGET_RATIO[example]}x")
        if page != "floor" and control != "key":
            notes.append(f"ratio to the {control} floor" if against else f"no {control} floor (not measured)")
            if "key" in floors:
                notes.append(f"{cases.summary([r[0] for r in value])[0] / floors['key']:.2f}x the key floor")
        timing.append(cases.timing_row(
            measure, page, interaction, example, [r[0] for r in value], against, "; ".join(notes),
            judged=judged and page != "floor",
        ))
        if not judged:
            continue
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
    print(f"{options.repeats} repeats each; ratio = median / the median of the floor with the same control, same run")
    cases.print_rows(rows)


if __name__ == "__main__":
    main()
