"""Key press (or click) to charts redrawn, in Debian's chromium against a real `streamlit run`, and
the bytes each interaction sends to the browser.

    python bench/browser.py [--repeats 15] [--examples default large] [--only cell edit ...]

Interactions, on the default example and at the page limits (bench/cases.py): the cell page's
step by arrow key and its convention switch (a click on the sidebar's radio label), the sequence
page's step (its own "next" button) and change of example (the sidebar's selectbox; at the limits,
uploading another state file in "Share and save"), the edit page's weight edit (double-click a
cell of the update gate's table, type, Enter: timed from Enter), a switch between the cell and
sequence pages by the sidebar's links (bench/scenarios.py holds these), and, on the default
example, a first load of the cell page in a new tab.

The floor is bench/floor_app.py (one control, one heatmap; bench/floors.py), on its own server, in
the same browser, same run: each interaction is judged against the floor page using the same
control (CONTROLS: a key press, a button click, a radio option, a selectbox pick, a file upload, a
table edit, a sidebar link, a first load), and its ratio to the key-press floor is in the note.

"Redrawn" means the new numbers are on the page: the bench knows the state each interaction leads
to, computes what the charts must then show, and polls (every animation frame) until a chart does:
the cell diagram's title ("One GRU step at t = 5") or its convention line, or, in the sequence
heatmaps, the outlined step (the CSS outline's --step over the chart, ui/outline.py; a step does
not redraw the chart itself) and unit u's z value at that step (Plotly's own data on the chart
element, `gd._fullData`). A rerun that changes nothing visible would time out here rather than
pass.

Bytes: every websocket frame the page receives between one interaction and the next (after the
page went idle), summed; the figure JSON is the sum of the Plotly specs in those frames (every
message is sent whole: .streamlit/config.toml, [global]). A first load counts its session's frames.
BENCH_DEBUG=1 prints the traceback of a row that could not be measured, and saves a screenshot.
"""

import argparse
import os
import pathlib
import sys
import time
import traceback

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cases
from bench.floors import FLOORS, floor_side, floors_needed
from bench.page_tools import (
    TIMEOUT,
    VIEWPORT,
    Meter,
    diagram_title,
    first_loads,
    go,
    idle,
    run_scenario,
    upload_state,
    wait_text,
)
from bench.scenarios import CONTROLS, FIRST_LOAD, PAGE_PATHS, SCENARIOS, Tracker
from tests.servers import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server


def open_example(browser, url, example):
    """A new session (its own browser context) on the cell page, showing `example`."""
    page = browser.new_context(viewport=VIEWPORT).new_page()
    try:
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
    except Exception:
        page.context.close()
        raise
    return page, meter, Tracker(state)


def timed(before, press, redrawn):
    """The bench's (before, act): the press, then the wait until the charts show its numbers."""

    def act(i):
        press(i)
        redrawn(i)

    return before, act


def failed(key, exc, page):
    """A row's note for an interaction that could not be measured (BENCH_DEBUG=1: its traceback,
    and a screenshot in /tmp)."""
    if os.environ.get("BENCH_DEBUG"):
        traceback.print_exc()
        if page is not None:
            page.screenshot(path=f"/tmp/bench-{key[0]}-{key[2]}.png")
    return cases.not_measured(exc)


def browser_side(repeats, examples=cases.EXAMPLES, only=None, log=print):
    """{("floor", control) or (page, interaction, example): [(s, bytes, figure bytes)] or an error text}."""
    from playwright.sync_api import sync_playwright

    scenarios = [row for row in SCENARIOS if not only or any(word in f"{PAGE_PATHS[row[0]]} {row[2]}" for word in only)]
    interactions = [row[2] for row in scenarios]
    loads = "default" in examples and (not only or any(word in f"cell {FIRST_LOAD}" for word in only))
    if loads:
        interactions.append(FIRST_LOAD)
    results = {}
    floor_server, floor_url = start_server(ROOT / "bench" / "floor_app.py")
    app_server, app_url = start_server(ROOT / "app.py")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for control in floors_needed(examples, interactions):
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
                            page, meter, tracker = open_example(browser, app_url, example)
                        go(page, label, heading)
                        before, act = timed(*make(page, tracker))
                        results[key] = run_scenario(page, meter, before, act, repeats)
                    except Exception as exc:  # say so in the row and go on
                        results[key] = failed(key, exc, page)
                        if page is not None:
                            page.context.close()
                        page = None
                    log(f"  browser {key[0]:9s} {interaction:30s} {example:8s} {time.perf_counter() - began:5.1f} s")
                if page is not None:
                    page.context.close()
            if loads:  # a new visitor on the shared default example (a state at the limits fits no link)
                key, state = ("cell", FIRST_LOAD, "default"), cases.default_state()
                try:
                    results[key] = first_loads(browser, f"{app_url}/cell",
                                               lambda page: wait_text(page, diagram_title(state.step)), repeats)
                except Exception as exc:
                    results[key] = failed(key, exc, None)
            browser.close()
    finally:
        stop_server(floor_server)
        stop_server(app_server)
    return results


def browser_rows(results, measure="browser: press to redrawn"):
    """Timing rows, each against the floor that uses the same control (its ratio to the key floor in
    the note), and bytes rows against the 100 KB per interaction (a first load: no target). Each
    floor gets its own rows, its ratio to the key floor."""
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
            traffic.append(cases.Row("bytes to the browser", page, interaction, example, note=value))
            continue
        seconds = [r[0] for r in value]
        control = key[1] if page == "floor" else CONTROLS[interaction][example]
        against = floors.get("key" if page == "floor" else control)  # a floor: to the key floor
        notes = []
        if page != "floor" and control != "key":
            notes.append(f"ratio to the {control} floor" if against else f"no {control} floor (not measured)")
            if "key" in floors:
                notes.append(f"{cases.summary(seconds)[0] / floors['key']:.2f}x the key floor")
        timing.append(cases.timing_row(measure, page, interaction, example, seconds, against, "; ".join(notes),
                                       judged=page != "floor"))
        kb = [r[1] / 1024 for r in value]
        median, p95 = cases.quantiles(kb)
        figures = cases.quantiles([r[2] / 1024 for r in value])[0]
        limit = None if interaction == FIRST_LOAD or page == "floor" else cases.TARGET_KB.get(example)
        traffic.append(cases.Row("bytes to the browser", page, interaction, example, median, p95, "KB", None,
                                 f"<= {limit:g} KB" if limit else "-", None if limit is None else p95 <= limit,
                                 f"figure JSON {figures:.1f} KB (median)", len(kb)))
    return timing + traffic


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed uses per row, after one warm-up (default 15)")
    parser.add_argument("--examples", nargs="+", default=list(cases.EXAMPLES), choices=cases.EXAMPLES)
    parser.add_argument("--only", nargs="+", help="only interactions whose 'page interaction' has one of these words")
    options = parser.parse_args()
    rows = browser_rows(browser_side(options.repeats, options.examples, options.only))
    print(f"{options.repeats} repeats each; ratio = median / the median of the floor with the same control, same run; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    cases.print_rows(rows)


if __name__ == "__main__":
    main()
