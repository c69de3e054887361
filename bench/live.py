"""Issue 19's targets as a learner feels them: the live view (ui/live_view.py, static/live/) stepped,
dragged and committed in Debian's chromium against a real `streamlit run`, timed inside the page.

    python bench/live.py [--repeats 6] [--examples default large] [--only step drag ...]

The rows (issue 19, "Targets"), on the default example and at the page limits (bench/cases.py; the
limits arrive as an uploaded state file, as in bench/browser.py):
- step: the → key and a click on "next ›" on the cell page, and → on the sequence page, to the
  frame that paints the new step: the label and every view (the diagram's title, the equations'
  numbers for the followed unit, the number lines; on the sequence page the heatmaps' outline and
  alt text). Against the floor's key press: <= 0.3x (default), <= 0.5x (limits).
- drag: the followed unit's W_iz[u, 0] slider dragged to and fro by a 100 Hz mouse (>= 60 input
  events a drag), on the cell page and on the edit page (where every heatmap repaints): each input
  event to the frame that paints its value, p95 of the pooled events: <= 16.7 ms, <= 33.4 ms.
- presses: 20 → presses in one second (at the default example's 12 steps the walk turns at the
  end): every press applied (the label read after each), and after the pause the link's step.
- release: letting go of that slider to the ?s= link holding the new weight, against the floor's
  slider (bench/floor_app.py ?control=slider): <= 1.5x, <= 2x.
- table: a weight typed into the edit page's update-gate table, Enter, to the live heatmaps
  showing it (their tooltip over the cell it moves most), against the floor's data editor:
  <= 1.3x, <= 2x.
- switch: every page by the sidebar's links in turn, to its heading, every chart it ends with and
  its live view drawn, against the floor's page switch: <= 2x (default example). Its lower bound:
  each lesson page's own Plotly figures alone on a bare page of the floor app (bench/figure_floor.py),
  switched to the same way; above 2x, no page that draws those figures with Plotly can meet it. And
  each lesson page's first screen alone: what the app sent for it, sent again by the floor app with
  no Python run behind it; above 2x, no page that shows that first screen can meet it.
- load: a shared link (at the limits, the store's reference) opened in a new tab on a warm server,
  to the cell page's live view at the link's step, against the floor's first load: <= 1.5x, <= 2x.
- server: the frames the browser sends while the presses step (0 until the pause), and the
  server's CPU meanwhile (/proc/<pid>/stat) beside as long idle: no run per step.
The row "40 sessions" is bench/load.py's; the table gives its command.

The clock is the page's own (performance.now()). An interaction is timed from its DOM event's
timeStamp (keydown, click, pointerup; a drag's input events) to the first frame that shows the
expected numbers: checked in requestAnimationFrame, read after that frame (a message posted from
the frame's callback is handled once the frame is done). A first load runs from the navigation's
start (the page's time origin). The floors are timed the same way in the same browser, so
Playwright's own round trips are in neither side. Two frame floors say what no page can beat here:
a key press that changes nothing, and a bare range input dragged on the same page, each to its
next frame. Each row is the median (and p95) of --repeats uses after one warm-up; drags pool their
input events. BENCH_DEBUG=1 prints the traceback of a row that could not be measured.
"""

import argparse
import os
import pathlib
import sys
import tempfile
import time
import traceback
from urllib.parse import urlparse

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The servers' store for links too large to carry their state (lessons.store): one of the bench's
# own, which the bench reads to decode the link at the page limits.
os.environ.setdefault("GRU_VIZ_STORE", str(pathlib.Path(tempfile.mkdtemp(prefix="bench-live-")) / "store.sqlite3"))

from bench import cases, figure_floor  # noqa: E402  (after the path and the store)
from bench.live_floors import figures_alone, floor_times  # noqa: E402
from bench.live_parts import (  # noqa: E402
    drags,
    first_loads,
    frame_floors,
    page_switches,
    presses,
    steps,
    table_edits,
)
from bench.live_rows import rows  # noqa: E402
from bench.live_session import open_example, step_probe, visit  # noqa: E402
from bench.live_targets import FLOORS, PARTS  # noqa: E402
from lessons.links import to_link  # noqa: E402
from lessons.store import EmbeddedStore  # noqa: E402
from tests.servers import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

# ---- the run ------------------------------------------------------------------------------------------


def measure(repeats, examples, parts, log=print):
    """{row key: what its part returns, or the text of why it was not measured}."""
    from playwright.sync_api import sync_playwright

    results = {}
    store = EmbeddedStore(os.environ["GRU_VIZ_STORE"])
    fewer = max(3, repeats // 2)  # drags (each >= 60 events) and press rounds
    laps = max(2, repeats // 3)  # of every page
    drawn = {}
    if "switch" in parts:  # the floor app's pages of the lesson pages' figures and first screens (lower bounds)
        figures = pathlib.Path(os.environ["GRU_VIZ_STORE"]).with_name("figures.json")
        drawn = figure_floor.write_pages(figures)
        os.environ["FLOOR_FIGURES"] = str(figures)
    floor_server, floor_url = start_server(ROOT / "bench" / "floor_app.py")
    app_server, app_url = start_server(ROOT / "app.py")

    def attempt(key, run):
        began = time.perf_counter()
        try:
            results[key] = run()
        except Exception as exc:  # the row says so; the others go on
            if os.environ.get("BENCH_DEBUG"):
                traceback.print_exc()
            results[key] = cases.not_measured(exc)
        log(f"  {' '.join(key):40s} {time.perf_counter() - began:5.1f} s")

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for control, (_, judged) in FLOORS.items():
                if judged & parts:
                    attempt(("floor", control), lambda c=control: floor_times(browser, floor_url, c, repeats))
            if drawn:
                attempt(("figures", "default"), lambda: figures_alone(browser, floor_url, drawn["figures"], laps))
                screens = {f"{path}_screen": n for path, n in drawn["screens"].items()}
                attempt(("screens", "default"), lambda: figures_alone(browser, floor_url, screens, laps, in_turn=True))
            for example in examples:
                try:
                    session = open_example(browser, app_url, store, example)
                except Exception as exc:
                    results[("open", example)] = cases.not_measured(exc)
                    continue
                if parts & {"step", "drag"}:
                    attempt(("frames", example), lambda: frame_floors(session, repeats))
                if "step" in parts:
                    attempt(("step key cell", example), lambda: steps(session, "cell", "key", repeats))
                    attempt(("step click cell", example), lambda: steps(session, "cell", "click", repeats))
                if "presses" in parts:
                    attempt(("presses", example), lambda: presses(session, app_server.pid, fewer))
                if parts & {"drag", "release"}:
                    attempt(("drag cell", example), lambda: drags(session, "cell", fewer))
                if "step" in parts:
                    visit(session, "sequence", "Over the whole sequence")
                    attempt(("step key sequence", example), lambda: steps(session, "sequence", "key", repeats))
                if parts & {"drag", "release", "table"}:
                    visit(session, "edit", "Inputs and weights")
                if parts & {"drag", "release"}:
                    attempt(("drag edit", example), lambda: drags(session, "edit", fewer))
                if "table" in parts:
                    attempt(("table", example), lambda: table_edits(session, repeats))
                if "switch" in parts and example == "default":
                    attempt(("switch", example), lambda: page_switches(session, laps))
                if "load" in parts:
                    if example == "default":  # a link to the default example at another step
                        shared = cases.default_state().with_changes(step=5)
                        link = f"{app_url}/cell?s={to_link(shared, store)}"
                    else:  # the session's own: a reference into the store
                        shared, link = session.state(), f"{app_url}/cell?{urlparse(session.page.url).query}"
                    probe = step_probe("cell", shared)
                    attempt(("load", example), lambda: first_loads(browser, link, "step", probe, repeats))
                session.close()
            browser.close()
    finally:
        stop_server(floor_server)
        stop_server(app_server)
    return results, {"fewer": fewer, "laps": laps}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=6,
                        help="timed uses per row after one warm-up (default 6); drags and press rounds use half as "
                             "many (at least 3), page switches a third (at least 2 laps of every page)")
    parser.add_argument("--examples", nargs="+", default=list(cases.EXAMPLES), choices=cases.EXAMPLES)
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS), help="only these parts")
    options = parser.parse_args()
    began = time.perf_counter()
    results, counts = measure(options.repeats, options.examples, set(options.only))
    load = os.getloadavg()
    print(f"{options.repeats} repeats each ({counts['fewer']} drags and press rounds, {counts['laps']} laps of the "
          f"pages); ratio = median / the median of the floor with the same control, same run, both timed in the "
          f"page; {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{time.perf_counter() - began:.0f} s")
    cases.print_rows(rows(results, options.examples))


if __name__ == "__main__":
    main()
